"""Time the reports page's queries: ``manage.py bench_reports --days 7 --user admin``.

For the scale runs (a million tickets): each section of the report is read on its own, with
its query count and wall time, then the whole page as a supervisor would load it.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from reports.selectors import MAX_DAYS, Period, Report, Scope

SECTIONS = (
    "breakdown",
    "per_day",
    "backlog",
    "times",
    "satisfaction",
    "comments",
    "agents",
    "resolved_in_period",
    "reopened_tickets",
    "breached_tickets",
    "funnel",
    "search_misses",
)


class Command(BaseCommand):
    help = "Time each query of the reports page (one line per section, then the total)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=7)
        parser.add_argument("--user", default="", help="username (default: a supervisor)")
        parser.add_argument("--repeat", type=int, default=3)

    def handle(self, *args: Any, **options: Any) -> None:
        days = int(options["days"])
        if not 1 <= days <= MAX_DAYS:
            raise CommandError(f"--days must be between 1 and {MAX_DAYS}")
        users = User.objects.filter(is_active=True)
        user = (
            users.filter(username=options["user"]).first()
            if options["user"]
            else users.filter(role=User.Role.SUPERVISOR).first()
        )
        if user is None:
            raise CommandError("No such active user (or no supervisor).")
        period = Period.last_days(days)
        total_seconds, total_queries = 0.0, 0
        for section in SECTIONS:
            best = float("inf")
            queries = 0
            for _round in range(max(1, int(options["repeat"]))):
                report = Report(Scope(user), period)
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    getattr(report, section)
                    best = min(best, time.perf_counter() - started)
                queries = len(captured)
            total_seconds += best
            total_queries += queries
            self.stdout.write(f"{section:<20} {queries:>3} queries  {best * 1000:>9.1f} ms")
        self.stdout.write(
            f"{'total':<20} {total_queries:>3} queries  {total_seconds * 1000:>9.1f} ms"
        )
