"""Per-process copies of shared data, and how they heal.

Reference data (categories, queues, who works where, targets, routing rules, canned
responses, calendars, stores) and the parts of pages rendered from it are kept in each
worker process: every page reads them and they change a few times a week. A copy must never
show stale data for good, so every one of them (a ``Copies``):

- is keyed by everything it depends on, and by the shared *generation*, a number kept in
  the cache (Redis in production). Any change to reference data starts a new generation
  (``forget``: saves and deletes through signals, bulk writes through ReferenceQuerySet),
  and a process that reads a new generation drops all its copies;
- lives COPY_SECONDS at most, whatever the generation says: a change written past the ORM
  (SQL, another program) shows within that time (twice that for the lists that are also
  kept in the cache, catalog.reference);
- is not kept at all while the generation cannot be read (Redis down, or flushed and not
  yet restarted): the process drops its copies and reads the database;
- heals after an outage: a new generation that Redis refused, or a generation this process
  could not read (it cannot know what changed meanwhile), is remembered, and the process
  starts a new generation the first time Redis answers again. So a change saved during an
  outage reaches every process once Redis is back, even a process that never noticed it.

The generation is read once per request (and at most every CHECK_SECONDS outside requests,
in tasks): one small cache read per request stands for all the copies. How they heal is
tested in tests/catalog/test_copies.py; that kept renders equal fresh ones in
tests/agent/test_kept_parts.py.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.core.cache import cache
from django.core.signals import request_started
from django.db import models, transaction

from . import cache as redis_state

logger = logging.getLogger(__name__)

# How long any copy is kept, in seconds (process memory, and the lists shared in the cache).
COPY_SECONDS = 120.0
# Outside requests (tasks), how often the generation is read again.
CHECK_SECONDS = 1.0
GENERATION_KEY = "reference:v2:generation"


def _now() -> float:
    """The clock copies expire by (tests move it)."""
    return time.monotonic()


def wall_clock() -> float:
    """Seconds since the epoch, for copies shared between processes (tests move it)."""
    return time.time()


@dataclass
class _Memory:
    """All that one process holds: its view of the generation and its copies."""

    generation: int | None = None
    read_at: float = float("-inf")
    # A new generation is owed to the others: Redis refused one, or could not be read.
    owes_generation: bool = False
    copies: dict[str, OrderedDict[Hashable, tuple[float, Any]]] = field(default_factory=dict)


# One per process. One thread per process (gunicorn sync workers, Celery prefork); a threaded
# development server at worst builds a copy twice.
_memory = _Memory()


class Copies[V]:
    """One kind of copy kept in this process, by a key that names what it depends on; at most
    ``kept`` of them, the least recently used going first."""

    def __init__(self, name: str, *, kept: int = 1_000) -> None:
        self.name, self.kept = name, kept

    def get_or_build(self, key: Hashable, build: Callable[[], V]) -> V:
        """The copy for ``key`` in the current generation, or ``build()`` kept as it."""
        generation = current_generation()
        if generation is None:
            return build()
        held = _memory.copies.setdefault(self.name, OrderedDict())
        full_key = (generation, key)
        now = _now()
        found = held.get(full_key)
        if found is not None and found[0] > now:
            held.move_to_end(full_key)
            return found[1]  # type: ignore[no-any-return]
        value = build()
        held[full_key] = (now + COPY_SECONDS, value)
        held.move_to_end(full_key)
        while len(held) > self.kept:
            held.popitem(last=False)
        return value

    def clear(self) -> None:
        _memory.copies.pop(self.name, None)


def _read() -> int | None:
    """The shared generation, starting it when the cache holds none; None if unreadable."""
    try:
        value = cache.get(GENERATION_KEY)
        if value is None:
            # Started from the clock, so a flushed Redis never hands back a number some
            # process still holds copies for.
            cache.add(GENERATION_KEY, time.time_ns(), None)
            value = cache.get(GENERATION_KEY)
    except Exception as error:  # a cache other than ResilientRedisCache failing
        redis_state.note_failure("Reference generation read", error)
        return None
    return value if isinstance(value, int) else None


def _move_on() -> bool:
    """Start a new shared generation; False when the cache could not be told."""
    if redis_state.is_down():
        return False
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        # No generation to move (never started, flushed, evicted): the next read starts one
        # from the clock, new to every process. ResilientRedisCache also says "Redis is
        # down" with a ValueError, after noting the failure.
        return not redis_state.is_down()
    except Exception as error:
        redis_state.note_failure("Reference generation bump", error)
        return False
    return True


def current_generation() -> int | None:
    """The shared generation as this process last read it; None while it cannot be read."""
    memory = _memory
    now = _now()
    if now - memory.read_at < CHECK_SECONDS:
        return memory.generation
    memory.read_at = now
    if memory.owes_generation and _move_on():
        memory.owes_generation = False
        logger.info("Reference generation moved on after the cache came back")
    value = _read()
    if value is None:
        memory.owes_generation = True
    if value is None or value != memory.generation:
        memory.copies.clear()
    memory.generation = value
    return value


def drop_local() -> None:
    """Drop this process's copies; the next call reads the generation again."""
    _memory.copies.clear()
    _memory.read_at = float("-inf")


def forget_local_state() -> None:
    """Start this process afresh: no copies, no generation, nothing owed (tests)."""
    global _memory
    _memory = _Memory()


def _new_request(**kwargs: Any) -> None:
    """Each request reads the generation afresh: a change is seen by the next request."""
    _memory.read_at = float("-inf")


request_started.connect(_new_request, dispatch_uid="copies-new-request")


def _start_new_generation() -> None:
    drop_local()
    if not _move_on():
        _memory.owes_generation = True  # told to the others once the cache answers again


def forget() -> None:
    """Reference data changed: every process drops its copies. Now, for this transaction's
    own reads, and again after commit, for readers in between that kept the old rows."""
    _start_new_generation()
    transaction.on_commit(_start_new_generation)


class ReferenceQuerySet[M: models.Model](models.QuerySet[M]):
    """Rows that processes keep copies of. Saves and deletes send signals that ``forget``;
    bulk writes send none, so these do it themselves (bulk_update writes through update()).
    A write touching only ``unshared_fields`` (read fresh wherever they matter), or none of
    ``shared_fields`` when that is set, leaves the copies alone."""

    shared_fields: ClassVar[frozenset[str] | None] = None
    unshared_fields: ClassVar[frozenset[str]] = frozenset()

    def _changes_copies(self, fields: Iterable[str]) -> bool:
        names = set(fields)
        if self.shared_fields is not None:
            return bool(names & self.shared_fields)
        return not names <= self.unshared_fields

    def update(self, **kwargs: Any) -> int:
        rows = super().update(**kwargs)
        if rows and self._changes_copies(kwargs):
            forget()
        return rows

    def bulk_create(self, objs: Iterable[M], *args: Any, **kwargs: Any) -> list[M]:
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            forget()
        return created
