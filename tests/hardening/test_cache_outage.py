"""With Redis unreachable the cache answers misses: pages run slower, never fail."""

import socket

from helpdesk.cache import ResilientRedisCache


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_unreachable_redis_reads_as_a_miss_and_writes_as_nothing(monkeypatch):
    monkeypatch.setattr(ResilientRedisCache, "_down_until", 0.0)
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
