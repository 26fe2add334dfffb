"""The admin and the API docs in a real browser, axe-clean, in Korean and English: the
supervisor's screens (index, lists with filters, a category's case fields, canned responses,
sign-in attempts) and /api/docs/."""

import pytest
from playwright.sync_api import expect

from catalog.models import Category

from .conftest import check_accessibility, login

PAGES = [
    ("admin", "/admin/"),
    ("admin-categories", "/admin/catalog/category/"),
    ("admin-category", "/admin/catalog/category/{delivery}/change/"),
    ("admin-tickets", "/admin/tickets/ticket/"),
    ("admin-macro-add", "/admin/tickets/macro/add/"),
    ("admin-people", "/admin/accounts/user/"),
    ("admin-sign-in-attempts", "/admin/axes/accessattempt/"),
    ("admin-inbound-mail", "/admin/mail/inboundmessage/"),
]


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.django_db(transaction=True)
def test_the_admin_pages_are_accessible(page, people, language):
    page.context.clear_cookies()
    login(page, "admin")
    if language != "ko":
        with page.expect_navigation():
            page.select_option("#language-select", language)
    delivery = Category.objects.get(slug="delivery").pk
    for name, url in PAGES:
        page.goto(page.base + url.format(delivery=delivery))
        expect(page.locator("#content")).to_be_visible()
        check_accessibility(page, f"{name}-{language}")


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.django_db(transaction=True)
def test_the_api_docs_are_accessible_without_a_csp_error(page, people, language):
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.base}])
    page.goto(page.base + "/api/docs/")
    expect(page.locator(".swagger-ui, #swagger-ui, redoc, .redoc-wrap").first).to_be_visible()
    page.wait_for_timeout(500)
    check_accessibility(page, f"api-docs-{language}")
