"""``make bench``: seed, serve, load and compare, side by side, in one run.

1. Seeds PostgreSQL: the product at 1,000,000 tickets (``helpdesk_bench``) and at 1,000
   (``helpdesk_bench_small``), django-helpdesk at 1,000,000 (``helpdesk_peer``); each is
   skipped when it already holds its target.
2. Counts SQL queries per page with Django's test client (both sizes, and the peer).
3. Times one reminder sweep with 1% of the open tickets' reminders due.
4. Serves, one after the other on a free port of 127.0.0.1 with gunicorn (2 sync workers):
   a bare Django view (the floor), the product, django-helpdesk; loads each page with wrk
   while sampling the workers' memory.
5. Prints the table and writes it to ``var/bench/results.md``.
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
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

import psycopg2

from . import peer, seed

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
            for pid in self.server.workers():
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
                if match:
                    self.peak_kb = max(self.peak_kb, int(match.group(1)))
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
    kind: str = "read"


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


def product_pages(database_url: str) -> list[Page]:
    """The pages of the product, on tickets picked from the seeded data."""
    connection = psycopg2.connect(database_url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT t.reference FROM tickets_ticket t
                WHERE t.status = 'open' AND t.queue_id IN (
                  SELECT m.queue_id FROM catalog_queuemembership m
                  JOIN accounts_user u ON u.id = m.user_id WHERE u.username = 'agent')
                ORDER BY t.id DESC LIMIT 1
                """
            )
            (agent_ticket,) = cursor.fetchone()
            cursor.execute(
                "SELECT reference FROM tickets_ticket WHERE requester_id = "
                "(SELECT id FROM accounts_user WHERE username = 'buyer') ORDER BY id DESC LIMIT 1"
            )
            (buyer_ticket,) = cursor.fetchone()
    finally:
        connection.close()
    form = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": "{csrf}",
            "submission_id": "{uuid}",
            "category": "delivery",
            "subject": "주문한 상품이 오지 않아요",
            "body": "주문한 지 일주일이 지났는데 배송 조회가 되지 않습니다. 확인 부탁드립니다.",
            "details-order_number": "2026111412345678",
            "details-store_id": "haru-living",
        },
        safe="{}",
    )
    api_body = json.dumps(
        {
            "category": "delivery",
            "subject": "Parcel stuck",
            "body": "No movement for 5 days.",
            "details": {"order_number": "2026111412345678", "store_id": "haru-living"},
        }
    )
    return [
        Page("agent queue (all open)", "agent", "/agent/?view=open", peer="staff list"),
        Page(
            "agent filtered view",
            "agent",
            "/agent/?view=open&category=delivery&sort=updated",
            peer="staff list",
        ),
        Page("agent search", "agent", "/agent/?view=open&q=refund", peer="staff list"),
        Page("agent ticket page", "agent", f"/agent/tickets/{agent_ticket}/", peer="ticket page"),
        Page("requester list", "buyer", "/tickets/"),
        Page("requester ticket page", "buyer", f"/tickets/{buyer_ticket}/", peer="ticket page"),
        # A seeded store's owner: about a thousand inquiries a year, like every bench store.
        Page("seller scorecard", SELLER, "/tickets/stats/"),
        Page("FAQ search", None, "/faq/?q=%EB%B0%B0%EC%86%A1+%EC%A7%80%EC%97%B0"),
        Page("API ticket list", "api", "/api/v1/tickets/", user="buyer"),
        Page("API ticket detail", "api", f"/api/v1/tickets/{buyer_ticket}/", user="buyer"),
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


# --- Load -----------------------------------------------------------------------------------


def wrk(
    server: Server, page: Page, headers: list[str], secret: str, args: argparse.Namespace
) -> Result:
    command = [
        "wrk",
        "-t",
        str(args.threads),
        "-c",
        str(args.connections),
        "-d",
        f"{args.duration}s",
        "--timeout",
        "30s",
        "-s",
        str(LUA),
        server.base,
        "--",
        page.method,
        page.path,
        page.content_type,
        page.body,
        secret or "-",
        *headers,
    ]
    # Warm-up on one connection: templates compiled, connections open, caches filled, and a
    # first measure of the page's latency without leaving a queue of requests behind.
    warm = _with(command, {"-t": "1", "-c": "1", "-d": "3s"})
    first = _parse(subprocess.run(warm, capture_output=True, text=True, check=False), page)
    server.drain()
    # Slow pages get a longer run, so that even they answer a few dozen requests.
    latency = first["p50_ms"] / 1000 if first["requests"] else 3.0
    duration = max(args.duration, min(120, math.ceil(latency * 30 * args.connections / 2 / 2)))
    command = _with(command, {"-d": f"{duration}s"})
    with MemorySampler(server) as memory:
        data = _parse(subprocess.run(command, capture_output=True, text=True, check=False), page)
    server.drain()
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


def _with(command: list[str], options: dict[str, str]) -> list[str]:
    changed = [*command]
    for option, value in options.items():
        changed[changed.index(option) + 1] = value
    return changed


def _parse(output: subprocess.CompletedProcess[str], page: Page) -> dict[str, Any]:
    for line in output.stdout.splitlines():
        if line.startswith("BENCH "):
            return dict(json.loads(line[6:]))
    sys.exit(f"wrk failed on {page.name}:\n{output.stdout}\n{output.stderr}")


def load_pages(
    server: Server, pages: list[Page], sessions: dict[str, Any], args: argparse.Namespace
) -> dict[str, Result]:
    results: dict[str, Result] = {}
    for page in pages:
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
        say(f"  {server.name}: {page.name} ({args.duration}s)")
        results[page.name] = wrk(server, page, headers, secret, args)
    return results


# --- Report ---------------------------------------------------------------------------------


def fmt_ratio(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    return f"{value:.0%}" if unit == "%" else f"{value:.1f}x"


def report(
    floor: Result,
    ours: list[Page],
    our_results: dict[str, Result],
    peers: dict[str, Result],
    sweep: dict[str, Any],
    meta: dict[str, Any],
) -> str:
    lines = [
        "# Benchmark: the helpdesk at 1,000,000 tickets beside django-helpdesk",
        "",
        f"- run: {meta['started']}, {meta['seconds']:.0f} s; {os.cpu_count()} cores; "
        f"load average at start {meta['load_start']}, at end {meta['load_end']}",
        f"- data: {meta['tickets']:,} tickets (ours and django-helpdesk's); query counts also "
        f"at {meta['small']:,} tickets",
        f"- gunicorn: {GUNICORN_WORKERS} sync workers each; wrk {meta['threads']} threads, "
        f"{meta['connections']} connections, at least {meta['duration']} s per page (longer for "
        "slow pages, to collect a few dozen answers) after a 3 s warm-up on one connection",
        "",
        "| page | req/s | p50 ms | p95 ms | p99 ms | errors | queries (1k / 1M) "
        "| peak worker RSS MB | vs floor | vs django-helpdesk |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]

    def row(name: str, result: Result, queries: str, vs_floor: str, vs_peer: str) -> None:
        lines.append(
            f"| {name} | {result.rps:,.1f} | {result.p50:.1f} | {result.p95:.1f} | "
            f"{result.p99:.1f} | {result.errors} | {queries} | {result.rss_mb:.0f} | "
            f"{vs_floor} | {vs_peer} |"
        )

    row("floor: bare Django view", floor, "0", "100%", "—")
    for page in ours:
        result = our_results[page.name]
        small, large = result.queries.get("small", "?"), result.queries.get("large", "?")
        peer_result = peers.get(page.peer or "")
        row(
            page.name,
            result,
            f"{small} / {large}",
            fmt_ratio(result.rps / floor.rps if floor.rps else None, "%"),
            fmt_ratio(
                result.rps / peer_result.rps if peer_result and peer_result.rps else None, "x"
            ),
        )
    for name, result in peers.items():
        row(
            f"django-helpdesk: {name}",
            result,
            f"— / {result.queries.get('large', '?')}",
            fmt_ratio(result.rps / floor.rps if floor.rps else None, "%"),
            "—",
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
        "its req/s is one over the sum of both times, its latencies and queries are the sums.",
        "",
        "## Targets",
        "",
    ]
    lines += targets(floor, ours, our_results, peers, sweep)
    return "\n".join(lines) + "\n"


def targets(
    floor: Result,
    ours: list[Page],
    results: dict[str, Result],
    peers: dict[str, Result],
    sweep: dict[str, Any],
) -> list[str]:
    checks: list[tuple[bool, str]] = []
    for page in ours:
        result = results[page.name]
        peer_result = peers.get(page.peer or "")
        if page.kind == "read":
            share = result.rps / floor.rps if floor.rps else 0
            checks.append((share >= 0.10, f"{page.name}: {share:.0%} of the floor (≥ 10%)"))
            if peer_result is not None and peer_result.rps:
                times = result.rps / peer_result.rps
                checks.append(
                    (
                        times >= 10,
                        f"{page.name}: {times:.1f}x django-helpdesk's {page.peer} (≥ 10x)",
                    )
                )
            small, large = result.queries.get("small"), result.queries.get("large")
            checks.append(
                (
                    small == large and large is not None and 0 <= large <= 12,
                    f"{page.name}: {small} / {large} queries at 1k / 1M tickets (≤ 12, equal)",
                )
            )
        elif page.name == "create: web form" and peer_result is not None and peer_result.rps:
            times = result.rps / peer_result.rps
            checks.append(
                (
                    times >= 1.2,
                    f"{page.name}: {times:.2f}x django-helpdesk's public submit (≥ 1.2x)",
                )
            )
        if result.errors:
            checks.append((False, f"{page.name}: {result.errors} failed requests"))
    checks.append((sweep["seconds"] < 1.0, f"reminder sweep: {sweep['seconds']:.3f} s (< 1 s)"))
    return [f"- [{'x' if ok else ' '}] {text}" for ok, text in checks]


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
        queries={
            key: page.queries.get(key, 0) + data.queries.get(key, 0)
            for key in set(page.queries) | set(data.queries)
        },
    )


# --- Main -----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--tickets", type=int, default=int(os.environ.get("BENCH_TICKETS", 1_000_000))
    )
    parser.add_argument("--small", type=int, default=1_000, help="tickets of the query-count twin")
    parser.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_DURATION", 10)))
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
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

    say("== queries per page (Django test client)")
    ours = product_pages(database_url)
    counts_large = count_queries(
        sys.executable, ROOT, ["-m", "bench.queries"], product_env(database_url), page_json(ours)
    )
    counts_small = count_queries(
        sys.executable,
        ROOT,
        ["-m", "bench.queries"],
        product_env(small_url),
        page_json(product_pages(small_url)),
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

    say("== load: the floor")
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    floor_server = Server("floor", [gunicorn, "bench.floor:application"], dict(os.environ), ROOT)
    floor_server.start()
    try:
        floor = load_pages(floor_server, [Page("floor", None, "/")], {}, args)["floor"]
    finally:
        floor_server.stop()

    say("== load: the product")
    server = Server(
        "product",
        [gunicorn, "helpdesk.wsgi:application"],
        product_env(database_url),
        ROOT,
        "/healthz",
    )
    server.start()
    try:
        sessions: dict[str, Any] = {
            "agent": login(server.base, "/accounts/login/", "agent"),
            "buyer": login(server.base, "/accounts/login/", "buyer"),
            SELLER: login(server.base, "/accounts/login/", SELLER),
            "token:buyer": api_token(server.base, "buyer"),
        }
        our_results = load_pages(server, ours, sessions, args)
    finally:
        server.stop()
    for page in ours:
        our_results[page.name].queries = {
            "small": counts_small.get(page.name),
            "large": counts_large.get(page.name),
        }

    say("== load: django-helpdesk")
    peer_env = peer.peer_env(peer_name)
    peer_server = Server(
        "django-helpdesk",
        [str(peer.VENV / "bin" / "gunicorn"), "wsgi:application"],
        peer_env,
        peer.PROJECT,
    )
    peer_server.start()
    try:
        peer_sessions = {
            "agent": login(peer_server.base, "/helpdesk/login/", "agent"),
            "anonymous": anonymous_csrf(peer_server.base, "/helpdesk/tickets/submit/"),
        }
        theirs = peer_pages(peer_server.base, peer_sessions["agent"], peer_url)
        raw_peer = load_pages(peer_server, theirs, peer_sessions, args)
    finally:
        peer_server.stop()
    peer_counts = count_queries(
        peer.python(), peer.PROJECT, ["queries.py"], peer_env, page_json(theirs)
    )
    for page in theirs:
        raw_peer[page.name].queries = {"large": peer_counts.get(page.name)}
    peers = {
        "staff list": combine(raw_peer["staff list page"], raw_peer["staff list data"]),
        **raw_peer,
    }
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
        "duration": args.duration,
    }
    text = report(floor, ours, our_results, peers, sweep, meta)
    (OUT / "results.md").write_text(text)
    say("")
    say(text)
    say(f"written to {OUT / 'results.md'}")


if __name__ == "__main__":
    main()
