"""Beat sweeps the claims' deadlines on a fixed interval; the rows make it safe to run twice."""

from celery import shared_task

from . import reminders


@shared_task
def sweep_claim_reminders() -> int:
    """Make every automatic move whose time has come (also those due while workers were
    down); returns how many were made."""
    return reminders.sweep().done
