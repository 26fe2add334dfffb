"""The inquiry form on a phone and with mistakes, in the real browser: at 390 px the suggested
answers appear right after the description being typed, above the send button; a submit
with missing fields lists them above the form and marks each, naming it (Korean and
English); axe-clean, desktop and phone screenshots."""

import re

import pytest
from playwright.sync_api import expect

from catalog import calendar as cal
from tickets.models import Ticket

from .conftest import check_accessibility, login

WORDS = {
    "ko": {
        "body": "어떤 일이 있었나요?",
        "typed": "환불",
        "answer": "환불은 언제 들어오나요?",
        "send": "문의 보내기",
        "summary": "입력 항목 3개를 확인해 주세요",
        "order": "주문번호: 입력해 주세요.",
        "subject": "제목: 입력해 주세요.",
        "amount": "금액 (원): 입력해 주세요.",
        "required": "(필수)",
    },
    "en": {
        "body": "What happened?",
        "typed": "refund",
        "answer": "When will I get my refund?",
        "send": "Send inquiry",
        "summary": "Please check 3 fields",
        "order": "Order number: Please fill this in.",
        "subject": "Subject: Please fill this in.",
        "amount": "Amount (won): Please fill this in.",
        "required": "(required)",
    },
}


@pytest.fixture(autouse=True)
def _fresh_calendars():
    cal.forget_cached()
    yield
    cal.forget_cached()


def open_form(page, language):
    login(page, "buyer2")
    page.goto(page.base + "/tickets/new/")
    if language == "en":
        with page.expect_navigation():
            page.select_option("#language-select", "en")


def pick_refund(page):
    with page.expect_response(re.compile(r"/tickets/new/\?category=")):
        page.locator("input[name=category][value=refund]").check()
    page.wait_for_selector("#case-fields:not([hidden])")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ko", "en"])
def test_on_a_phone_suggestions_appear_under_the_description_before_the_send_button(
    page, people, language
):
    words = WORDS[language]
    page.set_viewport_size({"width": 390, "height": 844})
    open_form(page, language)
    body = page.get_by_label(words["body"])
    body.click()
    body.press_sequentially(words["typed"], delay=30)
    panel = page.locator("section.suggestions")
    link = panel.get_by_role("link", name=re.compile(re.escape(words["answer"])))
    expect(link).to_be_visible()
    body_box = body.bounding_box()
    panel_box = panel.bounding_box()
    send_box = page.get_by_role("button", name=words["send"]).bounding_box()
    assert body_box and panel_box and send_box
    # Directly after the typed field (within a line's gap) and above the send button.
    assert 0 <= panel_box["y"] - (body_box["y"] + body_box["height"]) <= 40
    assert panel_box["y"] + panel_box["height"] <= send_box["y"]
    following = page.evaluate(
        "() => document.getElementById('id_body').closest('.field').nextElementSibling.className"
    )
    assert "suggestions" in following
    page.set_viewport_size({"width": 1280, "height": 900})
    check_accessibility(page, f"inquiry-suggestions-{language}")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ko", "en"])
def test_a_submit_with_missing_fields_lists_and_marks_each_by_name(page, people, language):
    words = WORDS[language]
    open_form(page, language)
    pick_refund(page)
    subject_label = page.locator("label[for=id_subject]")
    expect(subject_label).to_contain_text(words["required"])
    expect(page.locator("#id_subject")).to_have_attribute("aria-required", "true")
    page.get_by_label(words["body"]).fill("Still nothing on my card.")
    page.locator("#id_details-payment_method").select_option("card")
    page.get_by_role("button", name=words["send"]).click()
    page.wait_for_load_state()

    summary = page.locator("#error-summary")
    expect(summary.get_by_role("heading")).to_have_text(words["summary"])
    for text in (words["order"], words["amount"], words["subject"]):
        expect(summary.get_by_role("link", name=text)).to_be_visible()
    order = page.locator("#id_details-order_number")
    expect(order).to_have_attribute("aria-invalid", "true")
    expect(order).to_have_accessible_description(re.compile(re.escape(words["order"])))
    expect(page.locator("#id_details-order_number_error")).to_have_text(words["order"])
    summary.get_by_role("link", name=words["subject"]).click()
    expect(page.locator("#id_subject")).to_be_focused()
    assert not Ticket.objects.exists()
    check_accessibility(page, f"inquiry-errors-{language}")
