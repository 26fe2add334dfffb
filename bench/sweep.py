"""Time one reminder sweep with 1% of the open tickets' reminders due.

Run inside the product's environment with DATABASE_URL and REDIS_URL set:
``python -m bench.sweep``. The due reminders are made again before the sweep
(bench.seed.prepare_sweep), so every run sends the same work. The sweep is the beat task,
called directly: it hands the due reminders to the workers in batches on the broker. One
batch is then sent here too, to show what a worker's share costs. Prints one JSON object.
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

    from tickets import reminders, tasks

    from .seed import prepare_sweep

    with connection.cursor() as cursor:
        due = prepare_sweep(cursor.cursor)
    started = time.perf_counter()
    dispatched = tasks.sweep_reminders()
    seconds = time.perf_counter() - started
    batch = reminders.due_ids(reminders.DISPATCH_BATCH)
    started = time.perf_counter()
    result = reminders.send_batch(batch)
    batch_seconds = time.perf_counter() - started
    print(
        "BENCH "
        + json.dumps(
            {
                "due": due,
                "seconds": seconds,
                "dispatched": dispatched,
                "batch": len(batch),
                "batch_seconds": batch_seconds,
                "sent": result.sent,
                "cancelled": result.cancelled,
                "skipped": result.skipped,
                "failed": result.failed,
            }
        )
    )


if __name__ == "__main__":
    main()
