"""A subject is one line whatever interface files it, and no delivery error is silent: each is
recorded on its outbox row, counted and retried with backoff until the row is marked failed.
No row is claimed forever, even when the worker dies while sending."""

import uuid
from datetime import timedelta

import pytest
from django.core.mail.message import EmailMessage
from django.utils import timezone

from catalog.models import Category
from outbox import services as outbox
from outbox.models import OutboundEmail
from tests.api.helpers import client_for
from tickets import services

INJECTED = "Hi\r\nBcc: x@evil.example"


def test_a_subject_with_cr_lf_through_the_api_is_one_line_and_acknowledged(
    people, django_capture_on_commit_callbacks, mailoutbox
):
    data = {"category": "feedback", "subject": INJECTED, "body": "Just a note."}
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(people["buyer2"]).post("/api/v1/tickets/", data, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["subject"] == "Hi Bcc: x@evil.example"
    email = OutboundEmail.objects.get(to="buyer2@example.com")
    assert (email.state, email.attempts, email.last_error) == ("sent", 1, "")
    [sent] = mailoutbox
    assert sent.to == ["buyer2@example.com"] and sent.bcc == []
    assert sent.message()["Bcc"] is None
    assert "\r" not in sent.subject and "\n" not in sent.subject


@pytest.mark.parametrize("breaker", ["\n", "\r", "\r\n", "\u2028", "\x85", "\t"])
def test_every_interface_gets_one_line_subjects_from_the_service(people, breaker):
    ticket = services.open_ticket(
        requester=people["buyer"],
        category=Category.objects.get(slug="feedback"),
        subject=f"  First{breaker}{breaker}second ",
        body="Body\nkeeps its lines.",
    ).ticket
    assert ticket.subject == "First second"
    assert ticket.messages.get().body == "Body\nkeeps its lines."


def test_the_web_form_stores_the_subject_on_one_line(
    client, reference_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/tickets/new/",
            {
                "category": "feedback",
                "submission_id": str(uuid.uuid4()),
                "subject": INJECTED,
                "body": "Hello",
                "requester_name": "Guest\r\nX-Header: 1",
                "requester_email": "guest@example.com",
            },
            HTTP_HOST="127.0.0.1",
        )
    assert response.status_code == 302
    email = OutboundEmail.objects.get(to="guest@example.com")
    assert "\n" not in email.subject and "\r" not in email.subject
    assert email.state == "sent"
    assert "Hi Bcc: x@evil.example" in email.subject


def queued(**fields):
    return OutboundEmail.objects.create(
        **{"to": "someone@example.com", "subject": "Hello", "body_text": "Body", **fields}
    )


def due_again(email):
    OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())


def test_a_message_that_cannot_be_built_is_failed_at_once_with_its_error(db):
    email = queued(subject="Hi\r\nBcc: x@evil.example")  # a row written before this fix
    assert outbox.deliver_email(email.pk) is False
    email.refresh_from_db()
    assert (email.state, email.attempts) == ("failed", 1)
    assert "cannot build" in email.last_error
    assert email.pk not in outbox.due_email_ids()


def test_any_error_is_recorded_counted_retried_with_backoff_then_failed(db, monkeypatch):
    def broken(self, fail_silently=False):
        raise RuntimeError("the mail library broke")

    monkeypatch.setattr(EmailMessage, "send", broken)
    email = queued()
    waits = []
    for attempt in range(1, outbox.MAX_ATTEMPTS + 1):
        before = timezone.now()
        assert outbox.deliver_email(email.pk) is False
        email.refresh_from_db()
        assert email.attempts == attempt and "the mail library broke" in email.last_error
        waits.append(email.next_attempt_at - before)
        if attempt < outbox.MAX_ATTEMPTS:
            assert email.state == "queued"
            assert outbox.deliver_email(email.pk) is False  # not due yet: not claimed
            due_again(email)
    assert email.state == "failed"
    assert waits[1] > waits[0] > timedelta(0)  # backoff grows
    assert outbox.deliver_email(email.pk) is False
    assert email.pk not in outbox.due_email_ids()


def test_a_worker_dying_while_sending_still_uses_up_an_attempt(db, monkeypatch):
    def dies(self, fail_silently=False):
        raise SystemExit("worker killed")

    monkeypatch.setattr(EmailMessage, "send", dies)
    email = queued()
    for _ in range(outbox.MAX_ATTEMPTS):
        with pytest.raises(SystemExit):
            outbox.deliver_email(email.pk)
        due_again(email)  # the claim ran out: the sweep picks it up again
    email.refresh_from_db()
    assert (email.state, email.attempts) == ("queued", outbox.MAX_ATTEMPTS)
    assert outbox.deliver_email(email.pk) is False  # one claim too many: given up
    email.refresh_from_db()
    assert email.state == "failed" and email.last_error
    assert email.pk not in outbox.due_email_ids()
