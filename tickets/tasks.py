"""Reminder tasks: beat runs the sweep on a fixed interval; services enqueue the fast path."""

import logging

from celery import Task, shared_task

from . import reminders

logger = logging.getLogger(__name__)


@shared_task(bind=True)
def sweep_reminders(self: Task) -> int:
    """Send every reminder that fell due, including those due while workers were down.

    One batch's worth is sent here; more is handed out in batches to every worker on the same
    queue (send_reminders), so the sweep returns in milliseconds at any volume. With no broker
    to hand out to, this sweep sends them all itself. Returns how many were due."""
    due = reminders.due_ids()
    if len(due) <= reminders.DISPATCH_BATCH:
        reminders.send_batch(due)
        return len(due)
    queue = (self.request.delivery_info or {}).get("routing_key")
    try:
        for start in range(0, len(due), reminders.DISPATCH_BATCH):
            batch = due[start : start + reminders.DISPATCH_BATCH]
            send_reminders.apply_async((batch,), queue=queue)
    except Exception:  # the broker is down: the claims make sending here safe
        logger.warning("Broker unavailable: sweeping reminders in this task", exc_info=True)
        reminders.sweep()
    return len(due)


@shared_task
def send_reminders(reminder_ids: list[int]) -> int:
    """A worker's share of a sweep; a reminder already claimed (by another share, a sweep or
    the fast path) is skipped."""
    return reminders.send_batch(reminder_ids).sent


@shared_task
def send_reminder(reminder_id: int) -> None:
    """Send one reminder that was already due when it was scheduled; the sweep is the
    safety net, and the row's claim makes a second run (or the sweep) a no-op."""
    reminders.send_one(reminder_id)
