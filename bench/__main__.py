"""``make bench``: seed, serve, load and compare, side by side, in one run.

1. Seeds PostgreSQL: the product at 1,000,000 tickets (``helpdesk_bench``) and at 1,000
   (``helpdesk_bench_small``), django-helpdesk at 1,000,000 (``helpdesk_peer``); each is
   skipped when it already holds its target.
2. Counts SQL queries per page with Django's test client (both sizes, and the peer).
3. Times one reminder sweep with 1% of the open tickets' reminders due.
4. Starts, once and kept warm, three servers on free ports of 127.0.0.1 with gunicorn (2 sync
   workers each): a bare Django view (the floor), the product (with the signed-in floor,
   ``bench/urls.py``) and django-helpdesk. Each page is then loaded in short rounds alternating
   with what it is compared with (A B, B A, A B ...): the signed-in floor of the same account,
   django-helpdesk's equivalent page, or the bare floor. A ratio is the median of its rounds,
   printed with its spread; a target is met only when its worst round meets it.
5. Prints the table and writes it to ``var/bench/results.md`` (and ``results.json``, which the
   next run compares itself with).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field, replace
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

import psycopg2

from . import FLOOR_PATH, peer, seed

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
LUA = ROOT / "bench" / "lua" / "load.lua"
PASSWORD = "demo-pass-1234"
SELLER = "bench-u1"  # owns bench-store-1 (bench/seed.py)
SECRET = "bench-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-not-for-production"
UNLIMITED = "1000000/minute"
GUNICORN_WORKERS = 2


def say(text: str) -> None:
    print(text, flush=True)


# --- Preflight ------------------------------------------------------------------------------


def preflight(admin_url: str) -> None:
    usage = shutil.disk_usage(ROOT)
    say(
        f"disk: {usage.free / 2**30:.1f} GiB free of {usage.total / 2**30:.1f} GiB "
        "(the seeded databases take about 4 GiB)"
    )
    if usage.free < 6 * 2**30:
        sys.exit("Not enough free disk for the benchmark databases (6 GiB needed).")
    if shutil.which("wrk") is None:
        say("installing wrk (Debian package)")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, env=env)
    psycopg2.connect(admin_url).close()
    redis = subprocess.run(
        ["redis-cli", "-h", "127.0.0.1", "-p", "6379", "ping"], capture_output=True, text=True
    )
    if "PONG" not in redis.stdout:
        sys.exit("Redis does not answer on 127.0.0.1:6379.")


def checkpoint(admin_url: str) -> None:
    """Writes what the reads left in memory to disk now: both sides' filings then start a
    fresh checkpoint cycle, and the next timed checkpoint (checkpoint_timeout, 5 minutes by
    default) falls after their two minutes instead of inside a few of their rounds."""
    connection = psycopg2.connect(admin_url)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    except psycopg2.Error as error:  # CHECKPOINT needs a superuser or pg_checkpoint
        say(f"  no checkpoint before the filings: {error}".strip())
    finally:
        connection.close()


def with_database(url: str, name: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def database_name(url: str) -> str:
    return urllib.parse.urlsplit(url).path.lstrip("/")


# --- Servers --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def product_env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_HSTS_SECONDS": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "REDIS_URL": "redis://127.0.0.1:6379/8",
        "HELPDESK_VAR_DIR": str(OUT / "var"),
        # The load comes from one address and a few accounts: lift every rate limit.
        "HELPDESK_RATE_LIMIT_SCALE": "1000000",
        "HELPDESK_API_ANON_RATE": UNLIMITED,
        "HELPDESK_API_USER_RATE": UNLIMITED,
        "HELPDESK_API_GUEST_TICKET_RATE": UNLIMITED,
        "HELPDESK_API_TOKEN_RATE": UNLIMITED,
        "HELPDESK_API_SCORECARD_RATE": UNLIMITED,
        "HELPDESK_LOGIN_FAILURE_LIMIT": "1000000",
    }


@dataclass
class Server:
    name: str
    command: list[str]
    env: dict[str, str]
    cwd: Path
    probe: str = "/"
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.port = free_port()
        command = [
            *self.command,
            "--workers",
            str(GUNICORN_WORKERS),
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--log-level",
            "warning",
            "--timeout",
            "60",
        ]
        log = open(OUT / f"{self.name}.log", "wb")  # noqa: SIM115 - lives as long as the server
        self.process = subprocess.Popen(
            command, cwd=self.cwd, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"{self.name} did not start: see {OUT / f'{self.name}.log'}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    if len(self.workers()) >= GUNICORN_WORKERS:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        sys.exit(f"{self.name} did not answer within 60 s")

    def workers(self) -> list[int]:
        if self.process is None:
            return []
        pid = self.process.pid
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            return []
        return [int(child) for child in children]

    def drain(self) -> None:
        """Wait until the workers have answered every request still queued from a run (wrk
        stops sending, but a sync worker serves what is already in the listen queue)."""
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + self.probe, timeout=300) as response:
                    response.read()
                return
            except urllib.error.HTTPError:
                return  # answered, if not with 200
            except OSError:
                time.sleep(0.5)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def worker_rss_kb(server: Server) -> dict[int, int]:
    """Each gunicorn worker's resident memory now, in kB, by process id."""
    sizes: dict[int, int] = {}
    for pid in server.workers():
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
        if match:
            sizes[pid] = int(match.group(1))
    return sizes


class MemorySampler:
    """Peak resident memory of the gunicorn workers, sampled every 100 ms."""

    def __init__(self, server: Server) -> None:
        self.server, self.peak_kb = server, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_kb = max([self.peak_kb, *worker_rss_kb(self.server).values()])
            self._stop.wait(0.1)


# --- Sessions -------------------------------------------------------------------------------


def login(base: str, path: str, username: str) -> dict[str, str]:
    """Sign in through the login form once; the session and CSRF cookies."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(base + path, timeout=30).read().decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if match is None:
        sys.exit(f"no login form at {base + path}")
    data = urllib.parse.urlencode(
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": match.group(1)}
    ).encode()
    opener.open(
        urllib.request.Request(base + path, data=data, headers={"Referer": base + path}),
        timeout=60,
    ).read()
    cookies = {cookie.name: cookie.value for cookie in jar if cookie.value is not None}
    if "sessionid" not in cookies:
        sys.exit(f"could not sign in as {username} at {base + path}")
    return cookies


def anonymous_csrf(base: str, path: str) -> dict[str, str]:
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(base + path, timeout=30).read()
    return {cookie.name: cookie.value for cookie in jar if cookie.value is not None}


def api_token(base: str, username: str) -> str:
    request = urllib.request.Request(
        base + "/api/v1/auth/token/",
        data=json.dumps({"username": username, "password": PASSWORD}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return str(json.load(response)["token"])


def cookie_header(cookies: dict[str, str]) -> str:
    return "Cookie: " + "; ".join(f"{name}={value}" for name, value in cookies.items())


# --- Pages ----------------------------------------------------------------------------------


@dataclass
class Page:
    name: str
    who: str | None  # an account, "api" for the API with a token, None for anonymous
    path: str
    method: str = "GET"
    content_type: str = "-"
    body: str = "-"
    user: str = ""  # the account behind an API token
    peer: str | None = None  # django-helpdesk's equivalent page
    kind: str = "read"  # "read", "list" (a read page listing rows) or "write"

    @property
    def account(self) -> str | None:
        """The account whose signed-in floor this page is measured beside."""
        return self.user if self.who == "api" else self.who


@dataclass
class Result:
    rps: float = 0.0
    p50: float = 0.0
    p95: float = 0.0
    p99: float = 0.0
    errors: int = 0
    requests: int = 0
    rss_mb: float = 0.0
    seconds: float = 0.0
    queries: dict[str, int] = field(default_factory=dict)


def _picked(database_url: str) -> dict[str, str]:
    """The seeded rows the pages open: an open ticket of the agent's queues, the buyer's
    latest ticket."""
    connection = psycopg2.connect(database_url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT t.reference FROM tickets_ticket t
                WHERE t.status = 'open' AND t.channel = 'web'
                  AND t.id <= (SELECT value FROM bench_meta WHERE name = 'last_seeded_ticket')
                  AND t.queue_id IN (
                  SELECT m.queue_id FROM catalog_queuemembership m
                  JOIN accounts_user u ON u.id = m.user_id WHERE u.username = 'agent')
                ORDER BY t.id DESC LIMIT 1
                """
            )
            (agent_ticket,) = cursor.fetchone()
            cursor.execute(
                # An order inquiry (its page also looks for the order's claims), in both sizes.
                "SELECT reference FROM tickets_ticket WHERE channel = 'web' AND requester_id = "
                "(SELECT id FROM accounts_user WHERE username = 'buyer') "
                "AND details ? 'order_number' AND id <= (SELECT value FROM bench_meta "
                "WHERE name = 'last_seeded_ticket') ORDER BY id DESC LIMIT 1"
            )
            (buyer_ticket,) = cursor.fetchone()
    finally:
        connection.close()
    return {"agent_ticket": agent_ticket, "buyer_ticket": buyer_ticket}


def product_pages(database_url: str) -> list[Page]:
    """The pages of the product, on tickets picked from the seeded data."""
    picked = _picked(database_url)
    form = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": "{csrf}",
            "submission_id": "{uuid}",
            "category": "delivery",
            "subject": "주문한 상품이 오지 않아요",
            "body": "주문한 지 일주일이 지났는데 배송 조회가 되지 않습니다. 확인 부탁드립니다.",
            "details-order_number": "2026111412345678",
            "details-store_id": "haru-living",
            # The same order again: the buyer has seen the earlier inquiry and files anew.
            "duplicate": "new",
        },
        safe="{}",
    )
    api_body = json.dumps(
        {
            "category": "delivery",
            "subject": "Parcel stuck",
            "body": "No movement for 5 days.",
            "details": {"order_number": "2026111412345678", "store_id": "haru-living"},
            "confirm_new": True,
        }
    )
    return [
        Page(
            "agent queue (all open)", "agent", "/agent/?view=open", peer="staff list", kind="list"
        ),
        Page(
            "agent filtered view",
            "agent",
            "/agent/?view=open&category=delivery&sort=updated",
            kind="list",
        ),
        Page("agent search", "agent", "/agent/?view=open&q=refund", kind="list"),
        Page(
            "agent ticket page",
            "agent",
            f"/agent/tickets/{picked['agent_ticket']}/",
            peer="ticket page",
        ),
        Page("agent claims (open)", "agent", "/agent/claims/?view=open", kind="list"),
        Page("requester list", "buyer", "/tickets/", kind="list"),
        Page(
            "requester ticket page",
            "buyer",
            f"/tickets/{picked['buyer_ticket']}/",
            peer="ticket page",
        ),
        Page("requester claims", "buyer", "/claims/", kind="list"),
        # A seeded store's owner: about a thousand inquiries a year, like every bench store.
        Page("seller scorecard", SELLER, "/tickets/stats/"),
        Page("seller claims", SELLER, "/claims/", kind="list"),
        Page("community search", "buyer", "/community/?q=%EB%B0%B0%EC%86%A1", kind="list"),
        Page("FAQ search", None, "/faq/?q=%EB%B0%B0%EC%86%A1+%EC%A7%80%EC%97%B0"),
        Page("API ticket list", "api", "/api/v1/tickets/", user="buyer", kind="list"),
        Page(
            "API ticket detail", "api", f"/api/v1/tickets/{picked['buyer_ticket']}/", user="buyer"
        ),
        Page(
            "create: web form",
            "buyer",
            "/tickets/new/",
            method="POST",
            content_type="application/x-www-form-urlencoded",
            body=form,
            peer="public submit",
            kind="write",
        ),
        Page(
            "create: API",
            "api",
            "/api/v1/tickets/",
            method="POST",
            content_type="application/json",
            body=api_body,
            user="buyer",
            peer="public submit",
            kind="write",
        ),
    ]


def signed_in_floor(account: str) -> Page:
    return Page(f"signed-in floor ({account})", account, FLOOR_PATH)


def peer_pages(base: str, cookies: dict[str, str], database_url: str) -> list[Page]:
    connection = psycopg2.connect(database_url)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT max(id) FROM helpdesk_ticket WHERE status = 1")
            (ticket_id,) = cursor.fetchone()
            cursor.execute("SELECT min(id) FROM helpdesk_queue")
            (queue_id,) = cursor.fetchone()
    finally:
        connection.close()
    # The staff list renders its frame, then its table asks this endpoint for the rows.
    request = urllib.request.Request(
        base + "/helpdesk/tickets/", headers={"Cookie": cookie_header(cookies)[8:]}
    )
    html = urllib.request.urlopen(request, timeout=120).read().decode()
    match = re.search(r"datatables_ticket_list/([A-Za-z0-9+/=]+)", html)
    if match is None:
        sys.exit("django-helpdesk's staff list has no datatables URL")
    data = (
        f"/helpdesk/datatables_ticket_list/{match.group(1)}"
        "?draw=1&start=0&length=25&order%5B0%5D%5Bcolumn%5D=5&order%5B0%5D%5Bdir%5D=desc"
    )
    submit = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": "{csrf}",
            "queue": str(queue_id),
            "title": "Parcel stuck",
            "body": "No movement for 5 days.",
            "priority": "3",
            "submitter_email": "buyer-{n}@example.com",
        },
        safe="{}",
    )
    return [
        Page("staff list page", "agent", "/helpdesk/tickets/"),
        Page("staff list data", "agent", data),
        Page("ticket page", "agent", f"/helpdesk/tickets/{ticket_id}/"),
        Page(
            "public submit",
            None,
            "/helpdesk/tickets/submit/",
            method="POST",
            content_type="application/x-www-form-urlencoded",
            body=submit,
            kind="write",
        ),
    ]


def page_json(pages: list[Page]) -> str:
    return json.dumps(
        {
            page.name: {
                "who": page.who,
                "user": page.user,
                "method": page.method,
                "path": page.path,
                "content_type": page.content_type,
                "body": page.body.replace("{csrf}", "x"),
            }
            for page in pages
        }
    )


def count_queries(
    python: str, cwd: Path, module: list[str], env: dict[str, str], pages: str
) -> Any:
    output = subprocess.run(
        [python, *module, pages], cwd=cwd, env=env, capture_output=True, text=True
    )
    for line in output.stdout.splitlines():
        if line.startswith("BENCH "):
            return json.loads(line[6:])
    sys.exit(f"query count failed:\n{output.stdout[-2000:]}\n{output.stderr[-4000:]}")


def run_phases(python: str, cwd: Path, env: dict[str, str], pages: list[Page]) -> Any:
    """Where each page's milliseconds go, per request (bench/phases.py)."""
    output = subprocess.run(
        [python, str(ROOT / "bench" / "phases.py"), page_json(pages)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )
    for line in output.stdout.splitlines():
        if line.startswith("BENCH "):
            return json.loads(line[6:])
    sys.exit(f"phases failed:\n{output.stdout[-2000:]}\n{output.stderr[-4000:]}")


# --- Load -----------------------------------------------------------------------------------


def _run_wrk(command: list[str], page: Page) -> dict[str, Any]:
    output = subprocess.run(command, capture_output=True, text=True, check=False)
    for line in output.stdout.splitlines():
        if line.startswith("BENCH "):
            return dict(json.loads(line[6:]))
    sys.exit(f"wrk failed on {page.name}:\n{output.stdout}\n{output.stderr}")


def _with(command: list[str], options: dict[str, str]) -> list[str]:
    changed = [*command]
    for option, value in options.items():
        changed[changed.index(option) + 1] = value
    return changed


def request_headers(page: Page, sessions: dict[str, Any]) -> tuple[list[str], str]:
    """What wrk sends with each request of the page: cookies or token, and the CSRF secret."""
    headers: list[str] = []
    secret = ""
    if page.who == "api":
        headers.append(f"Authorization: Token {sessions['token:' + page.user]}")
        if page.method == "POST":
            headers.append("Idempotency-Key: {uuid}")
    elif page.who is not None:
        cookies = sessions[page.who]
        headers.append(cookie_header(cookies))
        secret = cookies.get("csrftoken", "")
    elif page.method == "POST":
        cookies = sessions["anonymous"]
        headers.append(cookie_header(cookies))
        secret = cookies.get("csrftoken", "")
    if page.path.startswith("/api/"):
        headers.append("Accept: application/json")
    return headers, secret


@dataclass
class Target:
    """One page on one server, measured in slices; a composite (django-helpdesk's staff list:
    its page, then the data request that fills its table) is measured part by part."""

    label: str
    server: Server | None = None
    page: Page | None = None
    headers: list[str] = field(default_factory=list)
    secret: str = ""
    parts: list[Target] = field(default_factory=list)
    seconds: int = 0  # a slice's length, decided by the warm-up
    samples: list[Result] = field(default_factory=list)
    queries: dict[str, int] = field(default_factory=dict)
    kind: str = "read"
    mine: bool = True  # a page of the product's (the floors and the peer's are not)

    def command(self, args: argparse.Namespace, seconds: int, connections: int) -> list[str]:
        if self.server is None or self.page is None:
            raise ValueError(f"{self.label} is measured by its parts")
        return [
            "wrk",
            "-t",
            str(min(args.threads, connections)),
            "-c",
            str(connections),
            "-d",
            f"{seconds}s",
            "--timeout",
            "30s",
            "-s",
            str(LUA),
            self.server.base,
            "--",
            self.page.method,
            self.page.path,
            self.page.content_type,
            self.page.body,
            self.secret or "-",
            *self.headers,
        ]

    def measure(self, args: argparse.Namespace) -> Result:
        if self.parts:
            result = combine(*(part.measure(args) for part in self.parts))
        else:
            result = self._slice(args)
        self.samples.append(result)
        return result

    def _slice(self, args: argparse.Namespace) -> Result:
        if self.server is None or self.page is None:
            raise ValueError(f"{self.label} is measured by its parts")
        if not self.seconds:
            # Warm-up on one connection, once: templates compiled, connections open, caches
            # filled, and the page's latency, so a slow page gets a slice long enough for a
            # score of answers.
            first = _run_wrk(self.command(args, 2, 1), self.page)
            self.server.drain()
            latency = first["p50_ms"] / 1000 if first["requests"] else 3.0
            needed = math.ceil(latency * 20 / GUNICORN_WORKERS)
            self.seconds = max(args.slice, min(20, needed))
        with MemorySampler(self.server) as memory:
            data = _run_wrk(self.command(args, self.seconds, args.connections), self.page)
        self.server.drain()
        return Result(
            rps=data["rps"],
            p50=data["p50_ms"],
            p95=data["p95_ms"],
            p99=data["p99_ms"],
            errors=data["status_errors"] + data["socket_errors"],
            requests=data["requests"],
            rss_mb=memory.peak_kb / 1024,
            seconds=data["seconds"],
        )

    def median(self, attribute: str) -> float:
        return float(statistics.median(getattr(sample, attribute) for sample in self.samples))

    def worst(self, attribute: str) -> float:
        return float(max(getattr(sample, attribute) for sample in self.samples))

    @property
    def errors(self) -> int:
        return sum(sample.errors for sample in self.samples)

    @property
    def rss_mb(self) -> float:
        return max((sample.rss_mb for sample in self.samples), default=0.0)


def combine(page: Result, data: Result) -> Result:
    """The staff list as a person sees it: the page, then its data request."""
    return Result(
        rps=1 / (1 / page.rps + 1 / data.rps) if page.rps and data.rps else 0.0,
        p50=page.p50 + data.p50,
        p95=page.p95 + data.p95,
        p99=page.p99 + data.p99,
        errors=page.errors + data.errors,
        requests=page.requests + data.requests,
        rss_mb=max(page.rss_mb, data.rss_mb),
    )


@dataclass
class Comparison:
    """A page against another, round by round: the ratio of their requests a second."""

    subject: Target
    other: Target
    column: str  # "floor", "signed-in floor" or "django-helpdesk"
    ratios: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.ratios)

    @property
    def low(self) -> float:
        return min(self.ratios)

    @property
    def high(self) -> float:
        return max(self.ratios)


Group = tuple[list[Target], list[tuple[Target, Target, str]]]


def run_rounds(
    targets: list[Target], pairs: list[tuple[Target, Target, str]], args: argparse.Namespace
) -> list[Comparison]:
    """One group alone: its targets alternated, A B C, C B A, A B C ..."""
    return run_interleaved([(targets, pairs)], args)


def run_interleaved(groups: list[Group], args: argparse.Namespace) -> list[Comparison]:
    """Round 1 of every group, then round 2 of every group, and so on. Within a group the
    targets alternate, A B C, C B A, A B C ...: each pair's ratio in a round is taken from
    slices seconds apart, so what else the machine does lands on both. And each page's rounds
    are spread over the whole phase, so a minute in which the shared machine is slower lands
    in one round of each page, widening its spread, instead of in every round of a few pages
    and moving their medians."""
    found = [[Comparison(s, o, column) for s, o, column in pairs] for _, pairs in groups]
    for round_number in range(args.rounds):
        if len(groups) > 1:
            say(f"  round {round_number + 1} of {args.rounds}")
        for (targets, _), comparisons in zip(groups, found, strict=True):
            order = targets if round_number % 2 == 0 else targets[::-1]
            measured = {id(target): target.measure(args) for target in order}
            for comparison in comparisons:
                mine = measured[id(comparison.subject)].rps
                theirs = measured[id(comparison.other)].rps
                comparison.ratios.append(mine / theirs if theirs else 0.0)
    comparisons = [comparison for group in found for comparison in group]
    subjects = {id(c.subject): c.subject for c in comparisons}
    for subject in subjects.values():
        said = [c for c in comparisons if c.subject is subject]
        say(
            f"  {subject.label}: {subject.median('rps'):,.1f} req/s, p50 "
            f"{subject.median('p50'):.1f} ms, p99 {subject.worst('p99'):.1f} ms, "
            f"{subject.errors} errors"
            + "".join(f"; {fmt_spread(c)} of {c.other.label}" for c in said)
        )
    return comparisons


# --- Report ---------------------------------------------------------------------------------


def fmt_ratio(value: float, unit: str) -> str:
    return f"{value:.0%}" if unit == "%" else f"{value:.1f}x"


def fmt_spread(comparison: Comparison) -> str:
    unit = "x" if comparison.column == "django-helpdesk" else "%"
    return (
        f"{fmt_ratio(comparison.median, unit)} "
        f"({fmt_ratio(comparison.low, unit)}\N{EN DASH}{fmt_ratio(comparison.high, unit)})"
    )


COLUMNS = ("signed-in floor", "floor", "django-helpdesk")


def report(
    rows: list[Target],
    comparisons: list[Comparison],
    sweep: dict[str, Any],
    meta: dict[str, Any],
    previous: dict[str, Any] | None,
    phases: dict[str, Any],
) -> str:
    lines = [
        "# Benchmark: the helpdesk at 1,000,000 tickets beside django-helpdesk",
        "",
        f"- run: {meta['started']}, {meta['seconds']:.0f} s; {os.cpu_count()} cores; "
        f"load average at start {meta['load_start']}, at end {meta['load_end']}",
        f"- data: {meta['tickets']:,} tickets (ours and django-helpdesk's); query counts also "
        f"at {meta['small']:,} tickets",
        f"- gunicorn: {GUNICORN_WORKERS} sync workers each, the three servers started once and "
        f"kept warm; wrk {meta['threads']} threads, {meta['connections']} connections",
        f"- side by side: each page in {meta['rounds']} rounds alternating with what it is "
        f"compared with (A B, B A, A B ...), a slice of at least {meta['slice']} s each (longer "
        "for slow pages, to collect a score of answers, up to 20 s), after a 2 s warm-up on one "
        "connection; the rounds interleaved, round 1 of every page, then round 2 of every page "
        "..., the reading pages' first and the filings' after them",
        "- req/s and p50 are the median of the page's slices, p99 the worst slice; a ratio is "
        "the median of its rounds, with the lowest and highest round in brackets",
        "",
        "| page | req/s | p50 ms | p99 ms | errors | queries (1k / 1M) | peak worker RSS MB "
        "| vs signed-in floor | vs floor | vs django-helpdesk |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    by_subject: dict[int, dict[str, Comparison]] = {}
    for comparison in comparisons:
        by_subject.setdefault(id(comparison.subject), {})[comparison.column] = comparison
    for target in (row for row in rows if row.samples):
        mine = by_subject.get(id(target), {})
        queries = target.queries
        if "small" in queries or "large" in queries:
            count = f"{queries.get('small', '—')} / {queries.get('large', '?')}"
        else:
            count = "—"
        cells = [fmt_spread(mine[column]) if column in mine else "—" for column in COLUMNS]
        lines.append(
            f"| {target.label} | {target.median('rps'):,.1f} | {target.median('p50'):.1f} | "
            f"{target.worst('p99'):.1f} | {target.errors} | {count} | {target.rss_mb:.0f} | "
            + " | ".join(cells)
            + " |"
        )
    lines += [
        "",
        f"Reminder sweep: {sweep['due']:,} reminders due (1% of the open tickets). One call "
        f"of the beat task `tickets.tasks.sweep_reminders` took {sweep['seconds']:.3f} s: it "
        f"handed {sweep['dispatched']:,} reminders to the workers in batches. A worker's "
        f"batch of {sweep['batch']} took {sweep['batch_seconds']:.3f} s "
        f"({sweep['batch_seconds'] / max(sweep['batch'], 1) * 1000:.0f} ms a reminder: sent "
        f"{sweep['sent']}, cancelled {sweep['cancelled']}, skipped {sweep['skipped']}, "
        f"failed {sweep['failed']}).",
        "",
        "django-helpdesk's staff list is its page plus the data request that fills its table: "
        "its req/s is one over the sum of both times, its latencies and queries are the sums. "
        "The signed-in floor is a view of the product's that reads the session and the user "
        "and renders the base template with its navigation, and nothing else "
        "(`bench/urls.py`), for the same account as the page.",
        "",
        "## Where the milliseconds go",
        "",
        "Per request, through Django's test client in one process (no gunicorn, no load), "
        "each page asked 50 times: the framework around the view (middleware), the view (its "
        "own code, with the session and user it reads on first use) and the rendering of its "
        "template, each with the SQL it waited for (`bench/phases.py`, the same script in both "
        "projects). The last column sets the page beside what its target compares it with, "
        "the same way: its signed-in floor's time over the page's, or django-helpdesk's public "
        "submit's over the filing's.",
        "",
        "| page | total ms | framework (SQL) | view (SQL) | render (SQL) | queries | beside |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
        *(
            f"| {name} | {p['total']:.1f} | {p['framework']:.1f} ({p['framework_sql']:.1f}) | "
            f"{p['view']:.1f} ({p['view_sql']:.1f}) | {p['render']:.1f} ({p['render_sql']:.1f})"
            f" | {p['queries']:.0f} | {beside(p, phases)} |"
            for name, p in phases.items()
        ),
        "",
        *bound(phases),
        "",
        "## Targets",
        "",
        *targets(rows, comparisons, sweep),
    ]
    if previous is not None:
        lines += ["", *agreement(comparisons, previous)]
    return "\n".join(lines) + "\n"


def beside(page: dict[str, Any], phases: dict[str, Any]) -> str:
    """The page's time against what its target compares it with, from the same profile."""
    other = phases.get(page.get("beside", ""))
    if not other or not page["total"]:
        return "\N{EM DASH}"
    ratio = other["total"] / page["total"]
    unit = "x" if page["beside"].startswith("django-helpdesk") else "%"
    return f"{fmt_ratio(ratio, unit)} of {page['beside']} ({other['total']:.1f} ms)"


def bound(phases: dict[str, Any]) -> list[str]:
    """What ten times django-helpdesk's ticket page leaves for a whole request of ours, beside
    what each signed-in floor already takes of it."""
    theirs = phases.get("django-helpdesk: ticket page")
    floors = {name: p for name, p in phases.items() if name.startswith("signed-in floor")}
    if not theirs or not floors:
        return []
    budget = theirs["total"] / 10
    said = []
    for name, floor in floors.items():
        if floor["total"] >= budget:
            said.append(
                f"the {name} alone takes {floor['total']:.1f} ms: no page of that account, "
                "doing what the floor does and more, can reach it"
            )
        else:
            said.append(
                f"the {name} takes {floor['total']:.1f} ms, leaving "
                f"{budget - floor['total']:.1f} ms for the page's own work"
            )
    return [
        f"Ten times django-helpdesk's ticket page leaves {budget:.1f} ms for a whole request "
        f"of ours ({theirs['total']:.1f} ms / 10); " + "; ".join(said) + "."
    ]


def targets(rows: list[Target], comparisons: list[Comparison], sweep: dict[str, Any]) -> list[str]:
    checks: list[tuple[bool, str]] = []
    for comparison in comparisons:
        target, column = comparison.subject, comparison.column
        page = target.page
        if page is None:
            continue
        if column == "django-helpdesk" and page.peer == "ticket page":
            checks.append(
                (
                    comparison.low >= 10,
                    f"{target.label}: {fmt_spread(comparison)} django-helpdesk's ticket page, "
                    "worst round ≥ 10x",
                )
            )
        elif column == "django-helpdesk" and page.kind == "write":
            checks.append(
                (
                    comparison.low >= 1.2,
                    f"{target.label}: {fmt_spread(comparison)} django-helpdesk's public "
                    "submit, every round ≥ 1.2x",
                )
            )
        elif column == "signed-in floor" and (page.kind == "list" or page.peer == "ticket page"):
            checks.append(
                (
                    comparison.low >= 1 / 3,
                    f"{target.label}: {fmt_spread(comparison)} of the signed-in floor, "
                    "worst round ≥ 33%",
                )
            )
    for target in rows:
        page = target.page
        if page is None or not target.mine:
            continue
        if page.kind != "write":
            p99 = target.worst("p99")
            checks.append((p99 < 250, f"{target.label}: p99 {p99:.0f} ms, worst slice (< 250 ms)"))
            small, large = target.queries.get("small"), target.queries.get("large")
            checks.append(
                (
                    small == large and large is not None and 0 <= large <= 12,
                    f"{target.label}: {small} / {large} queries at 1k / 1M tickets (≤ 12, equal)",
                )
            )
        if target.errors:
            checks.append((False, f"{target.label}: {target.errors} failed requests"))
    checks.append((sweep["seconds"] < 1.0, f"reminder sweep: {sweep['seconds']:.3f} s (< 1 s)"))
    met = sum(ok for ok, _ in checks)
    return [
        f"{met} of {len(checks)} met.",
        "",
        *(f"- [{'x' if ok else ' '}] {text}" for ok, text in checks),
    ]


def ratios_json(comparisons: list[Comparison]) -> dict[str, Any]:
    return {
        f"{c.subject.label} vs {c.other.label}": {
            "median": c.median,
            "low": c.low,
            "high": c.high,
            "column": c.column,
        }
        for c in comparisons
    }


def spread(ratio: dict[str, float], unit: str) -> str:
    """A ratio and its spread one digit finer than the table's, so that two spreads the table
    prints as touching (11% to 12% and 12% to 14%) show whether they really overlap."""

    def fine(value: float) -> str:
        return f"{value:.1%}" if unit == "%" else f"{value:.2f}x"

    return f"{fine(ratio['median'])} ({fine(ratio['low'])}\N{EN DASH}{fine(ratio['high'])})"


def agreement(comparisons: list[Comparison], previous: dict[str, Any]) -> list[str]:
    """Each ratio beside the previous run's: they agree when their spreads overlap."""
    before = previous.get("ratios", {})
    lines = [
        f"## Against the previous run ({previous.get('started', '?')})",
        "",
        "| ratio | previous run | this run | agree |",
        "| --- | ---: | ---: | :---: |",
    ]
    agreed = total = 0
    for name, now in ratios_json(comparisons).items():
        then = before.get(name)
        if then is None:
            continue
        unit = "x" if now["column"] == "django-helpdesk" else "%"
        ok = then["low"] <= now["high"] and now["low"] <= then["high"]
        agreed, total = agreed + ok, total + 1
        lines.append(
            f"| {name} | {spread(then, unit)} | {spread(now, unit)} | {'yes' if ok else 'no'} |"
        )
    lines.insert(2, f"{agreed} of {total} ratios agree (their spreads overlap).\n")
    return lines


# --- Main -----------------------------------------------------------------------------------


def product_server(database_url: str) -> Server:
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    return Server(
        "product",
        [gunicorn, "helpdesk.wsgi:application"],
        product_env(database_url),
        ROOT,
        "/healthz",
    )


def floor_server() -> Server:
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    return Server("floor", [gunicorn, "bench.floor:application"], dict(os.environ), ROOT)


def product_sessions(server: Server) -> dict[str, Any]:
    return {
        "agent": login(server.base, "/accounts/login/", "agent"),
        "buyer": login(server.base, "/accounts/login/", "buyer"),
        SELLER: login(server.base, "/accounts/login/", SELLER),
        "token:buyer": api_token(server.base, "buyer"),
    }


def make_target(server: Server, page: Page, sessions: dict[str, Any], label: str = "") -> Target:
    headers, secret = request_headers(page, sessions)
    return Target(label or page.name, server, page, headers, secret, kind=page.kind)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--tickets", type=int, default=int(os.environ.get("BENCH_TICKETS", 1_000_000))
    )
    parser.add_argument("--small", type=int, default=1_000, help="tickets of the query-count twin")
    parser.add_argument(
        "--rounds",
        type=int,
        default=int(os.environ.get("BENCH_ROUNDS", 5)),
        help="rounds of each page beside what it is compared with (at least 3)",
    )
    parser.add_argument(
        "--slice",
        type=int,
        default=int(os.environ.get("BENCH_SLICE", 3)),
        help="seconds of load per page and round (longer for slow pages)",
    )
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("pages", nargs="*", help="only the pages whose name holds one of these")
    args = parser.parse_args()

    started, wall = time.strftime("%Y-%m-%d %H:%M:%S %Z"), time.monotonic()
    load_start = " ".join(f"{value:.2f}" for value in os.getloadavg())
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "var").mkdir(exist_ok=True)
    database_url = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/helpdesk_bench"
    )
    admin_url = with_database(database_url, "postgres")
    small_url = with_database(database_url, database_name(database_url) + "_small")
    peer_name = os.environ.get("BENCH_PEER_DATABASE", "helpdesk_peer")
    peer_url = with_database(database_url, peer_name)

    say("== preflight")
    preflight(admin_url)
    say("== seed the product")
    for url in (database_url, small_url):
        peer.ensure_database(admin_url, database_name(url))
    seed.seed(database_url, seed.Targets.scaled(args.tickets))
    seed.seed(small_url, seed.Targets.scaled(args.small), chunk=1_000)
    say("== seed django-helpdesk")
    peer.ensure_venv(sys.executable)
    peer.ensure_database(admin_url, peer_name)
    peer.seed(peer_url, peer_name, seed.Targets.scaled(args.tickets))
    subprocess.run(["redis-cli", "-n", "8", "FLUSHDB"], capture_output=True, check=False)

    ours = [
        page
        for page in product_pages(database_url)
        if not args.pages or any(part in page.name for part in args.pages)
    ]
    accounts = sorted({page.account for page in ours if page.account})
    floors = [signed_in_floor(account) for account in accounts]
    say("== queries per page (Django test client)")
    counts_large = count_queries(
        sys.executable,
        ROOT,
        ["-m", "bench.queries"],
        product_env(database_url),
        page_json([*ours, *floors]),
    )
    small_pages = [
        page for page in product_pages(small_url) if any(page.name == o.name for o in ours)
    ]
    counts_small = count_queries(
        sys.executable,
        ROOT,
        ["-m", "bench.queries"],
        product_env(small_url),
        page_json([*small_pages, *floors]),
    )

    say("== one reminder sweep")
    output = subprocess.run(
        [sys.executable, "-m", "bench.sweep"],
        cwd=ROOT,
        env=product_env(database_url),
        capture_output=True,
        text=True,
    )
    lines = [line for line in output.stdout.splitlines() if line.startswith("BENCH ")]
    if not lines:
        sys.exit(f"sweep failed:\n{output.stdout}\n{output.stderr}")
    sweep = json.loads(lines[0][6:])

    say("== load, side by side: the floor, the product and django-helpdesk")
    peer_env = peer.peer_env(peer_name)
    servers = {
        "floor": floor_server(),
        "product": product_server(database_url),
        "peer": Server(
            "django-helpdesk",
            [str(peer.VENV / "bin" / "gunicorn"), "wsgi:application"],
            peer_env,
            peer.PROJECT,
        ),
    }
    try:
        for server in servers.values():
            server.start()
        product, peer_server = servers["product"], servers["peer"]
        sessions = product_sessions(product)
        peer_sessions = {
            "agent": login(peer_server.base, "/helpdesk/login/", "agent"),
            "anonymous": anonymous_csrf(peer_server.base, "/helpdesk/tickets/submit/"),
        }
        theirs = peer_pages(peer_server.base, peer_sessions["agent"], peer_url)
        peer_pages_by_name = {page.name: page for page in theirs}
        peer_targets = {
            page.name: make_target(
                peer_server, page, peer_sessions, f"django-helpdesk: {page.name}"
            )
            for page in theirs
        }
        peer_counts = count_queries(
            peer.python(), peer.PROJECT, ["queries.py"], peer_env, page_json(theirs)
        )
        for page in theirs:
            peer_targets[page.name].queries = {"large": peer_counts.get(page.name)}
            peer_targets[page.name].mine = False
        # Where the milliseconds go, for every page with a target: the reads before the load,
        # the filings after it (each files fifty tickets, which the lists must not show).
        phase_pages = [p for p in ours if p.kind == "list" or p.peer == "ticket page"]
        phase_pages += [p for p in floors if any(q.account == p.who for q in phase_pages)]
        phases = {
            **run_phases(sys.executable, ROOT, product_env(database_url), phase_pages),
            **run_phases(
                peer.python(),
                peer.PROJECT,
                peer_env,
                [replace(peer_pages_by_name["ticket page"], name="django-helpdesk: ticket page")],
            ),
        }
        for page in phase_pages:
            if page.name in phases and not page.name.startswith("signed-in floor"):
                phases[page.name]["beside"] = f"signed-in floor ({page.account})"
        staff_list = Target(
            "django-helpdesk: staff list (page + data)",
            parts=[peer_targets["staff list page"], peer_targets["staff list data"]],
            mine=False,
        )
        staff_list.queries = {
            "large": sum(
                peer_counts.get(name, 0) for name in ("staff list page", "staff list data")
            )
        }
        peer_by_name = {
            "staff list": staff_list,
            "ticket page": peer_targets["ticket page"],
            "public submit": peer_targets["public submit"],
        }
        bare = Target(
            "floor: bare Django view", servers["floor"], Page("floor", None, "/"), mine=False
        )
        bare.queries = {"small": 0, "large": 0}
        floor_targets = {
            account: make_target(product, page, sessions)
            for account, page in zip(accounts, floors, strict=True)
        }
        comparisons: list[Comparison] = []
        rows: list[Target] = [bare]
        ticket_page = peer_by_name["ticket page"]
        # A floor is measured beside the bare view and, for the accounts with a ticket page,
        # beside django-helpdesk's ticket page too: no page of ours, doing all the floor does
        # and more, can be more times django-helpdesk's than its floor is. Those pairs ride in
        # the rounds of the account's ticket page, where the floor and django-helpdesk's page
        # are measured anyway.
        floor_pairs: dict[str, list[tuple[Target, Target, str]]] = {}
        reads: list[Group] = []
        writes: list[Group] = []
        for account, floor in floor_targets.items():
            floor.mine = False
            floor.queries = {
                "small": counts_small.get(floor.label, -1),
                "large": counts_large.get(floor.label, -1),
            }
            rows.append(floor)
            if any(p.account == account and p.peer == "ticket page" for p in ours):
                floor_pairs[account] = [
                    (floor, bare, "floor"),
                    (floor, ticket_page, "django-helpdesk"),
                ]
            else:
                reads.append(([floor, bare], [(floor, bare, "floor")]))
        for page in ours:
            mine = make_target(product, page, sessions)
            mine.queries = {
                "small": counts_small.get(page.name, -1),
                "large": counts_large.get(page.name, -1),
            }
            pairs: list[tuple[Target, Target, str]] = []
            if page.account and page.kind != "write":
                pairs.append((mine, floor_targets[page.account], "signed-in floor"))
            elif page.kind != "write":
                pairs.append((mine, bare, "floor"))
            if page.peer:
                pairs.append((mine, peer_by_name[page.peer], "django-helpdesk"))
            if page.peer == "ticket page" and page.account in floor_pairs:
                pairs += floor_pairs.pop(page.account)
            group = list({id(t): t for pair in pairs for t in pair[:2]}.values())
            (writes if page.kind == "write" else reads).append((group, pairs))
            rows.append(mine)
        # The reads first, all their rounds, then the filings': a round of filing between two
        # rounds of the requester's list would change what the list shows.
        say("  the reads")
        comparisons += run_interleaved(reads, args)
        say("  the filings")
        checkpoint(admin_url)
        comparisons += run_interleaved(writes, args)
        phases |= run_phases(
            sys.executable,
            ROOT,
            product_env(database_url),
            [p for p in ours if p.kind == "write"],
        )
        phases |= run_phases(
            peer.python(),
            peer.PROJECT,
            peer_env,
            [replace(peer_pages_by_name["public submit"], name="django-helpdesk: public submit")],
        )
        for page in ours:
            if page.kind == "write" and page.name in phases:
                phases[page.name]["beside"] = "django-helpdesk: public submit"
        rows += [
            peer_by_name[name]
            for name in ("staff list", "ticket page", "public submit")
            if peer_by_name[name].samples
        ]
    finally:
        for server in servers.values():
            server.stop()
    subprocess.run(["redis-cli", "-n", "8", "FLUSHDB"], capture_output=True, check=False)

    meta = {
        "started": started,
        "seconds": time.monotonic() - wall,
        "load_start": load_start,
        "load_end": " ".join(f"{value:.2f}" for value in os.getloadavg()),
        "tickets": args.tickets,
        "small": args.small,
        "threads": args.threads,
        "connections": args.connections,
        "rounds": args.rounds,
        "slice": args.slice,
    }
    kept = OUT / "results.json"
    previous = json.loads(kept.read_text()) if kept.exists() and not args.pages else None
    text = report(rows, comparisons, sweep, meta, previous, phases)
    (OUT / "results.md").write_text(text)
    if not args.pages:
        if kept.exists():
            kept.replace(OUT / "previous.json")
        kept.write_text(
            json.dumps({"started": started, "ratios": ratios_json(comparisons)}, indent=1)
        )
    say("")
    say(text)
    say(f"written to {OUT / 'results.md'}")


if __name__ == "__main__":
    main()
