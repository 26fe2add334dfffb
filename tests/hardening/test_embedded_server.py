"""`make run` serves with Django's runserver (helpdesk/management/commands/runall): a request
over the size limit gets the same clear 413 there as under gunicorn, not a 500."""

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def embedded_server(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_DEBUG": "1",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REDIS_URL", None)
    # The very command runall starts for the web.
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        server.kill()
        pytest.fail(server.communicate()[0].decode(errors="replace"))
    yield port
    server.terminate()
    server.wait(10)


def test_a_request_over_the_limit_gets_a_clear_413_from_the_embedded_server(embedded_server):
    size = settings.REQUEST_MAX_BYTES + 1024 * 1024
    connection = http.client.HTTPConnection("127.0.0.1", embedded_server, timeout=60)
    connection.request(
        "POST",
        "/tickets/new/",
        body=b"x" * size,
        headers={"Content-Type": "application/octet-stream", "Accept-Language": "en"},
    )
    response = connection.getresponse()
    text = response.read().decode()
    assert response.status == 413, text[:300]
    assert "This request is too large" in text
    # And the server still answers the next person.
    again = http.client.HTTPConnection("127.0.0.1", embedded_server, timeout=30)
    again.request("GET", "/healthz")
    assert again.getresponse().status in (200, 503)
