"""Rows that fall due, swept in batches: the inquiries' reminders (tickets.reminders) and the
claims' deadlines (claims.reminders) share this loop and its clock.

A batch is taken with ``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL, so two sweeps share
the work instead of waiting on each other (SQLite serialises writers); batches follow each
other by keyset, so rows skipped in this sweep are not fetched again until the next one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import DateTimeField, Q, QuerySet, Value
from django.db.models.functions import Now
from django.utils import timezone

After = tuple[datetime, int] | None


def database_now() -> Now | Value:
    """Now, by the database's clock (one clock for every worker, whatever their own say), or
    by this process's where settings.HELPDESK_DATABASE_CLOCK is off."""
    if settings.HELPDESK_DATABASE_CLOCK:
        return Now()
    return Value(timezone.now(), output_field=DateTimeField())


def due_rows[M: models.Model](model: type[M], after: After) -> QuerySet[M]:
    """The model's scheduled rows whose time has come, locked, oldest first, after ``after``
    (the last due time and id of the previous batch)."""
    rows = model._default_manager.select_for_update(skip_locked=True).filter(
        state="scheduled", due_at__lte=database_now()
    )
    if after is not None:
        rows = rows.filter(Q(due_at__gt=after[0]) | Q(due_at=after[0], pk__gt=after[1]))
    return rows.order_by("due_at", "pk")


def sweep_in_batches[M: models.Model](
    model: type[M],
    handle: Callable[[M], None],
    *,
    batch_size: int,
    budget_seconds: float,
) -> None:
    """Hand every due row to ``handle``, a batch per transaction, until none is left or the
    time budget is spent (what is left waits for the next sweep)."""
    started = time.monotonic()
    after: After = None
    while True:
        with transaction.atomic():
            batch = list(due_rows(model, after)[:batch_size])
            for row in batch:
                handle(row)
        if len(batch) < batch_size or time.monotonic() - started > budget_seconds:
            break
        last: Any = batch[-1]
        after = (last.due_at, last.pk)
