"""A soak of the mixed load: is a worker's memory flat after ten minutes, and nothing failing?

Serves the product (production settings, 2 sync workers, as ``make bench``) against the
seeded benchmark database (``make bench`` seeds it) and loads it with wrk for ``--minutes``
one-minute stretches of a mixed load: 70% reads (the agent's queue and ticket pages, the
buyer's list and ticket pages, the API's ticket list, over many tickets), 20% replies (agents
and buyers answering on their open tickets) and 10% filing (the inquiry form). The workers'
resident memory is read at the end of each minute; the table shows each minute and the growth
from the first minute to the last::

    python -m bench.soak [--minutes 10] [--connections 8]

Writes ``var/bench/soak.md``. The tickets and replies it makes are removed by the next
``make bench`` (bench/seed.py forgets what earlier runs filed).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid

import psycopg2

from .__main__ import (
    OUT,
    ROOT,
    Server,
    cookie_header,
    product_pages,
    product_server,
    product_sessions,
    say,
    worker_rss_kb,
)

MIXED = ROOT / "bench" / "lua" / "mixed.lua"
OWN_TICKETS = 40
READS, REPLIES, FILING = 0.70, 0.20, 0.10


def _max_ticket(database_url: str) -> int:
    connection = psycopg2.connect(database_url)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT coalesce(max(id), 0) FROM tickets_ticket")
            return int(cursor.fetchone()[0])
    finally:
        connection.close()


def _own_tickets(server: Server, database_url: str, sessions: dict[str, object]) -> list[str]:
    """The soak's own open inquiries, filed by the buyer through the form: the replies go
    there, so the seeded tickets the benchmark reads never grow, and the next ``make bench``
    removes them with everything said on them."""
    buyer = sessions["buyer"]
    assert isinstance(buyer, dict)  # noqa: S101 - typing only
    (filing,) = [page for page in product_pages(database_url) if page.name == "create: web form"]
    before = _max_ticket(database_url)
    for index in range(OWN_TICKETS):
        body = filing.body.replace("{csrf}", buyer["csrftoken"]).replace(
            "{uuid}", str(uuid.uuid4())
        )
        body = body.replace(urllib.parse.quote_plus("주문한 상품이 오지 않아요"), f"soak-{index}")
        request = urllib.request.Request(
            server.base + filing.path,
            data=body.encode(),
            headers={
                "Cookie": cookie_header(buyer)[len("Cookie: ") :],
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
    connection = psycopg2.connect(database_url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reference FROM tickets_ticket WHERE id > %s "
                "AND requester_id = (SELECT id FROM accounts_user WHERE username = 'buyer') "
                "ORDER BY id",
                [before],
            )
            own = [row[0] for row in cursor.fetchall()]
    finally:
        connection.close()
    if len(own) < OWN_TICKETS:
        sys.exit(f"The soak filed {OWN_TICKETS} inquiries but finds {len(own)}.")
    return own


def _seeded_tickets(database_url: str) -> tuple[list[str], list[str]]:
    """Open web tickets in the agent's queues, and the buyer's own: read, never written."""
    connection = psycopg2.connect(database_url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT t.reference FROM tickets_ticket t
                WHERE t.status = 'open' AND t.channel = 'web' AND t.merged_into_id IS NULL
                  AND t.id <= (SELECT value FROM bench_meta WHERE name = 'last_seeded_ticket')
                  AND t.queue_id IN (
                    SELECT m.queue_id FROM catalog_queuemembership m
                    JOIN accounts_user u ON u.id = m.user_id WHERE u.username = 'agent')
                ORDER BY t.id DESC LIMIT 40
                """
            )
            agent = [row[0] for row in cursor.fetchall()]
            cursor.execute(
                """
                SELECT reference FROM tickets_ticket
                WHERE merged_into_id IS NULL AND requester_id =
                  (SELECT id FROM accounts_user WHERE username = 'buyer')
                  AND id <= (SELECT value FROM bench_meta WHERE name = 'last_seeded_ticket')
                ORDER BY id DESC LIMIT 20
                """
            )
            buyer = [row[0] for row in cursor.fetchall()]
    finally:
        connection.close()
    if not agent or not buyer:
        sys.exit("The benchmark database has no tickets to soak: run `make bench` first.")
    return agent, buyer


def spec_lines(database_url: str, sessions: dict[str, object], own: list[str]) -> list[str]:
    """The weighted requests of the mix, one per line for bench/lua/mixed.lua: reads over
    seeded tickets and the soak's own, replies on the soak's own."""
    agent_tickets, buyer_tickets = _seeded_tickets(database_url)
    agent, buyer = sessions["agent"], sessions["buyer"]
    assert isinstance(agent, dict) and isinstance(buyer, dict)  # noqa: S101 - typing only
    as_agent, as_buyer = cookie_header(agent), cookie_header(buyer)
    token = f"Authorization: Token {sessions['token:buyer']}"
    lines: list[str] = []

    def add(
        weight: float,
        method: str,
        path: str,
        *,
        body: str = "-",
        secret: str = "-",  # noqa: S107 - "-" is wrk's empty field, not a password
        content_type: str = "-",
        headers: tuple[str, ...] = (),
    ) -> None:
        lines.append(
            "\t".join([f"{weight:.6f}", method, path, content_type, body, secret, *headers])
        )

    form = "application/x-www-form-urlencoded"
    # Reads: the agent's workspace (queue and tickets) and the buyer's pages, about evenly.
    reads = [
        *((f"/agent/tickets/{ref}/", as_agent) for ref in [*agent_tickets, *own]),
        *(("/agent/?view=open", as_agent),) * 10,
        *((f"/tickets/{ref}/", as_buyer) for ref in [*buyer_tickets, *own]),
        *(("/tickets/", as_buyer),) * 10,
    ]
    for path, cookie in reads:
        add(READS * 0.9 / len(reads), "GET", path, headers=(cookie,))
    add(READS * 0.1, "GET", "/api/v1/tickets/", headers=(token, "Accept: application/json"))
    # Replies: agents and buyers, half each, on the soak's own inquiries.
    replies = (
        (
            "/agent/tickets/{}/reply/",
            {
                "kind": "reply",
                "then": "",
                "body": "택배사 물류센터에서 지연되고 있습니다. 내일 출고 예정입니다.",
            },
            agent,
            as_agent,
        ),
        ("/tickets/{}/reply/", {"body": "아직 배송 조회가 되지 않아요."}, buyer, as_buyer),
    )
    for path, fields, cookies, cookie in replies:
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": "{csrf}", **fields}, safe="{}")
        for ref in own:
            add(
                REPLIES / len(replies) / len(own),
                "POST",
                path.format(ref),
                body=body,
                secret=cookies.get("csrftoken", "-"),
                content_type=form,
                headers=(cookie,),
            )
    # Filing: the inquiry form, as the benchmark files it.
    (filing,) = [page for page in product_pages(database_url) if page.name == "create: web form"]
    add(
        FILING,
        "POST",
        filing.path,
        body=filing.body,
        secret=buyer.get("csrftoken", "-"),
        content_type=form,
        headers=(as_buyer,),
    )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.soak", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--minutes", type=int, default=int(os.environ.get("BENCH_SOAK_MINUTES", 10))
    )
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    database_url = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/helpdesk_bench"
    )
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "var").mkdir(exist_ok=True)
    server = product_server(database_url)
    started = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    minutes: list[dict[str, object]] = []
    try:
        server.start()
        sessions = product_sessions(server)
        spec = OUT / "soak-mix.tsv"
        own = _own_tickets(server, database_url, sessions)
        spec.write_text("\n".join(spec_lines(database_url, sessions, own)) + "\n")
        first_pids = sorted(server.workers())
        say(f"== soak: {args.minutes} minutes of the mixed load on {server.base}")
        for minute in range(1, args.minutes + 1):
            output = subprocess.run(
                [
                    "wrk",
                    "-t",
                    str(args.threads),
                    "-c",
                    str(args.connections),
                    "-d",
                    "60s",
                    "--timeout",
                    "30s",
                    "-s",
                    str(MIXED),
                    server.base,
                    "--",
                    str(spec),
                ],
                capture_output=True,
                text=True,
                check=False,
            )
            lines = [line for line in output.stdout.splitlines() if line.startswith("BENCH ")]
            if not lines:
                sys.exit(f"wrk failed:\n{output.stdout}\n{output.stderr}")
            data = json.loads(lines[0][6:])
            sizes = {pid: kb / 1024 for pid, kb in worker_rss_kb(server).items()}
            row = {
                "minute": minute,
                "rps": data["rps"],
                "p50": data["p50_ms"],
                "p99": data["p99_ms"],
                "errors": data["status_errors"] + data["socket_errors"],
                "rss": [round(sizes[pid], 1) for pid in sorted(sizes)],
                "pids": sorted(sizes),
            }
            minutes.append(row)
            say(
                f"  minute {minute}: {row['rps']:.1f} req/s, p99 {row['p99']:.0f} ms, "
                f"{row['errors']} errors, worker RSS {row['rss']} MB"
            )
        server.drain()
    finally:
        server.stop()
    text = report(minutes, first_pids, started, args)
    (OUT / "soak.md").write_text(text)
    say("")
    say(text)
    say(f"written to {OUT / 'soak.md'}")


def report(
    minutes: list[dict[str, object]],
    first_pids: list[int],
    started: str,
    args: argparse.Namespace,
) -> str:
    lines = [
        "# Soak: the mixed load for ten minutes",
        "",
        f"- run: {started}; {os.cpu_count()} cores; gunicorn 2 sync workers; wrk "
        f"{args.threads} threads, {args.connections} connections; {args.minutes} one-minute "
        "stretches",
        f"- mix: {READS:.0%} reads (agent queue and ticket pages, buyer list and ticket pages, "
        f"API ticket list), {REPLIES:.0%} replies (agents and buyers), {FILING:.0%} filing "
        "(the inquiry form)",
        "",
        "| minute | req/s | p50 ms | p99 ms | errors | worker RSS MB |",
        "| ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in minutes:
        rss = ", ".join(f"{size:.1f}" for size in row["rss"])  # type: ignore[attr-defined]
        lines.append(
            f"| {row['minute']} | {row['rps']:.1f} | {row['p50']:.1f} | {row['p99']:.1f} | "
            f"{row['errors']} | {rss} |"
        )
    first, last = minutes[0], minutes[-1]
    same = first["pids"] == last["pids"] == first_pids
    growth = (
        max(
            (b - a) / a
            for a, b in zip(first["rss"], last["rss"], strict=False)  # type: ignore[call-overload]
        )
        if same
        else float("nan")
    )
    errors = sum(int(row["errors"]) for row in minutes)  # type: ignore[call-overload]
    lines += [
        "",
        f"- [{'x' if same and growth < 0.10 else ' '}] worker memory flat: largest growth from "
        f"the first minute to the last {growth:+.1%} (< 10%)"
        + ("" if same else "; a worker was replaced during the soak"),
        f"- [{'x' if errors == 0 else ' '}] no error: {errors} failed requests",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
