"""The load half of the benchmark alone, for the developer working on one page.

Serves the floor and the product with gunicorn against the seeded database (``make bench``
seeds it) and loads the chosen pages with wrk, printing requests/s and the share of the
floor; no seeding, no django-helpdesk, no table::

    python -m bench.quick [--duration 5] [PAGE-SUBSTRING ...]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from .__main__ import (
    OUT,
    ROOT,
    SELLER,
    Server,
    api_token,
    load_pages,
    login,
    product_env,
    product_pages,
)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.quick")
    parser.add_argument("pages", nargs="*", help="only pages whose name holds one of these")
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    database_url = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/helpdesk_bench"
    )
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "var").mkdir(exist_ok=True)
    gunicorn = str(Path(sys.executable).parent / "gunicorn")

    floor_server = Server("floor", [gunicorn, "bench.floor:application"], dict(os.environ), ROOT)
    floor_server.start()
    try:
        from .__main__ import Page

        floor = load_pages(floor_server, [Page("floor", None, "/")], {}, args)["floor"].rps
    finally:
        floor_server.stop()
    pages = [
        page
        for page in product_pages(database_url)
        if not args.pages or any(part in page.name for part in args.pages)
    ]
    server = Server(
        "product", [gunicorn, "helpdesk.wsgi:application"], product_env(database_url), ROOT
    )
    server.probe = "/healthz"
    server.start()
    try:
        sessions: dict[str, Any] = {
            "agent": login(server.base, "/accounts/login/", "agent"),
            "buyer": login(server.base, "/accounts/login/", "buyer"),
            SELLER: login(server.base, "/accounts/login/", SELLER),
            "token:buyer": api_token(server.base, "buyer"),
        }
        results = load_pages(server, pages, sessions, args)
    finally:
        server.stop()
    print(f"{'floor':28} {floor:8.1f} req/s")
    for name, result in results.items():
        print(
            f"{name:28} {result.rps:8.1f} req/s  p50 {result.p50:6.1f} ms  "
            f"{100 * result.rps / floor:5.1f}% of the floor  errors {result.errors}"
        )


if __name__ == "__main__":
    main()
