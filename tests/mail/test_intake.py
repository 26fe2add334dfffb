"""How mail comes in and goes out: our Message-ID and signed Reply-To on every e-mail, the
SMTP receiver with real SMTP, IMAP polling by UID, provider webhooks through anymail."""

import base64
import json
import os
import smtplib
import socket
import subprocess
import sys
import time

import pytest
from django.core import mail as django_mail

from helpdesk.management.commands import runall
from mail import imap, receiver
from mail.models import InboundMessage, MailboxState
from outbox.models import OutboundEmail
from tests.foundation.test_runall_links import run_all
from tickets import services
from tickets.models import Ticket
from tickets.reply_address import read_reply_address, reply_address

from .conftest import compose, eml


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_every_outgoing_mail_carries_its_message_id_and_a_signed_reply_to(
    reference_data, clock, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = services.open_ticket(
            requester=None,
            requester_name="게스트",
            requester_email="guest@example.net",
            category=reference_data.categories["other"],
            subject="문의",
            body="본문",
        ).ticket
    row = OutboundEmail.objects.get(to="guest@example.net")
    [sent] = mailoutbox
    assert sent.extra_headers["Message-ID"] == row.message_id
    assert sent.reply_to == [row.reply_to] == [reply_address(ticket.pk)]
    assert sent.message()["Message-ID"] == row.message_id
    assert read_reply_address(row.reply_to).recipient == "requester"


def test_reply_addresses_refuse_tampering_and_other_domains(settings):
    address = reply_address(42, recipient="agent", user_id=7)
    token = read_reply_address(address)
    assert (token.ticket_id, token.recipient, token.user_id) == (42, "agent", 7)
    assert read_reply_address(address.replace("+42-a7", "+42-a8")) is None
    assert read_reply_address(address.replace("@example.com", "@elsewhere.com")) is None
    assert read_reply_address("help@example.com") is None
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "a-new-key" * 6, [settings.SECRET_KEY]
    assert read_reply_address(address) == token  # a rotated key still reads old replies


@pytest.mark.django_db(transaction=True)
def test_real_smtp_to_the_receiver_files_a_ticket(reference_data):
    port = free_port()
    controller = receiver.start("127.0.0.1", port)
    try:
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
            refused = smtp.sendmail(
                "minji.kim@outlook.kr", ["help@example.com"], eml("outlook_ks_c_5601.eml")
            )
        assert refused == {}
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not Ticket.objects.exists():
            time.sleep(0.1)
    finally:
        controller.stop()
    row = InboundMessage.objects.get()
    assert (row.source, row.envelope_from, row.envelope_to) == (
        "smtp",
        "minji.kim@outlook.kr",
        "help@example.com",
    )
    assert Ticket.objects.get().subject == "똠양꿍 소스 배송 문의"


def test_runall_starts_the_smtp_receiver_beside_web_and_worker(monkeypatch, settings):
    settings.HELPDESK_INBOUND_SMTP_PORT = 2626
    started = run_all(monkeypatch, settings, site_url_set=False, port=8102)
    assert set(started) == {"web", "worker", "mail"}
    command, env = started["mail"]
    assert "manage.py receive_mail --host 127.0.0.1 --port 2626" in command
    assert env["HELPDESK_SITE_URL"] == "http://127.0.0.1:8102"
    assert runall.Command.help


class FakeImap:
    """The IMAP conversation of a mailbox holding ``messages`` (uid: raw) under UIDVALIDITY."""

    capabilities = ("IMAP4REV1", "MOVE")
    instances: list["FakeImap"] = []

    def __init__(self, host, port, timeout=None):
        self.commands = []
        FakeImap.instances.append(self)

    def login(self, user, password):
        self.commands.append(("LOGIN", user, password))
        return "OK", [b""]

    def select(self, folder):
        self.commands.append(("SELECT", folder))
        return "OK", [b"2"]

    def response(self, name):
        return name, [str(FakeImap.uidvalidity).encode()]

    def create(self, folder):
        return "NO", [b"exists"]

    def uid(self, command, *args):
        self.commands.append((command, *args))
        if command == "SEARCH":
            first = int(args[0].split()[1].split(":")[0])
            found = [u for u in FakeImap.messages if u >= first] or [max(FakeImap.messages)]
            return "OK", [" ".join(map(str, found)).encode()]
        if command == "FETCH":
            uid = int(args[0])
            return "OK", [(f"{uid} (UID {uid} BODY[] {{1}}".encode(), FakeImap.messages[uid]), b")"]
        return "OK", [b""]

    def logout(self):
        return "BYE", [b""]


def test_imap_polling_reads_new_uids_moves_them_and_never_deletes(
    reference_data, clock, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(imap.imaplib, "IMAP4_SSL", FakeImap)
    FakeImap.instances, FakeImap.uidvalidity = [], 7
    FakeImap.messages = {3: eml("new_inquiry.eml"), 4: eml("exchange_ooo.eml")}
    url = "imaps://help%40example.com:secret@imap.example.com/INBOX"
    with django_capture_on_commit_callbacks(execute=True):
        assert imap.poll(url) == 2
    assert InboundMessage.objects.filter(source="imap").count() == 2
    assert Ticket.objects.count() == 1  # the out-of-office opened nothing
    first = FakeImap.instances[-1].commands
    assert ("LOGIN", "help@example.com", "secret") in first
    assert [c for c in first if c[0] == "MOVE"] == [
        ("MOVE", "3", '"Processed"'),
        ("MOVE", "4", '"Processed"'),
    ]
    assert not any("Deleted" in " ".join(map(str, c)) or c[0] == "EXPUNGE" for c in first)
    state = MailboxState.objects.get()
    assert (state.uidvalidity, state.last_uid) == (7, 4)

    # Nothing new: "5:*" answers the last UID again, and it is not read twice.
    assert imap.poll(url) == 0
    # The server renumbered the mailbox: read from the start; the dedupe keeps one row each.
    FakeImap.uidvalidity = 8
    FakeImap.messages = {1: eml("new_inquiry.eml"), 2: eml("list_message.eml")}
    with django_capture_on_commit_callbacks(execute=True):
        assert imap.poll(url) == 2
    assert InboundMessage.objects.count() == 3 and Ticket.objects.count() == 1
    assert MailboxState.objects.get().last_uid == 2


def test_a_provider_webhook_stores_the_raw_message_behind_basic_auth(
    client, reference_data, clock, settings, django_capture_on_commit_callbacks
):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:s3cret-for-tests"}
    raw = eml("new_inquiry.eml")
    payload = json.dumps(
        {
            "FromFull": {"Email": "jihoon.park@naver.com", "Name": "박지훈"},
            "ToFull": [{"Email": "help@example.com", "Name": ""}],
            "Subject": "x",
            "Headers": [],
            "RawEmail": raw.decode("ascii"),
        }
    )
    url = "/mail/inbound/postmark/inbound/"
    assert client.post(url, payload, content_type="application/json").status_code == 400
    assert not InboundMessage.objects.exists()
    auth = "Basic " + base64.b64encode(b"hook:s3cret-for-tests").decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, payload, content_type="application/json", HTTP_AUTHORIZATION=auth
        )
    assert response.status_code == 200
    row = InboundMessage.objects.get()
    assert row.source == "webhook" and row.state == "processed"
    assert row.ticket.subject == "결제한 주문이 취소되었어요"


def test_a_second_delivery_of_a_message_is_the_same_row(reference_data, clock):
    from mail.services import store_raw

    first, new = store_raw(compose(message_id="<same@x>"), source="smtp")
    again, new_again = store_raw(compose(message_id="<same@x>", body="다른 본문"), source="imap")
    assert (new, new_again, again.pk) == (True, False, first.pk)
    assert django_mail.outbox == []


def test_an_empty_webhook_secret_leaves_the_webhooks_closed(tmp_path):
    """docker-compose passes HELPDESK_ANYMAIL_WEBHOOK_SECRET through even when it is unset."""
    env = {**os.environ, "HELPDESK_ANYMAIL_WEBHOOK_SECRET": "", "HELPDESK_VAR_DIR": str(tmp_path)}
    secret = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; import django; django.setup();"
            " print(settings.ANYMAIL['WEBHOOK_SECRET'])",
        ],
        env={**env, "DJANGO_SETTINGS_MODULE": "helpdesk.settings"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert secret.startswith("off:") and len(secret) > 20
