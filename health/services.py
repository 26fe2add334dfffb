"""Heartbeats are written here, and only here."""

from __future__ import annotations

import logging

from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone

from .models import Heartbeat

logger = logging.getLogger(__name__)


def record_heartbeat(name: str) -> None:
    """Set heartbeat ``name`` to now: one UPDATE, an INSERT the first time."""
    now = timezone.now()
    if not Heartbeat.objects.filter(name=name).update(at=now):
        Heartbeat.objects.update_or_create(name=name, defaults={"at": now})


def record_heartbeat_quietly(name: str) -> None:
    """For signal handlers in long-lived processes (beat, the worker's main process): a
    database that is away costs a log line, never the process; a connection it broke is
    replaced at the next call."""
    try:
        if not connection.in_atomic_block:
            close_old_connections()
        record_heartbeat(name)
    except DatabaseError as error:
        logger.warning("Heartbeat %s not recorded: %s", name, error)
        if not connection.in_atomic_block:
            connection.close()
