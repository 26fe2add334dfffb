"""Categories, FAQ and contact channels: what callers read before they write."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from catalog import calendar
from faq.models import Article, SearchLog
from tests.reference import CATEGORIES, CHANNELS

from .helpers import client_for, error_of

SEOUL = ZoneInfo("Asia/Seoul")
SELLER_CATEGORIES = {"seller-registration", "sales-statistics", "marketing-ads"}


def test_buyers_and_guests_get_the_buyer_categories_with_their_fields(people):
    for api in (client_for(None), client_for(people["buyer"])):
        response = api.get("/api/v1/categories/")
        assert response.status_code == 200
        slugs = [category["slug"] for category in response.json()]
        assert "delivery" in slugs and "feedback" in slugs
        assert not SELLER_CATEGORIES & set(slugs)
    delivery = next(c for c in response.json() if c["slug"] == "delivery")
    assert delivery["name"] == "Delivery"
    fields = {field["name"]: field for field in delivery["fields"]}
    assert list(fields) == ["order_number", "store_id", "tracking_number", "product_name"]
    assert fields["order_number"]["required"] is True
    assert fields["tracking_number"]["required"] is False
    assert fields["order_number"]["label"] == "Order number"


def test_sellers_also_get_the_seller_categories(people):
    slugs = {c["slug"] for c in client_for(people["seller"]).get("/api/v1/categories/").json()}
    assert slugs == set(CATEGORIES)  # the buyers' ones and the sellers' own
    assert slugs >= SELLER_CATEGORIES


def test_categories_speak_the_language_asked_for(people):
    korean = client_for(None, "ko").get("/api/v1/categories/").json()
    payment = next(c for c in korean if c["slug"] == "payment")
    assert payment["name"] == "결제"
    method = next(f for f in payment["fields"] if f["name"] == "payment_method")
    assert method["label"] == "결제 수단"
    assert {"value": "card", "label": "신용·체크카드"} in method["choices"]


def test_faq_lists_searches_and_reads_articles(people):
    api = client_for(None)
    listing = api.get("/api/v1/faq/articles/")
    assert listing.status_code == 200
    assert (
        listing.json()["count"]
        == Article.objects.filter(is_published=True).exclude(audience="seller").count()
    )
    found = api.get("/api/v1/faq/articles/", {"search": "parcel late"}).json()["results"]
    assert found[0]["slug"] == "delivery-delay"  # best first
    assert all(article["category"] == "delivery" for article in found)
    nothing = api.get("/api/v1/faq/articles/", {"search": "zebra xylophone"}).json()
    assert nothing["results"] == []
    assert SearchLog.objects.filter(source=SearchLog.Source.API).exists()
    korean = client_for(None, "ko").get("/api/v1/faq/articles/", {"search": "배송지"}).json()
    assert "change-address" in {article["slug"] for article in korean["results"]}
    article = api.get("/api/v1/faq/articles/delivery-delay/").json()
    assert article["question"] == "My parcel is late. What can I do?"
    assert article["category"] == "delivery"


def test_unpublished_and_seller_articles_are_404_for_buyers(people):
    api = client_for(people["buyer"])
    assert api.get("/api/v1/faq/articles/delivery-delay/").status_code == 200
    Article.objects.filter(slug="delivery-delay").update(is_published=False)
    assert api.get("/api/v1/faq/articles/delivery-delay/").status_code == 404
    seller_article = Article.objects.get(slug="open-a-store", audience="seller")
    assert api.get(f"/api/v1/faq/articles/{seller_article.slug}/").status_code == 404
    seller = client_for(people["seller"])
    assert seller.get(f"/api/v1/faq/articles/{seller_article.slug}/").status_code == 200


def test_a_reader_says_whether_an_article_helped_once(people):
    url = "/api/v1/faq/articles/delivery-delay/vote/"
    before = Article.objects.get(slug="delivery-delay")
    helped = client_for(None).post(url, {"helpful": True}, format="json")
    buyer = client_for(people["buyer"])
    not_helped = buyer.post(
        url, {"helpful": False, "comment": "Did not cover returns"}, format="json"
    )
    assert helped.status_code == not_helped.status_code == 200
    article = Article.objects.get(slug="delivery-delay")
    assert (article.helpful_count, article.not_helpful_count) == (
        before.helpful_count + 1,
        before.not_helpful_count + 1,
    )
    assert not_helped.json() == {
        "helpful_count": article.helpful_count,
        "not_helpful_count": article.not_helpful_count,
    }
    again = buyer.post(url, {"helpful": True}, format="json")
    assert again.status_code == 400
    assert error_of(again)[0] == "invalid_state"
    assert Article.objects.get(slug="delivery-delay").helpful_count == article.helpful_count


def test_a_vote_needs_to_say_helpful_or_not(people):
    api = client_for(None)
    bad = api.post("/api/v1/faq/articles/delivery-delay/vote/", {}, format="json")
    assert bad.status_code == 400
    assert list(error_of(bad)[1]) == ["helpful"]
    missing = api.post(
        "/api/v1/faq/articles/no-such-article/vote/", {"helpful": True}, format="json"
    )
    assert missing.status_code == 404


def test_contact_channels_by_category_with_open_now(people):
    api = client_for(None)
    everything = api.get("/api/v1/contacts/channels/").json()
    assert {c["slug"] for c in everything} == set(CHANNELS)
    refund = api.get("/api/v1/contacts/channels/", {"category": "refund"}).json()
    assert {c["slug"] for c in refund} == {"online", "phone", "chat", "email"}
    assert all("refund" in c["categories"] for c in refund)
    phone = next(c for c in refund if c["slug"] == "phone")
    assert phone["expected_wait_minutes"] == 12


@pytest.mark.parametrize(
    ("moment", "phone_open"),
    [
        (datetime(2026, 11, 23, 10, 0, tzinfo=SEOUL), True),  # Monday morning
        (datetime(2026, 11, 23, 19, 0, tzinfo=SEOUL), False),  # Monday evening
        (datetime(2026, 11, 22, 10, 0, tzinfo=SEOUL), False),  # Sunday
    ],
)
def test_channels_say_whether_they_are_open_now(people, time_machine, moment, phone_open):
    calendar.forget_cached()
    time_machine.move_to(moment, tick=False)
    channels = {c["slug"]: c for c in client_for(None).get("/api/v1/contacts/channels/").json()}
    assert channels["phone"]["is_open_now"] is phone_open
    assert channels["online"]["is_open_now"] is True  # no opening hours: open at any hour


def test_an_unknown_category_for_channels_is_a_field_error(db):
    response = client_for(None).get("/api/v1/contacts/channels/", {"category": "nope"})
    assert response.status_code == 400
    assert list(error_of(response)[1]) == ["category"]
