"""A real ASGI server for the chat's end-to-end tests: daphne, the server `make run` and
docker-compose use, in a process of its own on the test database (the test's rows must be
committed: ``transactional_db``)."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(settings) -> str:
    db = settings.DATABASES["default"]
    if "sqlite" in db["ENGINE"]:
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{db['USER']}{password}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


@contextlib.contextmanager
def daphne(settings, tmp_path, *, redis_url: str = "", prefix: str = ""):
    """Serve helpdesk.asgi on a free port; yield its http:// base address."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(settings),
        "HELPDESK_VAR_DIR": str(tmp_path / f"server-{port}"),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CELERY_TASK_ALWAYS_EAGER": "1",
        "PYTHONUNBUFFERED": "1",
        "HELPDESK_CHAT_LAYER_PREFIX": prefix or f"chat-test-{uuid.uuid4().hex[:8]}",
    }
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    log = (tmp_path / f"daphne-{port}.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "helpdesk.asgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    if process.poll() is not None or time.monotonic() >= deadline:
        process.kill()
        log.close()
        pytest.fail("daphne did not start:\n" + (tmp_path / f"daphne-{port}.log").read_text())
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
