"""The inquiry form says which fields are required (in words and to screen readers), names the
field in each error, ties the error to it and lists every problem above the form, linking to
each field; the suggested answers come right after the description, before the send button."""

import re

import pytest

from tickets.models import Ticket

HOST = {"HTTP_HOST": "testserver"}


@pytest.fixture
def buyer_client(client, people):
    client.force_login(people["buyer2"])
    return client


def tag(html, element_id):
    match = re.search(rf'<(?:input|textarea|select)[^>]*id="{element_id}"[^>]*>', html)
    assert match, element_id
    return match.group(0)


def test_required_fields_are_marked_in_words_and_for_screen_readers(buyer_client):
    html = buyer_client.get("/tickets/new/?category=refund", **HOST).content.decode()
    assert re.search(
        r'<label for="id_subject">제목 <span class="required-mark">\(필수\)</span>', html
    )
    assert re.search(
        r'<label for="id_details-order_number">주문번호 <span class="required-mark">\(필수\)', html
    )
    for element_id in ("id_subject", "id_body", "id_details-order_number", "id_details-amount"):
        field = tag(html, element_id)
        assert " required" in field and 'aria-required="true"' in field
    assert "required" not in tag(html, "id_attachments")
    label = re.search(r'<label for="id_attachments">(.*?)</label>', html).group(1)
    assert label == "사진 또는 문서" or "필수" not in label


@pytest.mark.parametrize(
    ("language", "title", "order", "subject"),
    [
        ("ko", "입력 항목 3개를 확인해 주세요", "주문번호: 입력해 주세요.", "제목: 입력해 주세요."),
        (
            "en",
            "Please check 3 fields",
            "Order number: Please fill this in.",
            "Subject: Please fill this in.",
        ),
    ],
)
def test_a_submit_with_missing_fields_lists_them_above_and_marks_each(
    buyer_client, language, title, order, subject
):
    data = {
        "submission_id": "00000000-0000-4000-8000-000000000001",
        "category": "refund",
        "body": "환불이 안 됐어요",
        "details-payment_method": "card",
    }
    response = buyer_client.post(
        "/tickets/new/", data, headers={"Accept-Language": language}, **HOST
    )
    html = response.content.decode()
    assert response.status_code == 200 and not Ticket.objects.exists()
    summary = html.split('id="error-summary"')[1].split("</div>")[0]
    assert title in summary
    assert f'<a href="#id_details-order_number">{order}</a>' in summary
    assert f'<a href="#id_subject">{subject}</a>' in summary
    assert summary.index("id_details-order_number") < summary.index("id_subject")  # page order
    field = tag(html, "id_details-order_number")
    assert 'aria-invalid="true"' in field
    assert 'aria-describedby="id_details-order_number_helptext id_details-order_number_error"' in (
        field
    )
    assert f'<ul class="errorlist" id="id_details-order_number_error"><li>{order}</li>' in html
    assert 'aria-invalid="true"' not in tag(html, "id_body")


def test_a_format_error_names_its_field(buyer_client):
    data = {
        "submission_id": "00000000-0000-4000-8000-000000000002",
        "category": "refund",
        "subject": "환불",
        "body": "환불이 안 됐어요",
        "details-order_number": "12-34",
        "details-payment_method": "card",
        "details-amount": "12000",
    }
    html = buyer_client.post("/tickets/new/", data, **HOST).content.decode()
    assert (
        '<a href="#id_details-order_number">주문번호: 주문 내역에 표시된 주문번호를 숫자 8~20자리로'
        in html
    )


def test_without_a_category_the_summary_links_to_the_first_choice(buyer_client):
    data = {"submission_id": "00000000-0000-4000-8000-000000000003", "subject": "문의"}
    html = buyer_client.post("/tickets/new/", data, **HOST).content.decode()
    summary = html.split('id="error-summary"')[1].split("</div>")[0]
    assert '<a href="#category-delivery">어떤 문의인가요?: ' in summary
    assert '<a href="#id_body">어떤 일이 있었나요?: 입력해 주세요.</a>' in summary
    assert 'id="category-delivery"' in html
    assert 'role="radiogroup" aria-required="true" aria-invalid="true"' in html


def test_the_suggestions_come_after_the_description_and_before_the_send_button(buyer_client):
    html = buyer_client.get("/tickets/new/?category=refund", **HOST).content.decode()
    body = html.index('id="id_body"')
    suggestions = html.index('id="faq-suggestions"')
    category = html.index('id="category-suggestion"')
    attachments = html.index('id="id_attachments"')
    send = html.index("문의 보내기</button>")
    assert body < suggestions < category < attachments < send
    panel = html[suggestions : suggestions + 400]
    assert "from:#id_body" in panel and "#id_body" in panel.split("hx-include=")[1]


def test_suggestions_follow_the_description_while_the_subject_is_empty(client, reference_data):
    response = client.get(
        "/faq/suggest/", {"subject": "", "body": "환불"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "suggestion-list" in response.content.decode()
