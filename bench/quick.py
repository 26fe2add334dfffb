"""The load half of the benchmark alone, for the developer working on one page.

Serves the floor and the product with gunicorn against the seeded database (``make bench``
seeds it) and loads the chosen pages with wrk, each beside the signed-in floor of its account
(or the bare floor) in alternating rounds; no seeding, no django-helpdesk, no table::

    python -m bench.quick [--rounds 3] [--slice 4] [PAGE-SUBSTRING ...]
"""

from __future__ import annotations

import argparse
import os

from .__main__ import (
    OUT,
    Page,
    Target,
    floor_server,
    make_target,
    product_pages,
    product_server,
    product_sessions,
    run_rounds,
    signed_in_floor,
)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.quick")
    parser.add_argument("pages", nargs="*", help="only pages whose name holds one of these")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--slice", type=int, default=4)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    database_url = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/helpdesk_bench"
    )
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "var").mkdir(exist_ok=True)
    pages = [
        page
        for page in product_pages(database_url)
        if not args.pages or any(part in page.name for part in args.pages)
    ]
    bare_server, product = floor_server(), product_server(database_url)
    try:
        bare_server.start()
        product.start()
        sessions = product_sessions(product)
        bare = Target("floor: bare Django view", bare_server, Page("floor", None, "/"))
        floors: dict[str, Target] = {}
        for page in pages:
            if page.account and page.kind != "write":
                if page.account not in floors:
                    floors[page.account] = make_target(
                        product, signed_in_floor(page.account), sessions
                    )
                other, column = floors[page.account], "signed-in floor"
            else:
                other, column = bare, "floor"
            mine = make_target(product, page, sessions)
            run_rounds([mine, other], [(mine, other, column)], args)
    finally:
        product.stop()
        bare_server.stop()


if __name__ == "__main__":
    main()
