"""The live chat under load: how many chat connections one machine holds, how many messages a
second it writes and delivers, and how long delivery takes (p50/p99).

Serves the ASGI application with daphne (``--servers`` processes sharing the Redis channel
layer, one with the in-memory layer), opens ``--connections`` chat windows (guests, each in a
chat of its own, through their signed tokens), holds them, then has every window write at each
of ``--rates`` lines a second in turn, ``--duration`` seconds a step. A line counts as
delivered when its
broadcast comes back over the socket: written to the database, sent through the channel
layer, received. Seeds its own database (migrations and the demo data) once::

    python -m bench.chat [--connections 200] [--duration 10] [--rates 0.1,0.25,0.5,1,2]
                         [--servers 2]

``BENCH_CHAT_DATABASE_URL`` (default ``postgres://postgres@127.0.0.1:5432/helpdesk_chat_bench``)
and ``--redis-url`` (default ``redis://127.0.0.1:6379/8``; ``--redis-url ''`` for the
in-memory layer and one server) override. Prints a Markdown table and writes it to
``var/bench/chat.md``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
SECRET = "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-chat"


def say(text: str) -> None:
    print(text, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env(database_url: str, redis_url: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "HELPDESK_VAR_DIR": str(OUT / "var"),
        # Every window comes from one address: lift the per-chat line limit.
        "HELPDESK_RATE_LIMIT_SCALE": "1000000",
        "HELPDESK_CHAT_LAYER_PREFIX": "helpdesk-chat-bench",
        "CELERY_TASK_ALWAYS_EAGER": "1",
    }
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def ensure_database(database_url: str) -> None:
    if not database_url.startswith("postgres"):
        return
    import psycopg2

    base, _, name = database_url.rpartition("/")
    connection = psycopg2.connect(f"{base}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            say(f"creating database {name}")
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def seed(env: dict[str, str]) -> None:
    python = sys.executable
    for command in (["migrate", "--noinput", "-v0"], ["seed_demo", "--if-empty"]):
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True)


def open_chats(env: dict[str, str], count: int) -> list[tuple[str, str]]:
    """``count`` guest chats waiting for an agent: (key, signed token) each."""
    os.environ.update({k: v for k, v in env.items() if k not in ("CELERY_TASK_ALWAYS_EAGER",)})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpdesk.settings")
    import django

    django.setup()
    from accounts.models import User
    from catalog.models import Category
    from chat import selectors, services
    from contacts.models import ContactChannel
    from helpdesk.celery import app

    app.conf.task_always_eager = True
    # The benchmark runs at any hour: its chat channel is always open, an agent is online.
    ContactChannel.objects.filter(kind=ContactChannel.Kind.CHAT).update(calendar=None)
    services.set_availability(User.objects.get(username="agent"), "online")
    other = Category.objects.get(slug="other")
    chats = []
    started = time.monotonic()
    for index in range(count):
        chat = services.start_chat(
            requester=None,
            category=other,
            body=f"bench chat {index}",
            requester_name=f"Bench {index}",
            requester_email=f"bench{index}@example.com",
        )
        chats.append((chat.key, selectors.guest_token(chat)))
    say(f"opened {count} chats in {time.monotonic() - started:.1f} s")
    return chats


@dataclass
class Server:
    env: dict[str, str]
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.port = free_port()
        log = open(OUT / f"chat-daphne-{self.port}.log", "wb")  # noqa: SIM115 - lives with it
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "daphne",
                "-b",
                "127.0.0.1",
                "-p",
                str(self.port),
                "helpdesk.asgi:application",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"daphne did not start: see {log.name}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        sys.exit("daphne did not answer within 60 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


@dataclass
class Step:
    """One rate of writing, held for the step's seconds by every window at once."""

    rate: float
    sent: int = 0
    delivered: int = 0
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class Results:
    held: int = 0
    refused: int = 0
    connect_seconds: float = 0.0
    steps: list[Step] = field(default_factory=list)
    current: Step | None = None  # the step being written, None between steps
    reasons: dict[str, int] = field(default_factory=dict)


async def window(url: str, results: Results, done: asyncio.Event) -> None:
    from websockets.asyncio.client import connect

    try:
        connection = await connect(
            url, additional_headers={"Origin": "http://127.0.0.1"}, open_timeout=60, max_queue=None
        )
    except Exception as error:
        results.refused += 1
        results.reasons[type(error).__name__ + ": " + str(error)[:120]] = 1
        return
    results.held += 1
    pending: dict[str, tuple[float, Step]] = {}

    async def reader() -> None:
        async for raw in connection:
            data = json.loads(raw)
            if data.get("type") == "message":
                sent = pending.pop(data.get("body", ""), None)
                if sent is not None:
                    sent_at, step = sent
                    step.delivered += 1
                    step.latencies.append(time.perf_counter() - sent_at)

    reading = asyncio.create_task(reader())
    index, last = 0, None
    while not done.is_set():
        step = results.current
        if step is None:
            await asyncio.sleep(0.05)
            continue
        if step is not last:
            # Spread the windows over the step's interval: the lines do not all leave at once.
            last = step
            await asyncio.sleep((hash(url) % 1000) / 1000 / step.rate)
            continue
        body = f"line {index} {id(connection)}"
        pending[body] = (time.perf_counter(), step)
        await connection.send(json.dumps({"type": "message", "body": body}))
        step.sent += 1
        index += 1
        await asyncio.sleep(1 / step.rate)
    reading.cancel()
    await connection.close()


async def load(urls: list[str], rates: list[float], duration: float) -> Results:
    results = Results()
    done = asyncio.Event()
    started = time.perf_counter()
    tasks = [asyncio.create_task(window(url, results, done)) for url in urls]
    while results.held + results.refused < len(urls):
        await asyncio.sleep(0.1)
    results.connect_seconds = time.perf_counter() - started
    say(
        f"holding {results.held} connections ({results.refused} refused) after "
        f"{results.connect_seconds:.1f} s; writing for {duration:.0f} s at each rate"
    )
    for reason in results.reasons:
        say(f"  refused: {reason}")
    for rate in rates:
        step = Step(rate)
        results.steps.append(step)
        results.current = step
        began = time.perf_counter()
        await asyncio.sleep(duration)
        results.current = None
        step.seconds = time.perf_counter() - began
        await asyncio.sleep(3)  # the step's last broadcasts
        say(
            f"  {rate:g} a second per window: {step.sent / step.seconds:.0f} lines/s written, "
            f"{step.delivered / max(step.sent, 1):.1%} delivered, p99 "
            f"{percentile(step.latencies, 0.99) * 1000:.0f} ms"
        )
    done.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    return results


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


def table(args: argparse.Namespace, results: Results) -> str:
    layer = "Redis" if args.redis_url else "in-memory"
    lines = [
        f"- {args.servers} daphne processes, {layer} channel layer; "
        f"{results.held} of {args.connections} chat windows held at once (opened in "
        f"{results.connect_seconds:.1f} s, {results.refused} refused); each rate held "
        f"{args.duration:g} s by every window",
        "",
        "| lines a second per window | written per second | delivered per second | delivered "
        "| delivery p50 ms | delivery p99 ms |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for step in results.steps:
        lines.append(
            f"| {step.rate:g} | {step.sent / step.seconds:.0f} | "
            f"{step.delivered / step.seconds:.0f} | {step.delivered / max(step.sent, 1):.1%} | "
            f"{percentile(step.latencies, 0.5) * 1000:.0f} | "
            f"{percentile(step.latencies, 0.99) * 1000:.0f} |"
        )
    kept = [
        step
        for step in results.steps
        if step.delivered >= 0.99 * step.sent and percentile(step.latencies, 0.99) < 1.0
    ]
    best = max(kept, key=lambda step: step.delivered / step.seconds, default=None)
    lines += [
        "",
        f"Kept up with (99% delivered, p99 under 1 s): {best.delivered / best.seconds:.0f} lines "
        f"a second across {results.held} connections"
        + (
            " (the highest rate tried: the ceiling lies above it)."
            if best is results.steps[-1]
            else "."
        )
        if best
        else "Kept up with none of the rates (99% delivered, p99 under 1 s).",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.chat")
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument(
        "--rates",
        default="0.1,0.25,0.5,1,2",
        help="lines a second per window, one step each (comma-separated)",
    )
    parser.add_argument("--servers", type=int, default=0, help="daphne processes (Redis: 2)")
    parser.add_argument(
        "--redis-url", default=os.environ.get("BENCH_CHAT_REDIS_URL", "redis://127.0.0.1:6379/8")
    )
    args = parser.parse_args()
    if not args.redis_url:
        args.servers = 1  # the in-memory layer reaches one process only
    args.servers = args.servers or 2
    database_url = os.environ.get(
        "BENCH_CHAT_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/helpdesk_chat_bench"
    )
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "var").mkdir(exist_ok=True)
    env = server_env(database_url, args.redis_url)
    ensure_database(database_url)
    seed(env)
    chats = open_chats(env, args.connections)
    servers = [Server(env) for _ in range(args.servers)]
    for server in servers:
        server.start()
    try:
        urls = [
            f"ws://127.0.0.1:{servers[index % len(servers)].port}/ws/chat/{key}/?token={token}"
            for index, (key, token) in enumerate(chats)
        ]
        rates = [float(rate) for rate in args.rates.split(",")]
        results = asyncio.run(load(urls, rates, args.duration))
    finally:
        for server in servers:
            server.stop()
    text = table(args, results)
    say("\n" + text)
    (OUT / "chat.md").write_text(text + "\n")
    _close_chats(chats)


def _close_chats(chats: list[tuple[str, str]]) -> None:
    """The benchmark's chats end, so the next run's waiting line starts empty."""
    from django.utils import timezone

    from chat.models import Chat

    Chat.objects.filter(key__in=[key for key, _ in chats]).update(
        state=Chat.State.ENDED, ended_at=timezone.now(), end_reason=Chat.EndReason.IDLE
    )


if __name__ == "__main__":
    main()
