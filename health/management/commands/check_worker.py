"""Liveness for process managers: exit 1 when the worker stopped consuming or beat stopped
sending, 2 when that cannot be known (docker-compose healthchecks; supervise_worker runs the
same check)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from health.selectors import Liveness, liveness


def describe(state: Liveness) -> str:
    def ago(age: float | None) -> str:
        return _("never") if age is None else _("%(seconds)d s ago") % {"seconds": age}

    return _("beat sent the heartbeat %(beat)s, a worker consumed it %(worker)s") % {
        "beat": ago(state.age(state.beat_at)),
        "worker": ago(state.age(state.worker_at)),
    }


def stale_parts(state: Liveness, max_age: float, *, worker: bool, beat: bool) -> list[str]:
    parts = []
    if beat and state.beat_stale(max_age):
        parts.append("beat")
    if worker and state.worker_stale(max_age):
        parts.append("worker")
    return parts


class Command(BaseCommand):
    help = (
        "Exit 1 when beat has sent no heartbeat for --max-age seconds (--beat), or when it "
        "has but no worker consumed one (--worker, the default); both with --worker --beat."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--max-age",
            type=float,
            default=settings.HEARTBEAT_MAX_AGE_SECONDS,
            help="seconds (default: four heartbeat intervals)",
        )
        parser.add_argument("--worker", action="store_true", help="check the worker")
        parser.add_argument("--beat", action="store_true", help="check beat")

    def handle(self, *args: Any, **options: Any) -> None:
        check_beat = options["beat"]
        check_worker = options["worker"] or not check_beat
        try:
            state = liveness()
        except DatabaseError as error:
            # 2, not 1: unknown is not stale (a process manager restarts only on 1).
            raise CommandError(
                _("The database is unreachable: %s") % error, returncode=2
            ) from error
        stale = stale_parts(state, options["max_age"], worker=check_worker, beat=check_beat)
        if stale:
            raise CommandError(
                _("Not live (%(parts)s): %(state)s")
                % {"parts": ", ".join(stale), "state": describe(state)}
            )
        self.stdout.write(describe(state))
