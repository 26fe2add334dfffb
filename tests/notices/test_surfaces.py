"""A notice shows on every surface it names (help center, its category's FAQ and contact
pages, the inquiry form with its category chosen, the API) and on no other, in Korean and in
English; only while it is shown (started, not ended, resolved less than a day ago)."""

from datetime import timedelta

import pytest

from notices.models import Notice
from tests.factories import ArticleFactory

from .conftest import TUESDAY_10, make_notice

TITLE = {
    "ko": "카드 결제가 14시부터 실패하고 있어요",
    "en": "Card payments have been failing since 14:00",
}
OTHER = {"ko": "en", "en": "ko"}


@pytest.fixture
def payment_article(reference_data):
    return ArticleFactory(slug="card-declined", category=reference_data.categories["payment"])


def get(client, url, language, **headers):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language, **headers)
    assert response.status_code == 200, url
    return response.text


NAMED = [
    "/",
    "/faq/?category=payment",
    "/faq/card-declined/",
    "/contacts/?category=payment",
    "/tickets/new/?category=payment",
]
NOT_NAMED = [
    "/faq/",
    "/faq/?category=delivery",
    "/faq/delivery-delay/",
    "/contacts/",
    "/contacts/?category=delivery",
    "/tickets/new/",
    "/tickets/new/?category=delivery",
]


@pytest.mark.parametrize("language", ["ko", "en"])
def test_a_notice_shows_on_every_surface_it_names_and_on_no_other(
    client, payment_notice, payment_article, language
):
    for url in NAMED:
        html = get(client, url, language)
        assert TITLE[language] in html, url
        assert TITLE[OTHER[language]] not in html, url
    for url in NOT_NAMED:
        html = get(client, url, language)
        assert TITLE[language] not in html, url


@pytest.mark.parametrize("language", ["ko", "en"])
def test_picking_the_category_on_the_form_brings_the_notice_before_writing(
    client, payment_notice, language
):
    htmx = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "case-fields"}
    payment = get(client, "/tickets/new/?category=payment", language, **htmx)
    assert TITLE[language] in payment and 'id="case-fields"' in payment
    delivery = get(client, "/tickets/new/?category=delivery", language, **htmx)
    assert TITLE[language] not in delivery
    situation = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "situation-result"}
    assert TITLE[language] in get(client, "/contacts/?category=payment", language, **situation)


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_api_lists_the_notices_shown_now_by_category(client, payment_notice, language):
    everything = client.get("/api/v1/notices/", HTTP_ACCEPT_LANGUAGE=language).json()
    assert [(n["title"], n["state"], n["categories"]) for n in everything] == [
        (TITLE[language], "investigating", ["payment"])
    ]
    assert client.get("/api/v1/notices/?category=payment").json()[0]["id"] == payment_notice.pk
    assert client.get("/api/v1/notices/?category=delivery").json() == []


def test_the_api_refuses_an_unknown_category_in_its_error_shape(client, payment_notice):
    response = client.get("/api/v1/notices/?category=nope", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"category": ["There is no category “nope”."]}


@pytest.mark.parametrize(
    "fields",
    [
        {"starts_at": TUESDAY_10 + timedelta(minutes=1)},  # not started
        {"ends_at": TUESDAY_10},  # ended
        {"state": Notice.State.RESOLVED, "resolved_at": TUESDAY_10 - timedelta(hours=25)},
    ],
    ids=["not-started", "ended", "resolved-a-day-ago"],
)
def test_a_notice_outside_its_time_shows_nowhere(client, reference_data, payment_article, fields):
    make_notice(reference_data.categories["payment"], **fields)
    for url in NAMED:
        assert TITLE["ko"] not in get(client, url, "ko"), url
    assert client.get("/api/v1/notices/").json() == []


def test_a_resolved_notice_shows_as_resolved_for_a_day(client, reference_data):
    make_notice(
        reference_data.categories["payment"],
        state=Notice.State.RESOLVED,
        resolved_at=TUESDAY_10 - timedelta(hours=23),
    )
    html = get(client, "/faq/?category=payment", "en")
    assert TITLE["en"] in html and "notice-resolved" in html and "Resolved at" in html
    assert client.get("/api/v1/notices/").json()[0]["state"] == "resolved"


def test_a_seller_notice_is_not_on_a_buyers_help_center(client, people, reference_data):
    make_notice(reference_data.categories["sales-statistics"], title_ko="통계 지연 안내")
    assert "통계 지연 안내" not in get(client, "/", "ko")
    client.force_login(people["seller"])
    assert "통계 지연 안내" in get(client, "/", "ko")


def test_a_notices_text_is_shown_inert(client, reference_data):
    make_notice(
        reference_data.categories["payment"],
        title_ko="<script>alert(1)</script>",
        body_ko='<img src=x onerror="alert(1)">',
    )
    html = get(client, "/", "ko")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "<img src=x" not in html
