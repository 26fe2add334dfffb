"""Claims in the reports: by kind, store and outcome, the median time to refund, late refunds
and automatic acceptances, on the agents' reports and on the store's scorecard."""

from claims import reminders
from claims.reports import claim_report, store_claims
from reports.scorecard import store_scorecard
from reports.selectors import Period

from .conftest import HOST, at, make_claim, moved


def test_the_figures_of_a_period(people, clock):
    seller = people["seller"]
    fast = moved(make_claim(people, kind="cancel", delivered_at=None), ("accepted", seller))
    clock.move_to(at(2026, 11, 30, 16, 0))
    moved(fast, ("refunded", seller))  # 6 hours after the claim
    clock.move_to(at(2026, 11, 30, 10, 0))
    late = moved(
        make_claim(people, kind="cancel", delivered_at=None, order_number="2026112000000002"),
        ("accepted", seller),
    )
    silent = make_claim(people, kind="return", order_number="2026112000000003")
    clock.move_to(at(2026, 12, 3, 11, 0))
    reminders.sweep()  # silent: accepted for the store; late: escalated
    clock.move_to(at(2026, 12, 3, 12, 0))
    moved(late, ("accepted", people["agent"]), ("refunded", people["agent"]))  # 74 hours on
    report = claim_report(at(2026, 11, 30, 0, 0), at(2026, 12, 4, 0, 0))
    assert report.total == 3
    assert dict(report.by_kind)["주문 취소"] == 2 and dict(report.by_kind)["반품"] == 1
    assert dict(report.by_outcome) == {"승인됨": 1, "환불 완료": 2}
    assert [(row.seller_id, row.figures.total) for row in report.by_store] == [("haru-living", 3)]
    assert report.median_hours_to_refund == (6 + 74) / 2
    assert (report.late_refunds, report.auto_accepted) == (1, 1)
    silent.refresh_from_db()
    assert silent.auto_accepted


def test_the_store_scorecard_shows_its_claims_in_one_query_for_every_store(
    client, people, clock, django_assert_num_queries
):
    make_claim(people)
    store = people["seller"].stores.get()
    with django_assert_num_queries(1):
        figures = store_claims(None, since=at(2026, 11, 1, 0, 0))
    assert figures[store.pk].total == 1 and figures[store.pk].open == 1
    assert store_scorecard(store).claims.total == 1
    client.force_login(people["seller"])
    page = client.get("/tickets/stats/", **HOST).content.decode()
    assert "최근 30일 클레임" in page


def test_the_agents_reports_page_shows_the_claims(client, people, clock):
    make_claim(people)
    client.force_login(people["admin"])
    period = Period.last_days(7)
    page = client.get(
        f"/agent/reports/?start={period.first_day}&end={period.last_day}", **HOST
    ).content.decode()
    assert "유형별 클레임" in page and "스토어별 클레임" in page and "하루살림 생활용품" in page
