"""The admin reads in Korean for Korean supervisors (django-axes' screens and Django's newest
strings included), and a category's case fields are edited with a form, not raw JSON."""

import pytest
from django.urls import reverse

from catalog.models import Category
from tests.factories import UserFactory

ENGLISH = [
    "Access attempts",
    "Access logs",
    "Axes",
    "Select an option",
    "Filter by",
    "Attempt Time",
]


@pytest.fixture
def supervisor_client(client, reference_data):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    client.cookies["django_language"] = "ko"
    return client


@pytest.mark.parametrize(
    "url",
    [
        "admin:index",
        "admin:axes_accessattempt_changelist",
        "admin:axes_accesslog_changelist",
        "admin:tickets_ticket_changelist",
        "admin:faq_article_changelist",
    ],
)
def test_korean_admin_pages_carry_no_english_interface_words(supervisor_client, url):
    page = supervisor_client.get(reverse(url), HTTP_ACCEPT_LANGUAGE="ko").text
    assert "로그인 시도" in page
    assert [word for word in ENGLISH if word in page] == []


def test_a_categorys_case_fields_are_chosen_and_ordered_in_a_form(supervisor_client):
    category = Category.objects.get(slug="delivery")
    url = reverse("admin:catalog_category_change", args=[category.pk])
    page = supervisor_client.get(url).text
    assert 'name="fields"' not in page  # no raw JSON box
    assert 'name="ask_order_number"' in page and 'name="order_tracking_number"' in page
    form = {
        "slug": "delivery",
        "name_ko": "배송",
        "name_en": "Delivery",
        "audience": category.audience,
        "queue": category.queue_id,
        "default_priority": "normal",
        "sort_order": 0,
        "is_active": "on",
        "ask_tracking_number": "required",
        "order_tracking_number": "1",
        "ask_order_number": "optional",
        "order_order_number": "2",
        "ask_amount": "optional",  # no place given: after the others
        "ask_product_name": "",
        "order_product_name": "1",  # a place for a detail not asked changes nothing
    }
    response = supervisor_client.post(url, form)
    assert response.status_code == 302, response.text[:2000]
    category.refresh_from_db()
    assert category.fields == [
        {"name": "tracking_number", "required": True},
        {"name": "order_number", "required": False},
        {"name": "amount", "required": False},
    ]
    page = supervisor_client.get(url).text
    assert '<option value="required" selected>' in page
