"""Receive e-mail by SMTP (the embedded mode; `make run` starts it through runall)."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from mail import receiver


class Command(BaseCommand):
    help = "Receive mail to the help address by SMTP and store each message for processing."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default=settings.HELPDESK_INBOUND_SMTP_HOST)
        parser.add_argument("--port", type=int, default=settings.HELPDESK_INBOUND_SMTP_PORT)

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        controller = receiver.start(options["host"], options["port"])
        self.stdout.write(f"Receiving mail on smtp://{options['host']}:{options['port']}/")
        self.stdout.flush()
        try:
            while not stop.wait(1):
                pass
        except KeyboardInterrupt:
            pass
        finally:
            controller.stop()
