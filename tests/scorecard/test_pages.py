"""The scorecard on the seller's page, the help center's ranking of stores (page and CSV)
and a store's page: who may open them, what they show, what they never show."""

import csv
import io

import pytest

from audit.models import AuditEntry
from reports import views
from tests.factories import QueueFactory, UserFactory, member

from .conftest import PRIVATE


def test_the_seller_sees_their_scorecard_and_the_inquiries_waiting_by_time_left(client, busy):
    client.force_login(busy.store.owner)
    response = client.get("/tickets/stats/")
    assert response.status_code == 200
    scorecard = response.context["scorecard"]
    # 30, 90 on time; 2,000 late; the overdue one counts late; the others are not due yet.
    assert (scorecard.on_time_30d.counted, scorecard.on_time_30d.on_time) == (4, 2)
    assert (scorecard.median_first_answer_minutes, scorecard.escalations) == (90, 1)
    assert (scorecard.open.overdue, scorecard.open.soon, scorecard.open.later) == (1, 1, 1)
    html = response.text
    # Each waiting inquiry links to the seller's ticket page, under its time-left heading,
    # and the count cards link to those headings.
    overdue_at = html.index('id="left-overdue"')
    soon_at = html.index('id="left-soon"')
    later_at = html.index('id="left-later"')
    assert overdue_at < html.index(f'href="/tickets/{busy.overdue.reference}/"') < soon_at
    assert soon_at < html.index(f'href="/tickets/{busy.soon.reference}/"') < later_at
    assert later_at < html.index(f'href="/tickets/{busy.tomorrow.reference}/"')
    assert 'href="#left-overdue"' in html and 'href="#left-today"' not in html
    assert "50%" in html  # 2 of 4 on time
    assert "1시간 30분" in html  # the median, 90 business minutes, in Korean
    for secret in PRIVATE:
        assert secret not in html


def test_the_seller_page_speaks_english_too(client, busy):
    client.force_login(busy.store.owner)
    html = client.get("/tickets/stats/", HTTP_ACCEPT_LANGUAGE="en").text
    for text in ("Scorecard", "Answered on time", "Due within 2 business hours", "1 h 30 min"):
        assert text in html, text


def test_the_seller_cannot_open_another_store_and_staff_and_buyers_get_404(client, busy):
    client.force_login(busy.store.owner)
    assert client.get("/tickets/stats/?store=other-shop").status_code == 404
    assert client.get("/tickets/stats/?store=haru-living").status_code == 200
    for person in (busy.buyer, UserFactory(agent=True), UserFactory(supervisor=True)):
        client.force_login(person)
        assert client.get("/tickets/stats/").status_code == 404


# --- The ranking ----------------------------------------------------------------------------


@pytest.fixture
def supervisor(db):
    return UserFactory(supervisor=True, preferred_language="ko")


def _names(response):
    return [row.store.seller_id for row in response.context["page"]]


def test_stores_are_ranked_by_their_share_answered_on_time_in_30_days(client, busy, supervisor):
    client.force_login(supervisor)
    response = client.get("/agent/reports/stores/")
    assert response.status_code == 200
    # 100%, then 50%, then the store with nothing counted (a dash) last.
    assert _names(response) == ["other-shop", "haru-living", "quiet-store"]
    assert [row.rank for row in response.context["page"]] == [1, 2, 3]
    html = response.text
    assert 'aria-sort="descending"' in html
    assert 'href="/agent/reports/stores/haru-living/"' in html
    ascending = client.get("/agent/reports/stores/?sort=on_time_30d")
    assert _names(ascending) == ["haru-living", "other-shop", "quiet-store"]
    by_overdue = client.get("/agent/reports/stores/?sort=-overdue")
    assert _names(by_overdue)[0] == "haru-living"
    by_name = client.get("/agent/reports/stores/?sort=store")
    assert _names(by_name) == ["other-shop", "quiet-store", "haru-living"]  # O < Q < 하


def test_a_bad_sort_is_explained(client, busy, supervisor):
    client.force_login(supervisor)
    response = client.get("/agent/reports/stores/?sort=password")
    assert response.status_code == 400
    assert "정렬할 열을 고르세요" in response.text


def test_the_ranking_comes_a_page_at_a_time(client, busy, supervisor, monkeypatch):
    monkeypatch.setattr(views, "RANKING_PAGE_SIZE", 2)
    client.force_login(supervisor)
    first = client.get("/agent/reports/stores/")
    second = client.get("/agent/reports/stores/?page=2")
    assert _names(first) == ["other-shop", "haru-living"]
    assert _names(second) == ["quiet-store"]
    assert [row.rank for row in second.context["page"]] == [3]
    assert 'href="?sort=-on_time_30d&amp;page=2"' in first.text


def test_the_csv_has_the_pages_columns_for_every_store_and_nothing_about_buyers(
    client, busy, supervisor
):
    busy.quiet_store.name = "=HYPERLINK(1)"
    busy.quiet_store.save()
    client.force_login(supervisor)
    page = client.get("/agent/reports/stores/")
    response = client.get("/agent/reports/stores/?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="stores-20261130')
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    headings = [str(column.label) for column, _link in page.context["columns"]]
    assert rows[0][0] == "순위"
    assert [h.split(" (")[0] for h in rows[0][1:]] == headings
    assert rows[0][3] == "답변 기한 준수율, 30일 (%)"
    by_id = {row[2]: row for row in rows[1:]}
    assert by_id["haru-living"][:9] == [
        "2",
        "하루살림",
        "haru-living",
        "50.0",
        "4",
        "0.0",
        "50.0",
        "90",
        "1",
    ]
    assert by_id["haru-living"][9:] == ["5.0", "100.0", "3", "3", "1"]
    assert by_id["quiet-store"][1] == "'=HYPERLINK(1)"  # a spreadsheet reads it as text
    assert by_id["quiet-store"][3:5] == ["", "0"]
    for secret in (*PRIVATE, "buyer@", "@example.com"):
        assert secret not in text
    entry = AuditEntry.objects.get(object_id="stores")
    assert entry.actor == supervisor and "3 rows" in entry.summary


def test_the_reports_page_links_to_the_ranking(client, busy, supervisor):
    client.force_login(supervisor)
    assert 'href="/agent/reports/stores/"' in client.get("/agent/reports/").text


@pytest.mark.parametrize("url", ["/agent/reports/stores/", "/agent/reports/stores/haru-living/"])
def test_sellers_and_buyers_are_refused_like_the_rest_of_the_workspace(client, busy, url):
    for person in (busy.store.owner, busy.buyer):
        client.force_login(person)
        assert client.get(url).status_code == 403
        assert client.get(f"{url}?format=csv").status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


# --- A store's page -------------------------------------------------------------------------


def test_a_supervisor_sees_the_stores_scorecard_and_its_overdue_inquiries(client, busy, supervisor):
    client.force_login(supervisor)
    response = client.get("/agent/reports/stores/haru-living/")
    assert response.status_code == 200
    assert response.context["scorecard"].on_time_30d.share == 0.5
    html = response.text
    assert f'href="/agent/tickets/{busy.overdue.reference}/"' in html
    # Only the overdue ones are listed; the others are counted.
    assert busy.soon.reference not in html and busy.tomorrow.reference not in html
    for secret in PRIVATE:
        assert secret not in html


def test_an_agent_sees_the_figures_but_only_the_inquiries_of_their_queues(client, busy):
    elsewhere = member(UserFactory(agent=True), QueueFactory(slug="voice"))
    client.force_login(elsewhere)
    ranking = client.get("/agent/reports/stores/")
    assert ranking.status_code == 200
    assert _names(ranking) == ["other-shop", "haru-living", "quiet-store"]
    page = client.get("/agent/reports/stores/haru-living/")
    assert page.status_code == 200
    assert page.context["scorecard"].open.overdue == 1
    assert busy.overdue.reference not in page.text  # not in this agent's queues
    assert "1건은 목록에 없습니다" in page.text
    member(elsewhere, busy.category.queue)
    assert busy.overdue.reference in client.get("/agent/reports/stores/haru-living/").text


def test_an_unknown_store_is_a_404(client, busy, supervisor):
    client.force_login(supervisor)
    assert client.get("/agent/reports/stores/no-such-store/").status_code == 404
