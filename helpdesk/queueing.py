"""Queueing Celery tasks from services: by name, after commit, robustly.

Services never import the modules that define tasks (those import services to do the work,
which would make a cycle); they name the task instead. The message goes out only once the
transaction has committed, so a worker never looks for a row that is not there yet. Robust:
with the broker down the request still succeeds, and the row waits for its sweep (every task
queued here has one) instead of the person getting an error for something that was saved.
"""

from __future__ import annotations

import logging
from functools import partial

from django.db import transaction

from .celery import app

logger = logging.getLogger(__name__)


def enqueue_on_commit(task_name: str, *args: object) -> None:
    """Queue ``task_name(*args)`` once the current transaction commits (at once outside one)."""
    transaction.on_commit(partial(_send, task_name, args), robust=True)


def _send(task_name: str, args: tuple[object, ...]) -> None:
    # A signature finds the registered task, so eager mode (tests) runs it in-process.
    app.signature(task_name, args=args).delay()
