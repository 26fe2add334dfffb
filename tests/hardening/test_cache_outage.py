"""With Redis unreachable the cache answers misses: pages run slower, never fail."""

import os
import socket
import uuid

import pytest

from helpdesk import cache as redis_state
from helpdesk.cache import ResilientRedisCache


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_unreachable_redis_reads_as_a_miss_and_writes_as_nothing(monkeypatch):
    monkeypatch.setattr(redis_state, "_down_until", 0.0)
    cache = ResilientRedisCache(
        f"redis://127.0.0.1:{closed_port()}/0",
        {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}},
    )
    assert cache.get("categories", "fallback") == "fallback"
    # After one failure the cache is skipped for a while, without another connection attempt.
    assert not cache._available()
    cache.set("categories", [1, 2])
    assert cache.add("counter", 1) is False
    assert "session" not in cache
    assert cache.get_many(["a", "b"]) == {}


def test_a_rate_limit_counter_on_an_unreachable_redis_says_so(monkeypatch):
    monkeypatch.setattr(redis_state, "_down_until", 0.0)
    cache = ResilientRedisCache(
        f"redis://127.0.0.1:{closed_port()}/0",
        {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}},
    )
    with pytest.raises(ValueError):
        cache.count_in_window("limit:a", 60)
    assert not cache._available()


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set")
def test_a_rate_limit_counter_counts_in_one_window_that_expires():
    cache = ResilientRedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": f"t{uuid.uuid4().hex}"})
    assert [cache.count_in_window("limit:a", 30) for _ in range(3)] == [1, 2, 3]
    assert cache.count_in_window("limit:b", 30) == 1
    name = cache.make_and_validate_key("limit:a")
    client = cache._cache.get_client(name)
    assert 0 < client.ttl(name) <= 30
    client.delete(name, cache.make_and_validate_key("limit:b"))


def test_one_failure_pauses_the_cache_rate_limits_and_reference_copies_together(monkeypatch, rf):
    from helpdesk import copies, ratelimit

    monkeypatch.setattr(redis_state, "_down_until", 0.0)
    cache = ResilientRedisCache(
        f"redis://127.0.0.1:{closed_port()}/0",
        {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}},
    )
    assert cache.get("anything") is None  # the one failure, noted once
    assert redis_state.is_down()
    counted = []
    monkeypatch.setattr(ratelimit, "hit", lambda *args: counted.append(args) or 60)
    assert ratelimit.check(rf.get("/"), "signup", "10.0.0.2") is None  # through, uncounted
    assert counted == []
    monkeypatch.setattr(copies, "cache", cache)
    monkeypatch.setattr(copies, "_memory", copies._Memory())
    assert copies.current_generation() is None  # no copies kept while Redis is down
    assert copies._memory.owes_generation  # and a new generation is owed once it is back
