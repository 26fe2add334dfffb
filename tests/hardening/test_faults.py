"""Faults against real services: Redis stopped or hung (also while the worker delivers), a
worker killed mid-task or frozen, two beat schedulers at once, SMTP refusing or silent,
PostgreSQL restarted under load.

Every server broken here is private to the test (tests/hardening/services.py): the machine's
shared Redis and PostgreSQL keep serving everyone else.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from helpdesk.celery import app as celery_app
from outbox import services as outbox
from outbox.models import OutboundEmail
from tickets.models import Message, Reminder, Ticket, TicketEvent

from .services import PrivatePostgres, PrivateRedis, SmtpStub, free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
REDIS_SERVER = PrivateRedis().binary

pytestmark = pytest.mark.faults


def postgres_url(settings) -> str:
    db = settings.DATABASES["default"]
    if "postgresql" not in db["ENGINE"]:
        pytest.skip("worker processes share the test database only on PostgreSQL (DATABASE_URL)")
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{db['USER']}{password}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def needs_services():
    if not os.environ.get("REDIS_URL"):
        pytest.skip("REDIS_URL is not set: fault tests with real workers need the real services")
    if not REDIS_SERVER:
        pytest.skip("redis-server is not on PATH: no private Redis to break")


class Workers:
    """Real `celery worker` processes on a private broker, each in its own process group."""

    def __init__(self, settings, tmp_path, broker_url: str, **env: str) -> None:
        self.env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("EMAIL_", "CELERY_", "HELPDESK_"))
        }
        self.env.update(
            {
                "DATABASE_URL": postgres_url(settings),
                "REDIS_URL": broker_url,
                "CELERY_BROKER_URL": broker_url,
                "HELPDESK_VAR_DIR": str(tmp_path),
                "DJANGO_DEBUG": "1",
                "HELPDESK_SWEEP_SECONDS": "1",
                **env,
            }
        )
        self.processes: list[subprocess.Popen[str]] = []
        self.tmp_path = tmp_path

    def start(
        self, *, beat: bool = False, pool: str = "solo", concurrency: int = 1
    ) -> subprocess.Popen[str]:
        index = len(self.processes)
        log = open(self.tmp_path / f"worker-{index}.log", "w")  # noqa: SIM115
        args = [sys.executable, "-m", "celery", "-A", "helpdesk", "worker", "--pool", pool]
        args += ["--concurrency", str(concurrency)]
        args += ["--loglevel", "INFO", "-n", f"w{index}-{uuid.uuid4().hex[:6]}@%h"]
        if beat:
            args += ["-B", "-s", str(self.tmp_path / f"beat-{index}")]
        process = subprocess.Popen(
            args,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.processes.append(process)
        return process

    def kill(self, process: subprocess.Popen[str]) -> None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)

    def logs(self) -> str:
        return "\n".join(p.read_text() for p in sorted(self.tmp_path.glob("worker-*.log")))

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)


@pytest.fixture
def private_redis():
    if not REDIS_SERVER:
        pytest.skip("redis-server is not on PATH: no private Redis to break")
    redis = PrivateRedis()
    redis.start()
    yield redis
    redis.stop()


def use_broker(url: str, options: dict | None = None) -> dict:
    """Publish to ``url`` with the production Redis options; return what was there before."""
    from django.conf import settings

    previous = {
        "url": celery_app.conf.broker_url,
        "options": celery_app.conf.broker_transport_options,
    }
    celery_app.conf.broker_url = url
    celery_app.conf.broker_transport_options = (
        settings.REDIS_BROKER_TRANSPORT_OPTIONS if options is None else options
    )
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    return previous


@pytest.fixture
def production_like(settings, private_redis):
    """The web process as in production: cache and broker on (the private) Redis."""
    settings.CACHES = {
        "default": {
            "BACKEND": "helpdesk.cache.ResilientRedisCache",
            "LOCATION": private_redis.url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    previous = use_broker(private_redis.url)
    celery_app.conf.task_always_eager = False
    yield private_redis
    celery_app.conf.task_always_eager = True
    use_broker(previous["url"], previous["options"])


def guest_inquiry(subject: str) -> dict[str, str]:
    return {
        "category": "feedback",
        "submission_id": str(uuid.uuid4()),
        "requester_name": "장애 테스트",
        "requester_email": "outage@example.com",
        "subject": subject,
        "body": "Redis가 멈춘 동안 접수한 문의입니다.",
    }


def mails_to(folder: Path, address: str) -> int:
    return sum(p.read_text(errors="replace").count(f"To: {address}") for p in folder.glob("*.log"))


# --- Redis stopped or hung while a ticket is filed ------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fault", ["stopped", "hung"])
def test_a_ticket_filed_while_redis_is_down_is_saved_at_once_and_acknowledged_once_later(
    production_like, reference_data, settings, tmp_path, fault
):
    redis = production_like
    redis.stop() if fault == "stopped" else redis.hang()
    started = time.monotonic()
    response = Client().post(reverse("tickets:new"), guest_inquiry(f"redis {fault}"))
    elapsed = time.monotonic() - started
    assert response.status_code == 302 and "/tickets/track/" in response["Location"]
    assert elapsed < 3, f"the person waited {elapsed:.1f} s"
    ticket = Ticket.objects.get(subject=f"redis {fault}")
    assert Message.objects.filter(ticket=ticket).count() == 1
    email = OutboundEmail.objects.get(to="outage@example.com")
    assert email.state == OutboundEmail.State.QUEUED and email.attempts == 0
    # The page of the ticket answers too, with Redis still away.
    assert Client().get(response["Location"]).status_code == 200

    redis.start() if fault == "stopped" else redis.resume()
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        # No worker can share an SQLite test database: the sweep runs here, as beat would.
        from outbox.tasks import deliver_due_email

        celery_app.conf.task_always_eager = True
        deliver_due_email.apply()
        deliver_due_email.apply()
        email.refresh_from_db()
        assert (email.state, email.attempts) == (OutboundEmail.State.SENT, 1)
        return
    workers = Workers(settings, tmp_path, redis.url)
    workers.start(beat=True)
    try:

        def sent() -> bool:
            email.refresh_from_db()
            return email.state == OutboundEmail.State.SENT

        assert wait_for(sent, 30), workers.logs()[-3000:]
        time.sleep(2.5)  # two more sweeps: nothing goes out twice
        assert mails_to(tmp_path / "outbox", "outage@example.com") == 1
        email.refresh_from_db()
        assert email.attempts == 1
    finally:
        workers.stop_all()


@pytest.mark.django_db(transaction=True)
def test_a_dead_broker_port_does_not_fail_or_slow_the_form(reference_data, settings):
    """No Redis at all on the broker's port (refused at once): saved, answered, queued."""
    previous = use_broker(f"redis://127.0.0.1:{free_port()}/0")
    celery_app.conf.task_always_eager = False
    try:
        started = time.monotonic()
        response = Client().post(reverse("tickets:new"), guest_inquiry("no broker"))
        elapsed = time.monotonic() - started
    finally:
        celery_app.conf.task_always_eager = True
        use_broker(previous["url"], previous["options"])
    assert response.status_code == 302 and elapsed < 3
    assert Ticket.objects.filter(subject="no broker").exists()
    assert OutboundEmail.objects.get(to="outage@example.com").state == OutboundEmail.State.QUEUED


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fault", ["stopped", "hung"])
def test_the_api_files_a_ticket_while_redis_is_down(production_like, reference_data, fault):
    """The API's throttles count in the cache: with Redis away they let the call through."""
    from rest_framework.test import APIClient

    redis = production_like
    redis.stop() if fault == "stopped" else redis.hang()
    try:
        started = time.monotonic()
        response = APIClient().post(
            "/api/v1/tickets/",
            {
                "category": "feedback",
                "subject": f"api {fault}",
                "body": "Redis is away",
                "requester_name": "Guest",
                "requester_email": "outage@example.com",
            },
            format="json",
        )
        elapsed = time.monotonic() - started
    finally:
        redis.resume() if fault == "hung" else None
    assert response.status_code == 201, response.content
    assert elapsed < 3, f"the caller waited {elapsed:.1f} s"
    assert Ticket.objects.filter(subject=f"api {fault}").exists()


def test_publishing_never_waits_on_a_dead_broker(settings):
    assert settings.CELERY_TASK_PUBLISH_RETRY is False
    assert settings.CELERY_BROKER_CONNECTION_TIMEOUT <= 2
    options = settings.REDIS_BROKER_TRANSPORT_OPTIONS
    assert options["socket_timeout"] <= 1 and options["socket_connect_timeout"] <= 1
    assert options["max_retries"] <= 1
    if settings.CELERY_BROKER_URL.startswith("redis"):
        assert options == settings.CELERY_BROKER_TRANSPORT_OPTIONS
        # A timed-out acknowledgement must not freeze the worker (issue 26).
        assert settings.CELERY_BROKER_TRANSPORT == "helpdesk.celery:RedisTransport"
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1


# --- A worker killed mid-task -------------------------------------------------------------


def children_of(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("killed", ["pool process", "whole worker"])
def test_a_worker_killed_mid_delivery_leaves_the_mail_to_a_new_worker_which_sends_it_once(
    settings, tmp_path, private_redis, killed
):
    """SIGKILL while the SMTP server holds the message. A pool process: the worker sees it
    lost and puts the message back (acks_late + reject_on_worker_lost), a new pool process
    sends it. The whole worker: the unacknowledged message comes back after the visibility
    timeout to the next worker. No sweep runs: only the redelivered message can send it."""
    needs_services()
    smtp = SmtpStub("hang_first_data")
    email = OutboundEmail.objects.create(to="kill@example.com", subject="kill -9", body_text="x")
    workers = Workers(
        settings,
        tmp_path,
        private_redis.url,
        EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}",
        HELPDESK_EMAIL_TIMEOUT="30",
        # The row's claim lapses before the message comes back (immediately for a pool process).
        HELPDESK_OUTBOX_CLAIM_SECONDS="0" if killed == "pool process" else "2",
        # A lost pool process's message must come back at once, not by the visibility timeout.
        HELPDESK_BROKER_VISIBILITY_TIMEOUT="3600" if killed == "pool process" else "3",
        HELPDESK_BROKER_RESTORE_SECONDS="1",
        HELPDESK_SWEEP_SECONDS="3600",
    )
    try:
        from outbox.tasks import deliver_email

        celery_app.conf.task_always_eager = False
        try:
            with celery_app.connection_for_write(private_redis.url) as connection:
                deliver_email.apply_async(args=[email.pk], connection=connection)
        finally:
            celery_app.conf.task_always_eager = True
        first = workers.start(pool="prefork" if killed == "pool process" else "solo")
        assert smtp.data_started.wait(30), workers.logs()[-3000:]
        if killed == "pool process":
            [child] = children_of(first.pid)
            os.kill(child, signal.SIGKILL)  # the worker starts a new pool process itself
        else:
            workers.kill(first)
            workers.start()
        email.refresh_from_db()
        assert smtp.received == []

        def sent() -> bool:
            email.refresh_from_db()
            return email.state == OutboundEmail.State.SENT

        assert wait_for(sent, 40), workers.logs()[-3000:]
        time.sleep(1)
        assert len(smtp.received) == 1 and b"kill -9" in smtp.received[0]
    finally:
        workers.stop_all()
        smtp.close()


# --- Two beat schedulers at once --------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_beats_and_two_workers_deliver_each_mail_and_each_reminder_once(
    settings, tmp_path, private_redis, reference_data
):
    needs_services()
    from tests.factories import TicketFactory

    smtp = SmtpStub("ok")
    for n in range(12):
        OutboundEmail.objects.create(to=f"b{n}@example.com", subject=f"mail-{n}", body_text="x")
    past = timezone.now() - timedelta(minutes=5)
    reminders = []
    for n in range(4):
        ticket = TicketFactory(status=Ticket.Status.PENDING, requester__email=f"r{n}@example.com")
        reminders.append(
            Reminder.objects.create(ticket=ticket, kind=Reminder.Kind.PENDING_NUDGE, due_at=past)
        )
    workers = Workers(
        settings, tmp_path, private_redis.url, EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}"
    )
    try:
        workers.start(beat=True)
        workers.start(beat=True)

        def done() -> bool:
            return (
                not OutboundEmail.objects.exclude(state=OutboundEmail.State.SENT).exists()
                and not Reminder.objects.filter(state=Reminder.State.SCHEDULED).exists()
                and OutboundEmail.objects.count() == 16
            )

        assert wait_for(done, 45), workers.logs()[-3000:]
        time.sleep(3)  # several more sweeps from both beats
        assert len(smtp.received) == 16
        subjects = [m for m in smtp.received if b"mail-" in m]
        assert len(subjects) == 12
        for reminder in reminders:
            reminder.refresh_from_db()
            assert reminder.state == Reminder.State.SENT
            assert (
                TicketEvent.objects.filter(
                    ticket_id=reminder.ticket_id, kind=TicketEvent.Kind.REMINDER
                ).count()
                == 1
            )
        assert "beat: Starting" in workers.logs()
    finally:
        workers.stop_all()
        smtp.close()


# --- SMTP refusing or silent ------------------------------------------------------------------


@pytest.fixture
def smtp_mailer(settings):
    def configure(mode: str) -> SmtpStub:
        stub = SmtpStub(mode)
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": stub.port, "timeout": 1},
            }
        }
        stubs.append(stub)
        return stub

    stubs: list[SmtpStub] = []
    yield configure
    for stub in stubs:
        stub.close()


def queued() -> OutboundEmail:
    return OutboundEmail.objects.create(to="x@example.com", subject="s", body_text="b")


def test_a_permanent_refusal_marks_the_mail_failed_and_shows_it_to_admins(db, smtp_mailer):
    smtp_mailer("550")
    email = queued()
    assert outbox.deliver_email(email.pk) is False
    email.refresh_from_db()
    assert email.state == OutboundEmail.State.FAILED and email.attempts == 1
    assert email.last_error.startswith("550")
    from tests.factories import UserFactory

    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:outbox_outboundemail_changelist"), {"state__exact": "failed"})
    assert "550" in page.content.decode() and "x@example.com" in page.content.decode()


def test_a_temporary_refusal_is_retried_with_growing_back_off_until_it_goes_out(db, smtp_mailer):
    stub = smtp_mailer("451")
    email = queued()
    waits = []
    for _ in range(2):
        before = timezone.now()
        assert outbox.deliver_email(email.pk) is False
        email.refresh_from_db()
        assert email.state == OutboundEmail.State.QUEUED and email.last_error.startswith("451")
        waits.append(email.next_attempt_at - before)
        assert outbox.deliver_email(email.pk) is False  # not due yet: nothing tried
        OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
    assert timedelta(minutes=1) < waits[0] < waits[1]
    stub.mode = "ok"
    assert outbox.deliver_email(email.pk) is True
    email.refresh_from_db()
    assert (email.state, email.attempts) == (OutboundEmail.State.SENT, 3)
    assert len(stub.received) == 1


def test_a_silent_smtp_server_times_out_and_the_mail_waits_for_a_retry(db, smtp_mailer):
    smtp_mailer("silent")
    email = queued()
    started = time.monotonic()
    assert outbox.deliver_email(email.pk) is False
    assert time.monotonic() - started < 5
    email.refresh_from_db()
    assert email.state == OutboundEmail.State.QUEUED and email.attempts == 1
    assert "timed out" in email.last_error.lower() or "timeout" in email.last_error.lower()


def test_the_smtp_timeout_comes_from_the_environment():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "HELPDESK_"))}
    env.update({"EMAIL_URL": "smtp://mail.example.com:25", "HELPDESK_EMAIL_TIMEOUT": "3"})
    env.setdefault("DJANGO_SECRET_KEY", "x")
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.MAILERS['default']['OPTIONS']['timeout'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "helpdesk.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "3", result.stderr


# --- PostgreSQL restarted under load ----------------------------------------------------------

LOAD = r"""
import json, sys, time
import django
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import close_old_connections, connection
from catalog.models import Category, Queue
from tickets import services

queue, _ = Queue.objects.get_or_create(slug="load", defaults={"name_ko": "q", "name_en": "q"})
category, _ = Category.objects.get_or_create(
    slug="load", defaults={"name_ko": "c", "name_en": "c", "queue": queue}
)
print("ready", flush=True)
ok, failed, n = [], 0, 0
deadline = time.monotonic() + float(sys.argv[1])
while time.monotonic() < deadline:
    n += 1
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 2048
    try:
        services.open_ticket(
            requester=None, category=category, subject=f"load {n}", body="body " * 50,
            requester_name="Load", requester_email="load@example.com",
            attachments=[SimpleUploadedFile(f"{n}.png", png, "image/png")],
        )
        ok.append(f"load {n}")
    except Exception:
        failed += 1
        connection.close()
        time.sleep(0.05)
print(json.dumps({"ok": ok, "failed": failed}), flush=True)
"""


def test_a_postgres_restart_under_load_leaves_no_half_written_ticket(tmp_path):
    if not os.environ.get("DATABASE_URL"):
        pytest.skip("DATABASE_URL is not set: PostgreSQL fault tests run with the real services")
    cluster = PrivatePostgres()
    reason = cluster.available()
    if reason:
        pytest.skip(f"no private PostgreSQL: {reason}")
    import psycopg2

    try:
        cluster.init()
        cluster.start()
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DATABASE_", "REDIS_", "CELERY_", "EMAIL_", "HELPDESK_"))
        }
        env.update(
            {
                "DATABASE_URL": cluster.url,
                "HELPDESK_VAR_DIR": str(tmp_path),
                "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
                "DJANGO_DEBUG": "1",
                "DATABASE_CONN_MAX_AGE": "0",
            }
        )
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=120,
            capture_output=True,
        )
        load = subprocess.Popen(
            [sys.executable, "-c", LOAD, "6"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert load.stdout.readline().strip() == "ready"
        time.sleep(1.5)
        cluster.restart("immediate")  # as a crash: no clean shutdown of running transactions
        output, _ = load.communicate(timeout=60)
        result = json.loads(output.strip().splitlines()[-1])
        with psycopg2.connect(host="127.0.0.1", port=cluster.port, user="postgres") as db:
            cursor = db.cursor()
            cursor.execute(
                "SELECT t.subject, COUNT(DISTINCT m.id), COUNT(DISTINCT a.id) FROM tickets_ticket t "
                "LEFT JOIN tickets_message m ON m.ticket_id = t.id "
                "LEFT JOIN tickets_attachment a ON a.ticket_id = t.id GROUP BY t.subject"
            )
            rows = {subject: (messages, files) for subject, messages, files in cursor.fetchall()}
            cursor.execute("SELECT file FROM tickets_attachment")
            stored = {name for (name,) in cursor.fetchall()}
        assert result["ok"] and result["failed"], result  # the restart really hit the load
        half = {subject: counts for subject, counts in rows.items() if counts != (1, 1)}
        assert half == {}
        assert set(result["ok"]) <= set(rows)  # every success answered is in the database
        on_disk = {
            str(p.relative_to(tmp_path / "media")) for p in (tmp_path / "media").rglob("*.png")
        }
        assert on_disk <= stored, "files of rolled-back submissions stayed behind"
    finally:
        cluster.destroy()


# --- Redis hung while the worker delivers ---------------------------------------------------
# Production-shaped: the web process (the test client, cache and broker on the private Redis),
# a prefork worker with two pool processes and a separate beat, as docker-compose runs them.

HANG_SECONDS = (1, 3, 10, 1, 3, 10, 1, 3, 10, 1)  # ten cycles, 43 s of real hangs in all
RECOVERY_SECONDS = 30.0


def start_beat(workers: Workers) -> subprocess.Popen[str]:
    log = open(workers.tmp_path / "beat.log", "w")  # noqa: SIM115
    args = [sys.executable, "-m", "celery", "-A", "helpdesk", "beat", "--loglevel", "INFO"]
    args += ["-s", str(workers.tmp_path / "beat-schedule")]
    process = subprocess.Popen(
        args,
        cwd=ROOT,
        env=workers.env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    workers.processes.append(process)
    return process


def file_guest_inquiry(address: str, remote_addr: str) -> None:
    data = {**guest_inquiry(f"hang {address}"), "requester_email": address}
    response = Client(REMOTE_ADDR=remote_addr).post(reverse("tickets:new"), data)
    assert response.status_code == 302, response.status_code


def sent_count(addresses: list[str]) -> int:
    return OutboundEmail.objects.filter(to__in=addresses, state=OutboundEmail.State.SENT).count()


@pytest.mark.django_db(transaction=True)
def test_a_redis_hang_while_the_worker_delivers_never_stops_it_consuming(
    production_like, reference_data, settings, tmp_path
):
    """Each cycle files eight inquiries in quick succession (their acknowledgements are being
    delivered and acknowledged), stops Redis (SIGSTOP), files one more, keeps Redis stopped
    for 1, 3 or 10 seconds and resumes it (SIGCONT): all nine acknowledgements go out within
    30 seconds of the resume, and every one exactly once."""
    needs_services()
    redis = production_like
    workers = Workers(settings, tmp_path, redis.url)
    worker = workers.start(pool="prefork", concurrency=2)
    start_beat(workers)
    recoveries: list[float] = []
    addresses: list[str] = []
    try:
        file_guest_inquiry("warm-up@example.com", "10.9.9.9")
        assert wait_for(lambda: sent_count(["warm-up@example.com"]) == 1, 60), workers.logs()[
            -3000:
        ]
        for cycle, hang_seconds in enumerate(HANG_SECONDS):
            batch = [f"hang-{cycle}-{n}@example.com" for n in range(9)]
            addresses += batch
            for n, address in enumerate(batch[:8]):
                file_guest_inquiry(address, f"10.1.{cycle}.{n}")
            redis.hang()
            hung_at = time.monotonic()
            # Its publish times out within a second; the e-mail waits in its row for a sweep.
            file_guest_inquiry(batch[8], f"10.1.{cycle}.8")
            time.sleep(max(0.0, hang_seconds - (time.monotonic() - hung_at)))
            redis.resume()
            resumed_at = time.monotonic()
            recovered = wait_for(lambda b=batch: sent_count(b) == 9, RECOVERY_SECONDS, 0.05)
            recoveries.append(time.monotonic() - resumed_at)
            assert recovered, (
                f"cycle {cycle + 1} (Redis hung {hang_seconds} s): {sent_count(batch)} of 9 "
                f"acknowledgements sent {RECOVERY_SECONDS:.0f} s after Redis resumed "
                f"(worker alive: {worker.poll() is None})\n"
                + (tmp_path / "worker-0.log").read_text()[-4000:]
            )
        time.sleep(2.5)  # more sweeps: nothing goes out twice
        for address in addresses:
            assert mails_to(tmp_path / "outbox", address) == 1, address
        attempts = OutboundEmail.objects.filter(to__in=addresses).values_list("attempts", flat=True)
        assert set(attempts) == {1}
        print(
            f"\nRedis hangs {HANG_SECONDS} s; recovered after {[round(r, 2) for r in recoveries]} s"
        )
    finally:
        workers.stop_all()


@pytest.mark.django_db(transaction=True)
def test_a_worker_that_stops_consuming_fails_its_liveness_check_and_passes_again_after(
    settings, tmp_path, private_redis
):
    """Real beat and worker, a heartbeat every second: check_worker (the docker-compose
    healthcheck) passes, fails once the worker is frozen (alive, consuming nothing) while beat
    goes on sending, and passes again when it thaws."""
    needs_services()
    workers = Workers(settings, tmp_path, private_redis.url, HELPDESK_HEARTBEAT_SECONDS="1")
    worker = workers.start()
    start_beat(workers)

    def check() -> int:
        args = [sys.executable, "manage.py", "check_worker", "--worker", "--beat"]
        return subprocess.run(
            [*args, "--max-age", "4"], cwd=ROOT, env=workers.env, capture_output=True, timeout=60
        ).returncode

    try:
        assert wait_for(lambda: check() == 0, 40), workers.logs()[-3000:]
        os.killpg(worker.pid, signal.SIGSTOP)
        try:
            assert wait_for(lambda: check() == 1, 30)
        finally:
            os.killpg(worker.pid, signal.SIGCONT)
        assert wait_for(lambda: check() == 0, 30), workers.logs()[-3000:]
    finally:
        workers.stop_all()


@pytest.mark.parametrize("hang", [True, False])
def test_an_acknowledgement_a_hung_redis_did_not_answer_frees_the_slot_and_is_settled_later(
    settings, private_redis, hang
):
    """The cause of the frozen worker, at the transport: with kombu's own Redis QoS a timed-out
    acknowledgement kept its prefetch slot for good (can_consume() stayed False)."""
    import redis as redis_py
    from kombu import Connection

    options = {**settings.REDIS_BROKER_TRANSPORT_OPTIONS, "max_retries": 0}
    with Connection(
        private_redis.url, transport="helpdesk.celery:RedisTransport", transport_options=options
    ) as connection:
        channel = connection.default_channel
        channel.basic_qos(0, 1, False)  # a prefetch of one, as a solo worker has
        channel.queue_declare("acks")
        for body in ("first", "second"):
            channel.basic_publish(channel.prepare_message(body), exchange="", routing_key="acks")
        first = channel.basic_get("acks", no_ack=False)
        assert not channel.qos.can_consume()
        if hang:
            private_redis.hang()
        started = time.monotonic()
        try:
            first.ack()  # times out after socket_timeout when hung, and does not raise
        finally:
            private_redis.resume() if hang else None
        assert time.monotonic() - started < 5
        assert channel.qos.can_consume()  # the slot is free: the worker consumes on
        # (Redis may still apply the removal it read after resuming; the worker cannot know.)
        assert len(channel.qos._unsettled) == (1 if hang else 0)
        second = channel.basic_get("acks", no_ack=False)
        assert second.body == b"second" or second.body == "second"
        second.ack()  # Redis answers again: the first acknowledgement is settled too
        assert not channel.qos._unsettled
        unacked = redis_py.Redis.from_url(private_redis.url)
        assert unacked.hlen("unacked") == 0 and unacked.zcard("unacked_index") == 0
