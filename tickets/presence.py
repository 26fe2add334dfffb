"""Who else has a ticket open in the workspace, and who is writing on it.

Kept in the cache, not the database: it is worth seconds, and losing it costs nothing. Each
open ticket page reports in every few seconds; an entry older than ``STALE_SECONDS`` is gone.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core.cache import cache

from accounts.models import User

STALE_SECONDS = 10
CACHE_SECONDS = 60


@dataclass(frozen=True)
class Viewer:
    name: str
    is_typing: bool


def _key(ticket_id: int) -> str:
    return f"agent-presence:{ticket_id}"


def report(ticket_id: int, user: User, *, is_typing: bool) -> list[Viewer]:
    """Note that this agent has the ticket open (and whether they are writing); return the
    other agents who have it open now."""
    now = time.time()
    entries: dict[int, tuple[str, bool, float]] = cache.get(_key(ticket_id)) or {}
    fresh = {pk: entry for pk, entry in entries.items() if now - entry[2] < STALE_SECONDS}
    fresh[user.pk] = (str(user), is_typing, now)
    # Read-modify-write without a lock: two reports at the same instant may drop one entry,
    # which the next report a few seconds later puts back.
    cache.set(_key(ticket_id), fresh, CACHE_SECONDS)
    return [
        Viewer(name=name, is_typing=typing)
        for pk, (name, typing, _at) in sorted(fresh.items(), key=lambda item: item[1][0])
        if pk != user.pk
    ]


def leave(ticket_id: int, user: User) -> None:
    entries: dict[int, tuple[str, bool, float]] = cache.get(_key(ticket_id)) or {}
    if entries.pop(user.pk, None) is not None:
        cache.set(_key(ticket_id), entries, CACHE_SECONDS)
