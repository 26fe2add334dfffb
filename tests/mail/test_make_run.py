"""`make run`'s own process manager (manage.py runall) receives real SMTP on its port, its
worker files the ticket and acknowledges it through the outbox: e-mail in works with no
outside service, end to end, as a new user starts it."""

import email
import os
import signal
import smtplib
import sqlite3
import subprocess
import sys
import time
from email import policy
from pathlib import Path

import pytest

from .conftest import eml
from .test_intake import free_port

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.integration
REFERENCE = "from tests.reference import build_reference_data; build_reference_data()"


def wait_for(check, seconds: float, what: str, process: subprocess.Popen):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"runall stopped while waiting for {what}")
        try:
            found = check()
        except (OSError, sqlite3.Error):
            found = None
        if found:
            return found
        time.sleep(0.3)
    pytest.fail(f"gave up waiting for {what}")


def test_mail_sent_to_make_runs_receiver_becomes_an_acknowledged_ticket(tmp_path):
    web, smtp_port = free_port(), free_port()
    env = {
        **os.environ,
        "HELPDESK_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'helpdesk.sqlite3'}",
        "DJANGO_DEBUG": "1",
        "HELPDESK_INBOUND_SMTP_PORT": str(smtp_port),
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REDIS_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    # The tests' categories and queues (tests/reference.py), not the demo seed.
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-v0", "-c", REFERENCE],
        cwd=ROOT,
        env=env,
        check=True,
    )
    log = open(tmp_path / "runall.log", "wb")  # noqa: SIM115 - closed below
    manager = subprocess.Popen(
        [sys.executable, "manage.py", "runall", "--port", str(web)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    database = tmp_path / "helpdesk.sqlite3"
    try:
        wait_for(
            lambda: smtplib.SMTP("127.0.0.1", smtp_port, timeout=2).quit(),
            60,
            "the SMTP receiver",
            manager,
        )
        with smtplib.SMTP("127.0.0.1", smtp_port, timeout=10) as smtp:
            refused = smtp.sendmail(
                "minji.kim@outlook.kr", ["help@example.com"], eml("outlook_ks_c_5601.eml")
            )
        assert refused == {}

        def ticket():
            with sqlite3.connect(database) as db:
                return db.execute(
                    "select reference, subject, channel, requester_email from tickets_ticket"
                ).fetchone()

        reference, subject, channel, requester = wait_for(ticket, 90, "the ticket", manager)
        assert (subject, channel, requester) == (
            "똠양꿍 소스 배송 문의",
            "email",
            "minji.kim@outlook.kr",
        )

        def acknowledgement():
            for path in (tmp_path / "outbox").glob("*.log"):
                sent = email.message_from_bytes(path.read_bytes(), policy=policy.default)
                if sent["To"] == "minji.kim@outlook.kr" and reference in sent["Subject"]:
                    return sent
            return None

        sent = wait_for(acknowledgement, 90, "the acknowledgement in the outbox", manager)
        assert sent["Reply-To"].startswith("help+")
        assert "/tickets/track/" in sent.get_body(("plain",)).get_content()
    finally:
        os.killpg(manager.pid, signal.SIGTERM)
        try:
            manager.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(manager.pid, signal.SIGKILL)
            manager.wait(5)
        log.close()
