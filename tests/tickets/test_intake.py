"""Filing an inquiry: validation, routing, history, acknowledgement, idempotency, files."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Store
from catalog.models import Category
from outbox.models import OutboundEmail
from tickets import notifications, services
from tickets.models import Attachment, Message, Ticket, TicketEvent

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"0" * 64


def file_(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def delivery_details(**extra):
    return {"order_number": "2026111412345678", "store_id": "haru-living", **extra}


def test_a_buyer_files_a_delivery_inquiry_routed_to_the_orders_queue(people):
    intake = services.open_ticket(
        requester=people["buyer"],
        category=Category.objects.get(slug="delivery"),
        subject="택배가 안 와요",
        body="일주일째 그대로입니다.",
        details=delivery_details(),
    )
    ticket = intake.ticket
    assert intake.created and ticket.reference == f"HD-{ticket.pk:06d}"
    assert (ticket.queue.slug, ticket.priority, ticket.status) == ("orders", "normal", "new")
    assert ticket.store == Store.objects.get(seller_id="haru-living")
    assert ticket.order_number == "2026111412345678"
    assert ticket.requester_email == "buyer@example.com"
    assert ticket.messages.get().body == "일주일째 그대로입니다."
    kinds = list(TicketEvent.objects.filter(ticket=ticket).values_list("kind", flat=True))
    assert kinds[:2] == ["created", "routed"]


def test_the_acknowledgement_is_queued_in_the_requesters_language(
    people, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = services.open_ticket(
            requester=people["buyer2"],
            category=Category.objects.get(slug="feedback"),
            subject="Love the app",
            body="Just saying thanks.",
        ).ticket
        assert mailoutbox == []  # nothing leaves before commit
    email = OutboundEmail.objects.get(dedupe_key=f"received:{ticket.pk}")
    assert email.language == "en" and "We received your inquiry" in email.subject
    assert [m.to for m in mailoutbox] == [["buyer2@example.com"]]
    assert ticket.reference in mailoutbox[0].body


def test_a_guest_gets_a_private_link_in_the_acknowledgement(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        intake = services.open_ticket(
            requester=None,
            category=Category.objects.get(slug="delivery"),
            subject="Wrong address",
            body="Please fix the flat number.",
            details=delivery_details(),
            requester_name="Dana",
            requester_email="dana@example.com",
        )
    token = intake.guest_token
    assert token and len(token) >= 43  # 256 random bits
    assert intake.ticket.guest_token == token
    assert f"/tickets/track/{token}/" in mailoutbox[0].body


@pytest.mark.parametrize(
    ("details", "field", "message"),
    [
        ({"store_id": "haru-living"}, "details.order_number", "이 필드는 필수 항목입니다."),
        (delivery_details(order_number="12-34"), "details.order_number", "숫자 8~20자리"),
        (delivery_details(store_id="no-such-store"), "details.store_id", "스토어가 없습니다"),
        (
            delivery_details(tracking_number="!!"),
            "details.tracking_number",
            "영문 또는 숫자 8~20자리",
        ),
    ],
)
def test_each_missing_or_malformed_detail_is_refused_with_its_own_message(
    people, details, field, message
):
    with pytest.raises(services.InvalidTicket) as error:
        services.open_ticket(
            requester=people["buyer"],
            category=Category.objects.get(slug="delivery"),
            subject="s",
            body="b",
            details=details,
        )
    assert message in " ".join(error.value.errors[field])
    assert not Ticket.objects.filter(subject="s").exists()


def test_payment_amount_and_method_are_validated(people):
    with pytest.raises(services.InvalidTicket) as error:
        services.open_ticket(
            requester=people["buyer"],
            category=Category.objects.get(slug="payment"),
            subject="s",
            body="b",
            details={"payment_method": "cash", "amount": "-5"},
        )
    assert set(error.value.errors) == {"details.payment_method", "details.amount"}


def test_a_guest_must_give_a_name_and_an_email(people):
    with pytest.raises(services.InvalidTicket) as error:
        services.open_ticket(
            requester=None, category=Category.objects.get(slug="feedback"), subject="s", body="b"
        )
    assert set(error.value.errors) == {"requester_name", "requester_email"}


def test_a_buyer_cannot_file_in_a_seller_category(people):
    with pytest.raises(services.InvalidTicket) as error:
        services.open_ticket(
            requester=people["buyer"],
            category=Category.objects.get(slug="sales-statistics"),
            subject="s",
            body="b",
            details={"store_id": "haru-living"},
        )
    assert "판매자용 유형" in error.value.errors["category"][0]


def test_empty_text_and_nul_bytes_are_refused(people):
    with pytest.raises(services.InvalidTicket) as error:
        services.open_ticket(
            requester=people["buyer"],
            category=Category.objects.get(slug="feedback"),
            subject=" ",
            body="a\x00b",
        )
    assert set(error.value.errors) == {"subject", "body"}


def test_the_same_submission_twice_files_one_ticket(people):
    kwargs = {
        "requester": people["buyer"],
        "category": Category.objects.get(slug="feedback"),
        "subject": "Twice",
        "body": "Double click",
        "submission_key": "web:1b4e28ba-2fa1-11d2-883f-0016d3cca427",
    }
    first = services.open_ticket(**kwargs)
    second = services.open_ticket(**kwargs)
    assert first.created and not second.created
    assert second.ticket.pk == first.ticket.pk
    assert Ticket.objects.filter(subject="Twice").count() == 1


def test_images_and_pdfs_are_kept_with_their_real_type(people):
    ticket = services.open_ticket(
        requester=people["buyer"],
        category=Category.objects.get(slug="feedback"),
        subject="s",
        body="b",
        attachments=[file_("화면.png", PNG, "image/png"), file_("../../etc/receipt.pdf", PDF)],
    ).ticket
    stored = {a.original_name: a.content_type for a in Attachment.objects.filter(ticket=ticket)}
    assert stored == {"화면.png": "image/png", "receipt.pdf": "application/pdf"}
    assert all(".." not in a.file.name for a in Attachment.objects.filter(ticket=ticket))


def test_a_file_that_only_pretends_to_be_an_image_is_refused_and_nothing_is_saved(people):
    fake = file_("photo.png", b"<html><script>alert(1)</script></html>", "image/png")
    with pytest.raises(services.InvalidTicket) as error:
        services.open_ticket(
            requester=people["buyer"],
            category=Category.objects.get(slug="feedback"),
            subject="fake",
            body="b",
            attachments=[fake],
        )
    assert "photo.png" in error.value.errors["attachments"][0]
    assert not Ticket.objects.filter(subject="fake").exists()


def test_files_over_the_size_limit_or_count_are_refused(people, settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    with pytest.raises(services.InvalidTicket) as error:
        services.open_ticket(
            requester=people["buyer"],
            category=Category.objects.get(slug="feedback"),
            subject="big",
            body="b",
            attachments=[file_("big.png", PNG + b"0" * 200)],
        )
    assert "보다 큽니다" in error.value.errors["attachments"][0]
    with pytest.raises(services.InvalidTicket) as error:
        services.open_ticket(
            requester=people["buyer"],
            category=Category.objects.get(slug="feedback"),
            subject="many",
            body="b",
            attachments=[file_(f"{i}.png", PNG) for i in range(6)],
        )
    assert "최대 5개" in error.value.errors["attachments"][0]


def test_a_failed_save_leaves_no_file_behind(people, settings, monkeypatch):
    def files():
        return [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]

    on_disk_when_it_failed = []

    def explode(*args, **kwargs):
        on_disk_when_it_failed.extend(files())  # the upload is stored before this step
        raise RuntimeError("database went away")

    monkeypatch.setattr(notifications, "ticket_received", explode)
    with pytest.raises(RuntimeError):
        services.open_ticket(
            requester=people["buyer"],
            category=Category.objects.get(slug="feedback"),
            subject="s",
            body="b",
            attachments=[file_("a.png", PNG)],
        )
    assert len(on_disk_when_it_failed) == 1
    assert not Ticket.objects.exists()
    assert not Attachment.objects.exists()
    assert files() == []


def test_first_message_is_a_public_reply_by_the_requester(people):
    ticket = services.open_ticket(
        requester=people["buyer"],
        category=Category.objects.get(slug="feedback"),
        subject="s",
        body="hello",
    ).ticket
    message = Message.objects.get(ticket=ticket)
    assert (message.kind, message.author) == ("reply", people["buyer"])
