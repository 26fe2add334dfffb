"""Run a Celery worker (with or without embedded beat) and replace it when it stops
consuming: ``make run`` starts its worker through this, under honcho."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections
from django.utils.translation import gettext as _

from health.selectors import liveness

from .check_worker import describe, stale_parts


class Command(BaseCommand):
    help = (
        "Run the command after -- (a Celery worker) and restart it when, --max-age seconds "
        "after it started, beat's heartbeats are no longer consumed (or, with --beat, no longer "
        "sent). The supervisor exits with the worker's code when the worker exits by itself."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--max-age", type=float, default=settings.HEARTBEAT_MAX_AGE_SECONDS)
        parser.add_argument("--interval", type=float, default=10.0, help="seconds between checks")
        parser.add_argument(
            "--beat", action="store_true", help="the worker runs beat too (celery worker -B)"
        )
        parser.add_argument("worker_command", nargs=argparse.REMAINDER)

    def handle(self, *args: Any, **options: Any) -> None:
        command = list(options["worker_command"])
        if command[:1] == ["--"]:
            command = command[1:]
        if not command:
            raise CommandError(_("Give the worker's command after --."))
        max_age, interval = options["max_age"], options["interval"]
        stopping: list[int] = []

        def stop(signum: int, frame: Any) -> None:
            stopping.append(signum)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        child, started = self._start(command), time.monotonic()
        while True:
            code = self._wait(child, interval, stopping)
            if stopping:
                # Within honcho's five seconds before it kills us, which would orphan the worker.
                self._terminate(child, grace=3)
                return
            if code is not None:
                sys.exit(code)
            if time.monotonic() - started < max_age:
                continue  # a new worker gets --max-age to consume its first heartbeat
            try:
                close_old_connections()
                state = liveness()
            except DatabaseError as error:
                self.stderr.write(_("Liveness unknown, the database is unreachable: %s") % error)
                continue
            stale = stale_parts(state, max_age, worker=True, beat=options["beat"])
            if stale:
                self.stderr.write(
                    _("Worker not live (%(parts)s): %(state)s; restarting it.")
                    % {"parts": ", ".join(stale), "state": describe(state)}
                )
                self._terminate(child, grace=20)
                child, started = self._start(command), time.monotonic()

    def _start(self, command: list[str]) -> subprocess.Popen[bytes]:
        # Its own session: signals reach it from here only, once.
        return subprocess.Popen(command, start_new_session=True)  # noqa: S603

    @staticmethod
    def _wait(child: subprocess.Popen[bytes], seconds: float, stopping: list[int]) -> int | None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not stopping:
            code = child.poll()
            if code is not None:
                return code
            time.sleep(min(0.2, seconds))
        return child.poll()

    @staticmethod
    def _terminate(child: subprocess.Popen[bytes], *, grace: float) -> None:
        """SIGTERM (Celery's warm shutdown), SIGKILL to its whole group after ``grace`` s."""
        if child.poll() is not None:
            return
        child.terminate()
        try:
            child.wait(grace)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait(10)
