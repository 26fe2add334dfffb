"""A Redis cache that degrades to a miss when Redis is down or hung.

Everything kept in the cache (sessions read-through, categories, memberships, FAQ search,
presence, rate-limit counters) can be recomputed from the database, so a dead Redis must cost
speed, never a 500. After a failure the cache is skipped for a few seconds, so a hung Redis
costs one socket timeout per process, not one per request.

This module is the one place that remembers that Redis failed (``is_down``,
``note_failure``): the cache, the rate limits, the API throttles and the reference
generation (helpdesk.copies) all ask it, so one failure pauses them all and they come back
together.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

FAILURES = (RedisConnectionError, RedisTimeoutError, OSError)
PAUSE_SECONDS = 10.0

# Monotonic time until which this process leaves Redis alone. One value per process: a
# thread that saw Redis fail spares the others the same timeout.
_down_until = 0.0


def is_down() -> bool:
    """Whether Redis failed in this process less than PAUSE_SECONDS ago."""
    return time.monotonic() < _down_until


def note_failure(what: str, error: BaseException) -> None:
    """Remember that Redis failed: everything that uses it pauses for PAUSE_SECONDS."""
    global _down_until
    _down_until = time.monotonic() + PAUSE_SECONDS
    logger.warning("%s skipped for %ss: Redis unreachable (%r)", what, PAUSE_SECONDS, error)


def reset() -> None:
    """Believe Redis is up again (tests, after a fault test opened the pause)."""
    global _down_until
    _down_until = 0.0


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django builds a new redis.Redis (and its table of response callbacks) for every cache
    call; one per connection pool does the same work, a few hundred microseconds cheaper."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server: Any, params: Any) -> None:
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def _available(self) -> bool:
        return not is_down()

    def _failed(self, operation: str, error: Exception) -> None:
        note_failure(f"Cache {operation}", error)

    def _try(self, operation: str, default: Any, call: Any, *args: Any, **kwargs: Any) -> Any:
        if not self._available():
            return default
        try:
            return call(*args, **kwargs)
        except FAILURES as error:
            self._failed(operation, error)
            return default

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        return self._try("get", default, super().get, key, default, version)

    def get_many(self, keys: Any, version: Any = None) -> Any:
        return self._try("get_many", {}, super().get_many, keys, version)

    def has_key(self, key: Any, version: Any = None) -> Any:
        return self._try("has_key", False, super().has_key, key, version)

    def set(self, key: Any, value: Any, timeout: Any = None, version: Any = None) -> None:  # type: ignore[override]
        self._try("set", None, super().set, key, value, timeout, version)

    def set_many(self, data: Any, timeout: Any = None, version: Any = None) -> Any:  # type: ignore[override]
        return self._try("set_many", [], super().set_many, data, timeout, version)

    def add(self, key: Any, value: Any, timeout: Any = None, version: Any = None) -> Any:  # type: ignore[override]
        return self._try("add", False, super().add, key, value, timeout, version)

    def touch(self, key: Any, timeout: Any = None, version: Any = None) -> Any:  # type: ignore[override]
        return self._try("touch", False, super().touch, key, timeout, version)

    def delete(self, key: Any, version: Any = None) -> Any:
        return self._try("delete", False, super().delete, key, version)

    def delete_many(self, keys: Any, version: Any = None) -> None:
        self._try("delete_many", None, super().delete_many, keys, version)

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> Any:
        if not self._available():
            raise ValueError("cache unavailable")
        try:
            return super().incr(key, delta, version)
        except FAILURES as error:
            self._failed("incr", error)
            raise ValueError("cache unavailable") from error

    def count_in_window(self, key: Any, timeout: int) -> int:
        """Add one to the counter ``key`` and return it; the counter lasts ``timeout`` seconds
        after its last count. INCR and EXPIRE go in one round trip (Django's incr alone
        costs an EXISTS and an INCRBY, and starting a window an ADD before them).

        Raises ValueError when Redis is unavailable, as incr does."""
        if not self._available():
            raise ValueError("cache unavailable")
        name = self.make_and_validate_key(key)
        try:
            pipeline = self._cache.get_client(name, write=True).pipeline(transaction=False)
            pipeline.incr(name)
            pipeline.expire(name, timeout)
            count, _ = pipeline.execute()
        except FAILURES as error:
            self._failed("count_in_window", error)
            raise ValueError("cache unavailable") from error
        return int(count)

    def clear(self) -> None:
        self._try("clear", None, super().clear)
