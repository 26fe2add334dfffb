from datetime import datetime
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from catalog import calendar as cal
from mail.models import InboundMessage
from mail.services import store_raw

SEOUL = ZoneInfo("Asia/Seoul")
EML = Path(__file__).parent / "eml"


def eml(name: str) -> bytes:
    return (EML / name).read_bytes()


@pytest.fixture(autouse=True)
def _fresh_calendars():
    cal.forget_cached()
    yield
    cal.forget_cached()


@pytest.fixture
def clock():
    """Monday 30 November 2026, 10:00 Seoul, ticking; ``clock.move_to(...)`` moves it."""
    with time_machine.travel(datetime(2026, 11, 30, 10, 0, tzinfo=SEOUL), tick=True) as traveller:
        yield traveller


@pytest.fixture
def deliver(django_capture_on_commit_callbacks):
    """Receive a raw message as the SMTP receiver does, and let the worker process it (tasks
    run eagerly after commit); returns the stored row, fresh from the database."""

    def deliver_(
        raw: bytes, *, envelope_from="sender@example.net", envelope_to=("help@example.com",)
    ):
        with django_capture_on_commit_callbacks(execute=True):
            row, _new = store_raw(
                raw,
                source=InboundMessage.Source.SMTP,
                envelope_from=envelope_from,
                envelope_to=list(envelope_to),
            )
        row.refresh_from_db()
        return row

    return deliver_


def compose(
    *,
    sender="someone@example.net",
    to="help@example.com",
    subject="문의",
    body="안녕하세요",
    html=None,
    in_reply_to=None,
    references=None,
    headers=None,
    attachments=(),
    message_id=None,
) -> bytes:
    """A person's plain e-mail, built the way a mail client would."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = "Mon, 30 Nov 2026 10:00:00 +0900"
    message["Message-ID"] = message_id or make_msgid(domain="client.example.net")
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
    if references:
        message["References"] = references
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    for name, data, content_type in attachments:
        maintype, subtype = content_type.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()
