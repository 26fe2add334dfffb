"""Heartbeats: beat records each send, a worker each consumption; check_worker and
supervise_worker read them; /healthz shows them with the sweeps' runs and the backlog."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from celery import signals
from django.core.management import CommandError, call_command
from django.utils import timezone

from health.models import Heartbeat
from health.selectors import liveness
from outbox.models import OutboundEmail
from tickets.models import Reminder, Ticket

ROOT = Path(__file__).resolve().parents[2]


def beat(name: str, seconds_ago: float) -> None:
    Heartbeat.objects.update_or_create(
        name=name, defaults={"at": timezone.now() - timedelta(seconds=seconds_ago)}
    )


def check(*args: str) -> int:
    try:
        call_command("check_worker", *args, stdout=open(os.devnull, "w"))  # noqa: SIM115
    except CommandError as error:
        return error.returncode
    return 0


def test_the_heartbeat_rows_come_from_beat_sending_and_a_worker_consuming(db):
    from health.tasks import heartbeat

    signals.before_task_publish.send(sender="outbox.tasks.deliver_email")
    assert not Heartbeat.objects.exists()  # other tasks say nothing about beat
    signals.before_task_publish.send(sender="health.tasks.heartbeat")
    assert list(Heartbeat.objects.values_list("name", flat=True)) == ["beat"]
    heartbeat.apply()
    state = liveness()
    assert state.age(state.beat_at) < 5 and state.age(state.worker_at) < 5


def test_a_sweep_that_ran_is_recorded(db):
    from outbox.tasks import deliver_due_email
    from tickets.tasks import sweep_reminders

    deliver_due_email.apply()
    sweep_reminders.apply()
    assert set(Heartbeat.objects.values_list("name", flat=True)) == {
        "sweep:outbox",
        "sweep:reminders",
    }


def test_check_worker_blames_the_worker_only_while_beat_is_sending(db):
    assert check() == 0  # nothing sent yet: not the worker's fault
    assert check("--beat") == 1
    beat("beat", 5)
    assert check() == 1  # beat sends, no worker ever consumed
    beat("worker", 200)
    assert check("--max-age", "120") == 1
    beat("worker", 10)
    assert check("--max-age", "120") == 0
    assert check("--beat", "--worker", "--max-age", "120") == 0
    beat("beat", 300)  # beat silent: its check fails, the worker's does not
    assert check("--beat", "--max-age", "120") == 1
    assert check("--worker", "--max-age", "120") == 0


def test_check_worker_says_unknown_not_stale_without_a_database(db, monkeypatch):
    from django.db import OperationalError

    from health.management.commands import check_worker

    def unreachable():
        raise OperationalError("connection refused")

    monkeypatch.setattr(check_worker, "liveness", unreachable)
    assert check() == 2


def test_healthz_shows_the_heartbeats_the_sweeps_and_how_far_work_is_behind(client, db):
    from tests.factories import TicketFactory

    beat("beat", 3)
    beat("worker", 4)
    beat("sweep:reminders", 30)
    ticket = TicketFactory(status=Ticket.Status.PENDING)
    now = timezone.now()
    Reminder.objects.create(
        ticket=ticket, kind=Reminder.Kind.PENDING_NUDGE, due_at=now - timedelta(minutes=5)
    )
    Reminder.objects.create(  # not due yet: not behind
        ticket=ticket, kind=Reminder.Kind.PENDING_NUDGE, due_at=now + timedelta(hours=1)
    )
    OutboundEmail.objects.create(
        to="a@example.com", subject="s", body_text="b", next_attempt_at=now - timedelta(minutes=2)
    )
    OutboundEmail.objects.create(  # sent: not behind
        to="b@example.com",
        subject="s",
        body_text="b",
        state=OutboundEmail.State.SENT,
        next_attempt_at=now - timedelta(hours=2),
    )
    body = client.get("/healthz", HTTP_HOST="127.0.0.1").json()
    assert body["status"] == "ok" and body["checks"] == {"database": "ok", "broker": "ok"}
    pipeline = body["pipeline"]
    assert pipeline["beat_sent_at"] and pipeline["worker_consumed_at"]
    assert pipeline["reminder_sweep_at"] and pipeline["outbox_sweep_at"] is None
    assert 295 <= pipeline["reminders_behind_seconds"] < 360
    assert 115 <= pipeline["email_behind_seconds"] < 180


def test_healthz_with_nothing_waiting_is_zero_behind(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        body = client.get("/healthz", HTTP_HOST="127.0.0.1").json()
    assert body["pipeline"]["reminders_behind_seconds"] == 0
    assert body["pipeline"]["email_behind_seconds"] == 0


# --- supervise_worker: the process manager of `make run` -------------------------------------

CHILD = "import os, time; print('child', os.getpid(), flush=True); time.sleep(120)"


@pytest.mark.django_db(transaction=True)
def test_supervise_worker_replaces_a_worker_that_stopped_consuming(settings, tmp_path):
    db = settings.DATABASES["default"]
    if "postgresql" not in db["ENGINE"]:
        pytest.skip("the supervisor process shares the test database only on PostgreSQL")
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    url = f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HELPDESK_", "CELERY_"))}
    env.update({"DATABASE_URL": url, "HELPDESK_VAR_DIR": str(tmp_path), "DJANGO_DEBUG": "1"})
    beat("beat", 0)
    beat("worker", 0)
    log = tmp_path / "supervisor.log"
    args = ["supervise_worker", "--max-age", "2", "--interval", "0.2"]
    supervisor = subprocess.Popen(
        [sys.executable, "manage.py", *args, "--", sys.executable, "-c", CHILD],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )

    def children() -> list[str]:
        return [line for line in log.read_text().splitlines() if line.startswith("child ")]

    def consuming(seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            beat("beat", 0)
            beat("worker", 0)
            time.sleep(0.2)

    try:
        deadline = time.monotonic() + 60  # Django starts, then the child
        while time.monotonic() < deadline and not children():
            consuming(0.2)
        # Consuming: heartbeats keep coming, the child stays.
        consuming(4)
        assert len(children()) == 1, log.read_text()
        # Beat goes on sending, nothing is consumed: the child is replaced.
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and len(children()) < 2:
            beat("beat", 0)
            time.sleep(0.2)
        assert len(children()) >= 2, log.read_text()
        assert "(worker)" in log.read_text()  # the reason, in the log
        first_pid = int(children()[0].split()[1])
        with pytest.raises(ProcessLookupError):
            os.kill(first_pid, 0)
    finally:
        supervisor.send_signal(signal.SIGTERM)
        supervisor.wait(30)
    last_pid = int(children()[-1].split()[1])
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):
        os.kill(last_pid, 0)  # stopping the supervisor stops its worker
