"""Fixed-window request limits kept in the shared cache (Redis in production).

django-ratelimit refuses Django's own RedisCache and the file cache of the embedded mode,
so this small counter does the job: on Redis one INCR (with its EXPIRE) counts in the window
atomically; elsewhere ``cache.add`` starts a window and ``cache.incr`` counts in it.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import addresses
from . import cache as redis_state


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    seconds: int


def limit(name: str) -> Limit:
    """The limit called ``name`` in settings.RATE_LIMITS: (requests, per seconds)."""
    count, seconds = settings.RATE_LIMITS[name]
    return Limit(name, count, seconds)


def check(request: HttpRequest, name: str, key: str) -> HttpResponse | None:
    """A 429 response when ``key`` is over the limit ``name``, else None (and counted).

    With the cache (Redis) down or hung the request goes through uncounted: a limit that
    fails closed would refuse every inquiry while Redis is away, and the ticket must be saved.
    """
    if redis_state.is_down():  # failed a moment ago: a hung Redis costs one timeout, not many
        return None
    try:
        retry_after = hit(limit(name), key)
    except Exception as error:  # redis.ConnectionError, TimeoutError, ...: fail open
        redis_state.note_failure(f"rate limit {name}", error)
        return None
    return too_many_requests(request, retry_after) if retry_after else None


def client_address(request: HttpRequest) -> str:
    """The address limits count by (helpdesk.addresses), "unknown" when there is none."""
    return addresses.client_address(request) or "unknown"


def hit(limit: Limit, key: str) -> int:
    """Count one request for ``key``; return seconds to wait when over the limit, else 0."""
    return count(limit, key).retry_after


@dataclass(frozen=True)
class Usage:
    """Where ``key`` stands in the limit's window after this request (for the headers)."""

    limit: Limit
    used: int
    reset_at: int  # Unix time the window ends

    @property
    def remaining(self) -> int:
        return max(0, self.limit.count - self.used)

    @property
    def retry_after(self) -> int:
        """Seconds to wait when over the limit, else 0."""
        if self.used <= self.limit.count:
            return 0
        return max(1, self.reset_at - int(time.time()))


def count(limit: Limit, key: str) -> Usage:
    """Count one request for ``key`` in the limit's fixed window."""
    window = int(time.time() // limit.seconds)
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    cache_key = f"ratelimit:{limit.name}:{window}:{digest}"
    count_in_window = getattr(cache, "count_in_window", None)
    if count_in_window is not None:  # Redis: one round trip
        used = count_in_window(cache_key, limit.seconds + 5)
    elif cache.add(cache_key, 1, timeout=limit.seconds + 5):
        used = 1
    else:
        try:
            used = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.add(cache_key, 1, timeout=limit.seconds + 5)
            used = 1
    return Usage(limit, used, (window + 1) * limit.seconds)


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    response = render(request, "429.html", {"retry_minutes": max(1, retry_after // 60)}, status=429)
    response["Retry-After"] = str(retry_after)
    return response
