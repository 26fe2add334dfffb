"""A real Celery worker on the real Redis picks up a task and does its work in the database."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from helpdesk.celery import app as celery_app
from outbox.models import OutboundEmail
from outbox.tasks import deliver_email

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        not REDIS_URL, reason="REDIS_URL is not set: no real Redis for a real worker"
    ),
]


def database_url(settings) -> str:
    db = settings.DATABASES["default"]
    if "postgresql" not in db["ENGINE"]:
        pytest.skip("a worker process shares the test database only on PostgreSQL (DATABASE_URL)")
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(settings, tmp_path):
    """Start `celery worker` on a queue of its own; yield (queue name, outbox folder)."""
    queue = f"itest-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(settings),
        "HELPDESK_VAR_DIR": str(tmp_path),
        "DJANGO_DEBUG": "1",
    }
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "helpdesk",
            "worker",
            "-Q",
            queue,
            "--pool",
            "solo",
            "--loglevel",
            "INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield queue, tmp_path / "outbox", process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def real_broker():
    """Publish to the broker instead of running tasks in the test process."""
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = True


def wait_for(condition, seconds=40.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_redis_delivers_a_queued_email(worker, real_broker):
    queue, outbox_dir, process = worker
    email = OutboundEmail.objects.create(
        to="buyer@example.com", subject="접수 확인", body_text="감사합니다"
    )
    with celery_app.connection_for_write(REDIS_URL) as connection:
        deliver_email.apply_async(args=[email.pk], queue=queue, connection=connection)

    def sent():
        email.refresh_from_db()
        return email.state == OutboundEmail.State.SENT

    if not wait_for(sent):
        process.terminate()
        pytest.fail(
            "the worker did not deliver within 40 s:\n" + (process.communicate(timeout=10)[0] or "")
        )
    written = "".join(p.read_text() for p in outbox_dir.glob("*.log"))
    assert "buyer@example.com" in written
    assert email.attempts == 1
