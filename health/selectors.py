"""Reads of the heartbeats: the liveness checks of the process managers and /healthz."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Min
from django.db.models.functions import Now
from django.utils import timezone

from outbox.models import OutboundEmail
from tickets.models import Reminder

from .models import Heartbeat


@dataclass(frozen=True)
class Liveness:
    """When beat last sent the heartbeat and a worker last consumed it, against ``now``."""

    now: datetime
    beat_at: datetime | None
    worker_at: datetime | None

    def age(self, at: datetime | None) -> float | None:
        return None if at is None else max(0.0, (self.now - at).total_seconds())

    def beat_stale(self, max_age_seconds: float) -> bool:
        age = self.age(self.beat_at)
        return age is None or age > max_age_seconds

    def worker_stale(self, max_age_seconds: float) -> bool:
        """Beat is sending, yet no worker consumed a heartbeat for ``max_age_seconds``. With
        beat itself silent, the worker is not blamed: restarting it would change nothing."""
        if self.beat_stale(max_age_seconds):
            return False
        age = self.age(self.worker_at)
        return age is None or age > max_age_seconds


def liveness() -> Liveness:
    rows = dict(
        Heartbeat.objects.filter(name__in=[Heartbeat.BEAT, Heartbeat.WORKER]).values_list(
            "name", "at"
        )
    )
    return Liveness(timezone.now(), rows.get(Heartbeat.BEAT), rows.get(Heartbeat.WORKER))


def _iso(at: datetime | None) -> str | None:
    return None if at is None else at.isoformat()


def pipeline_status() -> dict[str, object]:
    """For /healthz: the heartbeats, when each sweep last ran, and how many seconds the oldest
    due reminder and the oldest due queued e-mail are behind (0 when nothing waits). Three
    small queries, the last two on the sweeps' partial indexes."""
    now = timezone.now()
    beats = dict(Heartbeat.objects.values_list("name", "at"))
    oldest_reminder = Reminder.objects.filter(
        state=Reminder.State.SCHEDULED, due_at__lte=Now()
    ).aggregate(at=Min("due_at"))["at"]
    oldest_email = OutboundEmail.objects.filter(
        state=OutboundEmail.State.QUEUED, next_attempt_at__lte=Now()
    ).aggregate(at=Min("next_attempt_at"))["at"]

    def behind(at: datetime | None) -> float:
        return 0.0 if at is None else round(max(0.0, (now - at).total_seconds()), 1)

    return {
        "beat_sent_at": _iso(beats.get(Heartbeat.BEAT)),
        "worker_consumed_at": _iso(beats.get(Heartbeat.WORKER)),
        "reminder_sweep_at": _iso(beats.get(Heartbeat.REMINDER_SWEEP)),
        "outbox_sweep_at": _iso(beats.get(Heartbeat.OUTBOX_SWEEP)),
        "reminders_behind_seconds": behind(oldest_reminder),
        "email_behind_seconds": behind(oldest_email),
    }
