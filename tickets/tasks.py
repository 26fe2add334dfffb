"""Reminder tasks: beat runs the sweep on a fixed interval; services enqueue the fast path."""

from celery import shared_task

from . import reminders


@shared_task
def sweep_reminders() -> int:
    """Send every reminder that fell due, including those due while workers were down."""
    return reminders.sweep().sent


@shared_task
def send_reminder(reminder_id: int) -> None:
    """Send one reminder that was already due when it was scheduled; the sweep is the
    safety net, and the row's claim makes a second run (or the sweep) a no-op."""
    reminders.send_one(reminder_id)
