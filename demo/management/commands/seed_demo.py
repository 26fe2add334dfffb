"""Fill the database with demo data; running it twice changes nothing."""

from typing import Any

from django.core.management.base import BaseCommand

from catalog.models import Category
from demo.content import DEMO_PASSWORD
from demo.seed import seed


class Command(BaseCommand):
    help = (
        "Load demo categories, queues, targets, accounts, contacts, FAQ and tickets (idempotent)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when categories already exist."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Category.objects.exists():
            self.stdout.write("Demo data already present.")
            return
        counts = seed()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {counts['people']} accounts, {counts['tickets']} new tickets. "
                f"Password for every demo account: {DEMO_PASSWORD}"
            )
        )
