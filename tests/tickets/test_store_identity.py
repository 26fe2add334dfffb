"""A store's identity is unambiguous: no newcomer can take over another store's inquiries by
signing up with its name as their seller ID, and an inquiry names exactly one store."""

import pytest
from django.contrib import admin
from django.db import IntegrityError, transaction
from django.test import RequestFactory
from django.utils import translation

from accounts import services as accounts_services
from accounts.models import Store, User
from catalog.models import Category
from tests.factories import StoreFactory, UserFactory
from tickets import services
from tickets.details import find_store

HOST = {"HTTP_HOST": "127.0.0.1"}


def seller_signup(**overrides):
    return {
        "role": "seller",
        "username": "newcomer",
        "display_name": "Newcomer",
        "email": "newcomer@example.com",
        "preferred_language": "en",
        "store_name": "Brand New Shop",
        "seller_id": "brand-new",
        "password1": "a-long-Passw0rd!",
        "password2": "a-long-Passw0rd!",
        **overrides,
    }


@pytest.fixture
def shop_x(reference_data):
    return StoreFactory(name="shopX", seller_id="shop-x-original")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("seller_id", "shopx"),  # another store's name, in another case
        ("seller_id", "shop-x-original"),  # another store's ID
        ("store_name", "SHOPX"),  # another store's name
        ("store_name", "Shop-X-Original"),  # another store's ID
    ],
)
def test_signup_refuses_a_seller_id_or_store_name_another_store_answers_to(
    client, shop_x, field, value
):
    response = client.post(
        "/accounts/signup/", seller_signup(**{field: value}), HTTP_ACCEPT_LANGUAGE="en", **HOST
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "already taken" in response.text
    assert not User.objects.filter(username="newcomer").exists()
    assert Store.objects.count() == 1


def test_the_refusal_is_translated(client, shop_x):
    response = client.post(
        "/accounts/signup/", seller_signup(seller_id="shopx"), HTTP_ACCEPT_LANGUAGE="ko", **HOST
    )
    with translation.override("ko"):
        expected = translation.gettext(
            "This seller ID is already taken by another store's ID or name."
        )
    assert expected != "This seller ID is already taken by another store's ID or name."
    assert response.context["form"].errors["seller_id"] == [expected]


def test_the_service_refuses_a_clash_whatever_interface_calls_it(shop_x):
    with pytest.raises(accounts_services.StoreIdentityTaken) as refused:
        accounts_services.register_person(
            username="newcomer",
            password="a-long-Passw0rd!",
            email="n@example.com",
            display_name="N",
            role="seller",
            preferred_language="en",
            store_name="Another",
            seller_id="ShopX",
        )
    assert refused.value.field == "seller_id"
    assert not User.objects.filter(username="newcomer").exists()


def test_the_database_keeps_ids_and_names_unique_in_any_case(shop_x):
    with pytest.raises(IntegrityError), transaction.atomic():
        StoreFactory(name="SHOPX")
    with pytest.raises(IntegrityError), transaction.atomic():
        StoreFactory(seller_id="SHOP-X-ORIGINAL")


def test_the_admin_refuses_a_store_named_like_another_stores_id(shop_x):
    model_admin = admin.site._registry[Store]
    request = RequestFactory().post("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    form_class = model_admin.get_form(request)
    form = form_class(
        {
            "name": "shop-x-original",
            "seller_id": "other",
            "owner": UserFactory(seller=True).pk,
            "answer_target_minutes": 60,
        }
    )
    assert not form.is_valid() and "name" in form.errors


def test_the_attack_fails_a_buyers_inquiry_naming_shopx_reaches_shopx(client, shop_x, people):
    client.post("/accounts/signup/", seller_signup(seller_id="shopx"), **HOST)
    intake = services.open_ticket(
        requester=people["buyer"],
        category=Category.objects.get(slug="delivery"),
        subject="Where is my parcel",
        body="Nothing for a week.",
        details={"order_number": "2026111412345678", "store_id": "shopX"},
    )
    assert intake.ticket.store == shop_x


def test_a_value_that_is_one_stores_id_and_anothers_name_names_no_store(shop_x, people):
    # Older data can hold such a pair (the database cannot compare an ID with a name).
    Store.objects.create(name="Other", seller_id="shopx", owner=UserFactory(seller=True))
    assert find_store("shopx") is None
    assert find_store("shop-x-original") == shop_x
    with pytest.raises(services.InvalidTicket) as refused:
        services.open_ticket(
            requester=people["buyer"],
            category=Category.objects.get(slug="delivery"),
            subject="Where is my parcel",
            body="Nothing for a week.",
            details={"order_number": "2026111412345678", "store_id": "ShopX"},
        )
    assert "details.store_id" in refused.value.errors


def test_the_inquiry_form_offers_stores_by_id_with_their_name(client, shop_x, people):
    response = client.get("/tickets/new/?category=delivery", **HOST)
    assert '<option value="shop-x-original">shopX (shop-x-original)</option>' in response.text
