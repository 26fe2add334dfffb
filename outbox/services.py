"""Queue e-mail in the caller's transaction; deliver it with retries after commit."""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from helpdesk.queueing import enqueue_on_commit
from helpdesk.text import one_line

from .models import OutboundEmail

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


def queue_email(
    *,
    to: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    language: str = "ko",
    dedupe_key: str | None = None,
    key_is_new: bool = False,
    reply_to: str = "",
) -> OutboundEmail | None:
    """Write an e-mail row in the current transaction; None when the dedupe key was used.

    ``key_is_new``: the key names a row inserted in this same transaction (a new ticket), so
    no other e-mail can hold it and the insert needs no savepoint to fall back from."""
    email = OutboundEmail(
        to=to,
        subject=one_line(subject)[:250],  # a header: CR and LF never reach it
        body_text=body_text,
        body_html=body_html,
        language=language,
        dedupe_key=dedupe_key,
        message_id=make_msgid("helpdesk", domain=settings.HELPDESK_MAIL_DOMAIN),
        reply_to=one_line(reply_to)[:250],
    )
    if dedupe_key is None or key_is_new:
        email.save(force_insert=True)
    else:
        try:
            with transaction.atomic():
                email.save(force_insert=True)
        except IntegrityError:
            if OutboundEmail.objects.filter(dedupe_key=dedupe_key).exists():
                return None
            raise
    # Robust: with the broker down the e-mail still waits in its row for the sweep.
    enqueue_on_commit("outbox.tasks.deliver_email", email.pk)
    return email


def _headers(email: OutboundEmail) -> dict[str, str]:
    headers = {
        # Exchange and Outlook send no out-of-office or other automatic answers to these.
        "X-Auto-Response-Suppress": "All",
    }
    if email.message_id:
        headers["Message-ID"] = email.message_id
    return headers


def _suppressed(address: str) -> bool:
    """Whether the address is on the suppression list (settings.OUTBOX_SUPPRESSION_CHECK, a
    dotted path to a function of the address; the e-mail channel's bounce list)."""
    check = settings.OUTBOX_SUPPRESSION_CHECK
    return bool(check) and import_string(check)(address)


def _backoff(attempts: int) -> timedelta:
    return timedelta(minutes=min(2**attempts, 240))


def deliver_email(email_id: int) -> bool:
    """Send one queued e-mail. Every error is recorded on the row and counted; a permanent
    one (SMTP 5xx, a message that cannot be built) or the last attempt marks it failed, any
    other is retried with backoff."""
    now = timezone.now()
    # Claim: only one worker moves the row forward, even when the task runs twice. The
    # attempt is counted here, so a worker that dies while sending still used one up and a
    # row can never be claimed forever.
    claimed = OutboundEmail.objects.filter(
        pk=email_id, state=OutboundEmail.State.QUEUED, next_attempt_at__lte=now
    ).update(
        next_attempt_at=now + timedelta(seconds=settings.OUTBOX_CLAIM_SECONDS),
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return False
    email = OutboundEmail.objects.get(pk=email_id)
    attempts = email.attempts
    if _suppressed(email.to):
        # Mail to an address that bounced permanently is not sent again (it would bounce
        # again and cost the sender's reputation) until the person writes to us from it.
        _record_failure(email, attempts, "not sent: the address bounced before", permanent=True)
        return False
    if attempts > MAX_ATTEMPTS:
        _record_failure(
            email, attempts - 1, email.last_error or "no answer from the sender", permanent=True
        )
        return False
    try:
        message = EmailMultiAlternatives(
            subject=email.subject,
            body=email.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email.to],
            reply_to=[email.reply_to] if email.reply_to else None,
            headers=_headers(email),
        )
        if email.body_html:
            message.attach_alternative(email.body_html, "text/html")
        message.message()  # builds the headers: a bad one raises here, before connecting
    except Exception as error:  # never retried: the same row builds the same way
        _record_failure(email, attempts, f"cannot build: {error!r}", permanent=True)
        return False
    try:
        message.send()
    except smtplib.SMTPResponseException as error:
        permanent = 500 <= error.smtp_code < 600 or attempts >= MAX_ATTEMPTS
        _record_failure(email, attempts, f"{error.smtp_code} {error.smtp_error!r}", permanent)
        return False
    except smtplib.SMTPRecipientsRefused as error:
        # The one recipient refused at RCPT TO: 5xx (no such mailbox) is final, 4xx retried.
        code, reason = next(iter(error.recipients.values()), (0, b""))
        permanent = 500 <= code < 600 or attempts >= MAX_ATTEMPTS
        _record_failure(email, attempts, f"{code} {reason!r}", permanent)
        return False
    except Exception as error:  # any other error: recorded, counted, retried
        _record_failure(email, attempts, repr(error), attempts >= MAX_ATTEMPTS)
        return False
    OutboundEmail.objects.filter(pk=email.pk).update(
        state=OutboundEmail.State.SENT, sent_at=timezone.now(), attempts=attempts, last_error=""
    )
    return True


def _record_failure(email: OutboundEmail, attempts: int, error: str, permanent: bool) -> None:
    log = logger.error if permanent else logger.warning
    log("E-mail %s to %s failed (attempt %s): %s", email.pk, email.to, attempts, error)
    OutboundEmail.objects.filter(pk=email.pk).update(
        state=OutboundEmail.State.FAILED if permanent else OutboundEmail.State.QUEUED,
        attempts=attempts,
        last_error=error[:300],
        next_attempt_at=timezone.now() + _backoff(attempts),
    )


def due_email_ids(limit: int = 200) -> list[int]:
    return list(
        OutboundEmail.objects.filter(
            state=OutboundEmail.State.QUEUED, next_attempt_at__lte=timezone.now()
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
