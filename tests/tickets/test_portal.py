"""The requester portal pages: who sees what, and what each action changes."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from catalog.models import Category
from outbox.models import OutboundEmail
from tickets import services
from tickets.models import Message, SatisfactionRating, Ticket

HOST = {"HTTP_HOST": "127.0.0.1"}


@pytest.fixture
def delivery_ticket(people):
    return services.open_ticket(
        requester=people["buyer"],
        category=Category.objects.get(slug="delivery"),
        subject="냄비가 안 와요",
        body="일주일째입니다",
        details={"order_number": "2026111412345678", "store_id": "haru-living"},
    ).ticket


def login(client, user):
    client.force_login(user)
    return client


def test_the_form_swaps_in_the_fields_of_the_chosen_category_for_htmx(client, people):
    response = client.get(
        "/tickets/new/?category=refund",
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="case-fields",
        **HOST,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<fieldset id="case-fields"')
    assert 'name="details-order_number"' in html and 'name="details-amount"' in html
    assert 'name="details-tracking_number"' not in html


def test_a_guest_files_through_the_form_and_lands_on_the_private_page(client, people):
    data = {
        "category": "delivery",
        "submission_id": str(uuid.uuid4()),
        "requester_name": "최민수",
        "requester_email": "minsu@example.com",
        "subject": "배송지 변경",
        "body": "동 호수를 잘못 적었어요",
        "details-order_number": "2026112012347777",
        "details-store_id": "haru-living",
    }
    response = client.post("/tickets/new/", data, **HOST)
    ticket = Ticket.objects.get(subject="배송지 변경")
    assert (
        response.status_code == 302
        and response["Location"] == f"/tickets/track/{ticket.guest_token}/?filed=1"
    )
    page = client.get(response["Location"], **HOST).content.decode()
    assert ticket.reference in page and "동 호수를 잘못 적었어요" in page
    again = client.post("/tickets/new/", data, **HOST)  # double click
    assert again["Location"] == response["Location"]
    assert Ticket.objects.filter(subject="배송지 변경").count() == 1


def test_bad_details_show_field_errors_and_save_nothing(client, people):
    login(client, people["buyer"])
    response = client.post(
        "/tickets/new/",
        {
            "category": "refund",
            "submission_id": str(uuid.uuid4()),
            "subject": "환불",
            "body": "환불해 주세요",
            "details-order_number": "abc",
            "details-payment_method": "card",
            "details-amount": "0",
        },
        **HOST,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "숫자 8~20자리" in html and "1원 이상" in html
    assert not Ticket.objects.filter(subject="환불").exists()


def test_someone_elses_ticket_is_a_404_like_an_unknown_one(client, people, delivery_ticket):
    login(client, people["buyer2"])
    assert client.get(f"/tickets/{delivery_ticket.reference}/", **HOST).status_code == 404
    assert client.get("/tickets/HD-999999/", **HOST).status_code == 404
    assert (
        client.post(
            f"/tickets/{delivery_ticket.reference}/reply/", {"body": "x"}, **HOST
        ).status_code
        == 404
    )
    assert not Message.objects.filter(body="x").exists()


def test_a_wrong_guest_token_is_a_404(client, people):
    assert client.get("/tickets/track/not-a-real-token/", **HOST).status_code == 404


def test_anonymous_people_are_sent_to_log_in(client, people, delivery_ticket):
    response = client.get(f"/tickets/{delivery_ticket.reference}/", **HOST)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_seller_sees_the_store_inquiry_and_answers_as_the_store(
    client, people, delivery_ticket
):
    login(client, people["seller"])
    listing = client.get("/tickets/", **HOST).content.decode()
    assert delivery_ticket.reference in listing
    page = client.get(f"/tickets/{delivery_ticket.reference}/", **HOST).content.decode()
    assert "스토어로 답변하기" in page
    client.post(
        f"/tickets/{delivery_ticket.reference}/reply/",
        {"body": "오늘 다시 보내드렸습니다."},
        **HOST,
    )
    message = Message.objects.get(body="오늘 다시 보내드렸습니다.")
    assert message.as_store and message.author_name == "하루살림 생활용품"
    answer = OutboundEmail.objects.get(dedupe_key=f"answer:{message.pk}")
    assert answer.to == people["buyer"].email
    delivery_ticket.refresh_from_db()
    assert delivery_ticket.first_response_at is not None and delivery_ticket.status == "open"


def test_a_seller_does_not_see_buyer_payment_inquiries(client, people):
    ticket = services.open_ticket(
        requester=people["buyer"],
        category=Category.objects.get(slug="payment"),
        subject="s",
        body="b",
        details={"payment_method": "card", "amount": 5000, "order_number": "2026111412345678"},
    ).ticket
    login(client, people["seller"])
    assert client.get(f"/tickets/{ticket.reference}/", **HOST).status_code == 404
    login(client, people["buyer"])
    assert client.get(f"/tickets/{ticket.reference}/", **HOST).status_code == 200


def test_internal_notes_never_reach_the_requester(client, people, delivery_ticket):
    services.add_message(
        delivery_ticket, by=people["agent"], body="내부 메모입니다", kind=Message.Kind.NOTE
    )
    services.add_message(delivery_ticket, by=people["agent"], body="다시 보내드렸습니다")
    login(client, people["buyer"])
    response = client.get(f"/tickets/{delivery_ticket.reference}/", **HOST)
    assert response.status_code == 200
    page = response.content.decode()
    assert "일주일째입니다" in page and "다시 보내드렸습니다" in page  # the public thread
    assert "내부 메모입니다" not in page


def test_the_list_filters_by_state_and_finds_by_order_number(client, people, delivery_ticket):
    login(client, people["buyer"])
    assert (
        delivery_ticket.reference
        in client.get("/tickets/?q=2026111412345678", **HOST).content.decode()
    )
    assert (
        delivery_ticket.reference
        not in client.get("/tickets/?state=resolved", **HOST).content.decode()
    )
    assert delivery_ticket.reference in client.get("/tickets/?state=open", **HOST).content.decode()


def test_the_requester_closes_reopens_within_seven_days_and_rates_once(
    client, people, delivery_ticket
):
    login(client, people["buyer"])
    base = f"/tickets/{delivery_ticket.reference}/"
    client.post(base + "close/", **HOST)
    delivery_ticket.refresh_from_db()
    assert delivery_ticket.status == "closed" and delivery_ticket.closed_at is not None
    client.post(base + "rate/", {"score": "4", "comment": "빨랐어요"}, **HOST)
    client.post(base + "rate/", {"score": "1"}, **HOST)
    assert SatisfactionRating.objects.get(ticket=delivery_ticket).score == 4
    client.post(base + "reopen/", **HOST)
    delivery_ticket.refresh_from_db()
    assert delivery_ticket.status == "open" and delivery_ticket.reopened_count == 1


def test_reopening_after_seven_days_is_refused(client, people, delivery_ticket):
    services.change_status(delivery_ticket, by=people["agent"], status="resolved")
    Ticket.objects.filter(pk=delivery_ticket.pk).update(
        resolved_at=timezone.now() - timedelta(days=8)
    )
    login(client, people["buyer"])
    response = client.post(f"/tickets/{delivery_ticket.reference}/reopen/", follow=True, **HOST)
    assert "7일이 지난" in response.content.decode()
    delivery_ticket.refresh_from_db()
    assert delivery_ticket.status == "resolved"


def test_a_reply_to_a_resolved_ticket_reopens_it(people, delivery_ticket):
    services.change_status(delivery_ticket, by=people["agent"], status="resolved")
    services.add_message(delivery_ticket, by=people["buyer"], body="아직 안 왔어요")
    delivery_ticket.refresh_from_db()
    assert (delivery_ticket.status, delivery_ticket.reopened_count) == ("open", 1)


def test_attachments_are_served_only_to_who_may_see_them(client, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    ticket = services.open_ticket(
        requester=people["buyer"],
        category=Category.objects.get(slug="feedback"),
        subject="s",
        body="b",
        attachments=[
            SimpleUploadedFile("shot.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20)
        ],
    ).ticket
    attachment = ticket.attachments.get()
    url = f"/tickets/{ticket.reference}/files/{attachment.pk}/"
    login(client, people["buyer"])
    response = client.get(url, **HOST)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    login(client, people["buyer2"])
    assert client.get(url, **HOST).status_code == 404


def test_signup_as_seller_creates_the_store_and_signs_in(client, reference_data):
    response = client.post(
        "/accounts/signup/",
        {
            "role": "seller",
            "username": "newseller",
            "display_name": "새 판매자",
            "email": "new@example.com",
            "preferred_language": "en",
            "store_name": "New Shop",
            "seller_id": "new-shop",
            "password1": "a-long-Passw0rd!",
            "password2": "a-long-Passw0rd!",
        },
        **HOST,
    )
    assert response.status_code == 302
    from accounts.models import Store, User

    user = User.objects.get(username="newseller")
    assert (user.role, user.preferred_language) == ("seller", "en")
    assert Store.objects.get(seller_id="new-shop").owner == user
    assert client.get("/tickets/", **HOST).status_code == 200


def test_signup_as_seller_without_a_store_is_refused(client, reference_data):
    response = client.post(
        "/accounts/signup/",
        {
            "role": "seller",
            "username": "x",
            "display_name": "x",
            "email": "x@example.com",
            "preferred_language": "ko",
            "password1": "a-long-Passw0rd!",
            "password2": "a-long-Passw0rd!",
        },
        **HOST,
    )
    assert "스토어 이름을 입력해야" in response.content.decode()
    from accounts.models import User

    assert not User.objects.filter(username="x").exists()


def test_password_reset_mail_goes_out_through_the_outbox(
    client, people, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password-reset/", {"email": "buyer@example.com"}, **HOST)
    from outbox.models import OutboundEmail

    assert OutboundEmail.objects.filter(to="buyer@example.com", state="sent").exists()
    assert "/accounts/reset/" in mailoutbox[0].body


def _row(page, reference):
    start = page.index(f">{reference}</a>")
    return page[page.rindex("<tr>", 0, start) : page.index("</tr>", start)]


def test_the_kept_list_rows_follow_every_change_they_show(client, people, delivery_ticket):
    """Rows are rendered once for what they show (tickets/rows.py): a change that leaves
    updated_at alone, the language and the reader's side still show at once."""
    login(client, people["buyer"])
    row = _row(client.get("/tickets/", **HOST).text, delivery_ticket.reference)
    assert "badge-new" in row and "내 스토어 관련" not in row
    Ticket.objects.filter(pk=delivery_ticket.pk).update(status="pending", subject="냄비 배송")
    row = _row(client.get("/tickets/", **HOST).text, delivery_ticket.reference)
    assert "badge-pending" in row and "냄비 배송" in row
    client.cookies["django_language"] = "en"
    row = _row(
        client.get("/tickets/", HTTP_ACCEPT_LANGUAGE="en", **HOST).text, delivery_ticket.reference
    )
    assert "Waiting for your reply" in row
    login(client, people["seller"])
    client.cookies["django_language"] = "ko"
    row = _row(client.get("/tickets/", **HOST).text, delivery_ticket.reference)
    assert "내 스토어 관련" in row


def test_the_kept_filters_show_the_query_and_pages_keep_it(client, people):
    category = Category.objects.get(slug="delivery")
    for index in range(21):
        services.open_ticket(
            requester=people["buyer"],
            category=category,
            subject=f"문의 {index}",
            body="확인 부탁드립니다",
            details={"order_number": "2026111412345678", "store_id": "haru-living"},
        )
    login(client, people["seller"])
    page = client.get("/tickets/?scope=store&state=open", **HOST).text
    assert '<option value="store" selected>' in page
    assert "state=open&amp;scope=store&amp;page=2" in page
    page = client.get("/tickets/?scope=mine", **HOST).text
    assert (
        '<option value="mine" selected>' in page and '<option value="store" selected>' not in page
    )
