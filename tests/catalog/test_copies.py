"""Per-process copies of reference data heal: they expire, they go when the shared generation
is missing or unreadable, a change saved while Redis is down reaches the other processes once
it is back, and bulk writes invalidate like saves do.

Two processes are simulated in one: each holds its own helpdesk.copies memory. The cache is
a private redis-server, hung and resumed, when REDIS_URL is set (and redis-server is on PATH);
otherwise an in-memory cache, and a Redis on a closed port for the outage.
"""

from __future__ import annotations

import os
import shutil
import socket
from contextlib import contextmanager
from datetime import time

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection

from accounts.models import User
from catalog import calendar, reference
from catalog.models import BusinessCalendar, Category, OpeningHours, Queue
from helpdesk import cache as redis_state
from helpdesk import copies
from helpdesk.cache import ResilientRedisCache
from tests.factories import CategoryFactory, QueueFactory, UserFactory
from tickets.models import Macro


def start_request():
    """What the request_started signal does for the copies (sending it closes connections)."""
    copies._new_request()


def names():
    return [category.name_ko for category in reference.active_categories()]


def rename_past_the_orm(slug, name):
    """Another program (or SQL by hand) changes a row: no signal, no new generation."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE catalog_category SET name_ko = %s WHERE slug = %s", [name, slug])


@contextmanager
def process(memory):
    """Run as another worker process: its own copies and its own view of the generation."""
    saved = copies._memory
    copies._memory = memory
    try:
        yield memory
    finally:
        copies._memory = saved


@pytest.fixture
def clock(monkeypatch):
    """Both clocks the copies read, moved forward on demand."""
    offset = [0.0]
    monotonic, wall = copies._now, copies.wall_clock
    monkeypatch.setattr(copies, "_now", lambda: monotonic() + offset[0])
    monkeypatch.setattr(copies, "wall_clock", lambda: wall() + offset[0])

    def forward(seconds):
        offset[0] += seconds

    return forward


def test_a_copy_is_used_until_its_time_limit_then_read_again(db, clock):
    CategoryFactory(slug="parcel", name_ko="Before")
    assert names() == ["Before"]
    rename_past_the_orm("parcel", "After")
    start_request()
    assert names() == ["Before"]  # kept: the copy is what is read
    clock(copies.COPY_SECONDS - 1)
    start_request()
    assert names() == ["Before"]
    clock(2)
    start_request()
    assert names() == ["After"]


def test_the_copy_shared_in_the_cache_has_the_same_time_limit(db, clock):
    CategoryFactory(slug="parcel", name_ko="Before")
    with process(copies._Memory()):
        assert names() == ["Before"]  # read from the database, shared in the cache
    rename_past_the_orm("parcel", "After")
    with process(copies._Memory()):
        assert names() == ["Before"]  # a new process reads the shared list
    clock(copies.COPY_SECONDS + 1)
    with process(copies._Memory()):
        assert names() == ["After"]


def test_a_missing_generation_drops_the_copies(db):
    CategoryFactory(slug="parcel", name_ko="Before")
    assert names() == ["Before"]
    rename_past_the_orm("parcel", "After")
    copies.cache.delete(copies.GENERATION_KEY)  # Redis flushed or restarted empty
    start_request()
    assert names() == ["After"]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def unreachable_redis():
    return ResilientRedisCache(
        f"redis://127.0.0.1:{closed_port()}/0",
        {"OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}},
    )


class Switch:
    """The cache the copies use, swapped for a dead one and back."""

    def __init__(self, current):
        self.current = current

    def __getattr__(self, name):
        return getattr(self.current, name)


class Outage:
    def __init__(self, monkeypatch):
        self.private = None
        if os.environ.get("REDIS_URL") and shutil.which("redis-server"):
            from tests.hardening.services import PrivateRedis

            self.private = PrivateRedis()
            self.private.start()
            self.up = ResilientRedisCache(
                self.private.url,
                {"OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}},
            )
        else:
            self.up = LocMemCache("copies-outage", {})
        self.switch = Switch(self.up)
        monkeypatch.setattr(copies, "cache", self.switch)
        monkeypatch.setattr(reference, "cache", self.switch)

    def begin(self):
        if self.private is not None:
            self.private.hang()  # connections accepted, nothing answered: timeouts
        else:
            self.switch.current = unreachable_redis()

    def end(self):
        if self.private is not None:
            self.private.resume()
        self.switch.current = self.up
        redis_state.reset()  # the pause after the failure is over

    def stop(self):
        if self.private is not None:
            self.private.stop()


@pytest.fixture
def outage(monkeypatch):
    redis_state.reset()
    outage = Outage(monkeypatch)
    yield outage
    outage.stop()
    redis_state.reset()


def test_a_change_saved_during_an_outage_reaches_other_processes_once_redis_is_back(db, outage):
    CategoryFactory(slug="parcel", name_ko="Before")
    saver, reader = copies._Memory(), copies._Memory()
    with process(reader):
        assert names() == ["Before"]  # kept in the reader, and shared in Redis
    with process(saver):
        assert names() == ["Before"]
        outage.begin()
        start_request()
        category = Category.objects.get(slug="parcel")
        category.name_ko = "After"
        category.save()  # the new generation is refused: Redis is down
        assert saver.owes_generation
        assert names() == ["After"]  # the saver reads the database meanwhile
    outage.end()
    with process(reader):
        # Redis answers again, with the old generation: until the saver tells it, the reader
        # cannot know (and keeps its copy COPY_SECONDS at most).
        start_request()
        assert names() == ["Before"]
    with process(saver):
        start_request()  # the saver's next request (or task) starts the owed generation
        assert names() == ["After"]
        assert not saver.owes_generation
    with process(reader):
        start_request()
        assert names() == ["After"]


def test_a_process_that_could_not_read_the_generation_moves_it_on_once_redis_is_back(db, outage):
    """The saver may be gone before Redis is back: any process that served a request during
    the outage cannot trust what Redis held before it, and starts a new generation."""
    CategoryFactory(slug="parcel", name_ko="Before")
    idle, busy = copies._Memory(), copies._Memory()
    with process(idle):
        assert names() == ["Before"]
    outage.begin()
    with process(copies._Memory()):  # a process that saves, then exits before Redis is back
        Category.objects.filter(slug="parcel").update(name_ko="After")
    with process(busy):
        start_request()
        assert names() == ["After"]  # no generation: the database, every time
        assert busy.copies == {}
    outage.end()
    with process(busy):
        start_request()
        assert names() == ["After"]
        assert not busy.owes_generation
    with process(idle):
        start_request()
        assert names() == ["After"]


def test_while_the_generation_cannot_be_read_nothing_is_kept(db, outage):
    CategoryFactory(slug="parcel", name_ko="Before")
    assert names() == ["Before"]
    outage.begin()
    start_request()
    rename_past_the_orm("parcel", "After")
    assert names() == ["After"]
    assert copies._memory.copies == {}


def test_bulk_updates_and_creates_start_a_new_generation(db):
    CategoryFactory(slug="parcel", name_ko="Before")
    calendar_ = BusinessCalendar.objects.create(name="Team")
    assert names() == ["Before"]
    assert calendar.schedule_for(calendar_).weekly == {}
    other = copies._Memory()
    with process(other):
        assert names() == ["Before"]
    Category.objects.filter(slug="parcel").update(name_ko="After")
    OpeningHours.objects.bulk_create(
        [OpeningHours(calendar=calendar_, weekday=0, opens_at=time(9), closes_at=time(18))]
    )
    assert names() == ["After"]
    assert calendar.schedule_for(calendar_).weekly == {0: ((time(9), time(18)),)}
    with process(other):
        start_request()
        assert names() == ["After"]


def test_a_bulk_write_of_what_no_copy_shows_keeps_the_copies(db):
    queue, agent = QueueFactory(), UserFactory(agent=True)
    generation = reference.current_generation()
    Queue.objects.filter(pk=queue.pk).update(last_assigned_to=agent)  # round-robin's turn
    User.objects.filter(pk=agent.pk).update(last_login=None)
    start_request()
    assert reference.current_generation() == generation
    User.objects.filter(pk=agent.pk).update(display_name="Renamed")
    Macro.objects.bulk_create([Macro(name="Thanks", body="Thank you")])
    start_request()
    assert reference.current_generation() not in (None, generation)
