"""Time one reminder sweep with 1% of the open tickets' reminders due.

Run inside the product's environment with DATABASE_URL set: ``python -m bench.sweep``. The due
reminders are made again before the sweep (bench.seed.prepare_sweep), so every run sends the
same work; prints one JSON object.
"""

from __future__ import annotations

import json
import os
import time


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpdesk.settings")
    import django

    django.setup()
    from django.db import connection

    from tickets import reminders

    from .seed import prepare_sweep

    with connection.cursor() as cursor:
        due = prepare_sweep(cursor.cursor)
    started = time.perf_counter()
    result = reminders.sweep()
    seconds = time.perf_counter() - started
    print(
        "BENCH "
        + json.dumps(
            {
                "due": due,
                "seconds": seconds,
                "sent": result.sent,
                "cancelled": result.cancelled,
                "skipped": result.skipped,
                "failed": result.failed,
            }
        )
    )


if __name__ == "__main__":
    main()
