"""Celery signals that keep the heartbeat rows, connected when the Celery app is built
(helpdesk/celery.py) so that beat, the worker and its pool processes all have them. Nothing
here touches the database before Django is set up: the handlers import lazily."""

from __future__ import annotations

from typing import Any

from celery import signals

HEARTBEAT_TASK = "health.tasks.heartbeat"
SWEEPS = {
    "tickets.tasks.sweep_reminders": "sweep:reminders",
    "outbox.tasks.deliver_due_email": "sweep:outbox",
}


def _record(name: str) -> None:
    from .services import record_heartbeat_quietly

    record_heartbeat_quietly(name)


def _beat_started(sender: Any = None, **kwargs: Any) -> None:
    _record("beat")


def _heartbeat_sent(sender: Any = None, **kwargs: Any) -> None:
    # Before, not after: beat ticking is what this row says, even while the broker is away.
    if sender == HEARTBEAT_TASK:
        _record("beat")


def _worker_ready(sender: Any = None, **kwargs: Any) -> None:
    # A restarted worker gets a full --max-age to consume its first heartbeat.
    _record("worker")


def _task_ran(sender: Any = None, state: str | None = None, **kwargs: Any) -> None:
    name = SWEEPS.get(getattr(sender, "name", ""))
    if name and state == "SUCCESS":
        _record(name)


signals.beat_init.connect(_beat_started, weak=False)
signals.before_task_publish.connect(_heartbeat_sent, weak=False)
signals.worker_ready.connect(_worker_ready, weak=False)
signals.task_postrun.connect(_task_ran, weak=False)
