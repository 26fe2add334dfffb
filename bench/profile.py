"""Where a page's time goes, for the developer chasing a benchmark figure.

Run inside the product's environment, against a seeded database::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/helpdesk_bench_small \\
        python -m bench.profile [--repeat 50] [--cprofile 25] [--sql] [PAGE-SUBSTRING ...]

Each page of the benchmark, and the signed-in floor of each account (``bench/urls.py``), is
requested through Django's test client, warmed, then timed
``--repeat`` times: milliseconds per request in all, of which in SQL, and queries. With
``--cprofile N`` the N functions with the most time of their own are listed per page;
with ``--sql`` the last request's queries, each with its time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import time
import uuid


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profile")
    parser.add_argument("pages", nargs="*", help="only pages whose name holds one of these")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--cprofile", type=int, default=0, metavar="N")
    parser.add_argument("--sort", default="tottime", help="pstats order: tottime, cumulative")
    parser.add_argument("--only", default="", help="list only functions whose path matches")
    parser.add_argument("--sql", action="store_true", help="print the last request's queries")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    from bench.__main__ import SECRET, product_env, product_pages, signed_in_floor

    database_url = os.environ["DATABASE_URL"]
    os.environ.update(product_env(database_url))
    os.environ.setdefault("DJANGO_SECRET_KEY", SECRET)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from rest_framework.authtoken.models import Token

    from accounts.models import User

    pages = product_pages(database_url)
    accounts = sorted({page.account for page in pages if page.account})
    for page in [*(signed_in_floor(account) for account in accounts), *pages]:
        if args.pages and not any(part in page.name for part in args.pages):
            continue
        client = Client(HTTP_HOST="127.0.0.1")
        headers: dict[str, str] = {}
        if page.who == "api":
            user = User.objects.get(username=page.user)
            headers["HTTP_AUTHORIZATION"] = f"Token {Token.objects.get_or_create(user=user)[0]}"
        elif page.who:
            client.force_login(User.objects.get(username=page.who))

        def call(page=page, headers=headers, client=client) -> int:  # type: ignore[no-untyped-def]
            if page.method == "GET":
                return int(client.get(page.path, **headers).status_code)
            body = page.body.replace("{uuid}", str(uuid.uuid4())).replace("{n}", "1")
            if page.content_type == "application/json":
                headers["HTTP_IDEMPOTENCY_KEY"] = str(uuid.uuid4())
            return int(
                client.post(page.path, body, content_type=page.content_type, **headers).status_code
            )

        for _ in range(3):
            call()
        profiler = cProfile.Profile() if args.cprofile else None
        sql_seconds = 0.0
        queries = 0
        started = time.perf_counter()
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as captured:
                if profiler:
                    profiler.enable()
                status = call()
                if profiler:
                    profiler.disable()
            queries = len(captured)
            sql_seconds += sum(float(query["time"]) for query in captured.captured_queries)
        elapsed = time.perf_counter() - started
        print(
            f"{page.name:28} {status} {1000 * elapsed / args.repeat:7.1f} ms "
            f"(SQL {1000 * sql_seconds / args.repeat:6.1f} ms, {queries} queries)",
            flush=True,
        )
        if args.sql:
            for query in captured.captured_queries:
                print(f"  {1000 * float(query['time']):6.2f} ms  {query['sql'][:160]}")
        if profiler:
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out).sort_stats(args.sort)
            stats.print_stats(args.only, args.cprofile)
            print(out.getvalue())


if __name__ == "__main__":
    main()
