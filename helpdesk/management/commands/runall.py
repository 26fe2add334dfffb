"""Serve the site with a Celery worker and its beat beside it, and receive mail by SMTP;
Ctrl-C stops all of them. The web is `runserver`, which daphne (an installed app) makes an
ASGI server: pages and the live chat's WebSockets on one port."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from honcho.manager import Manager

DEMO_ACCOUNTS = "admin, agent, agent2, buyer, buyer2, seller"


class Command(BaseCommand):
    help = (
        "Run the web server, a Celery worker with Celery beat, and the SMTP receiver together "
        "(the embedded mode)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args: Any, **options: Any) -> None:
        python = sys.executable
        address = f"{options['host']}:{options['port']}"
        self.stdout.write(
            self.style.SUCCESS(f"\n  Help center:      http://{address}/\n")
            + f"  Agent workspace:  http://{address}/agent/\n"
            + f"  Live chat:        http://{address}/chat/ (agents: /agent/chat/)\n"
            + f"  Admin:            http://{address}/admin/\n"
            + f"  Demo accounts:    {DEMO_ACCOUNTS} (password: demo-pass-1234)\n"
            + f"  E-mail outbox:    {settings.EMAIL_OUTBOX_DIR or 'SMTP'}\n"
            + f"  E-mail in:        smtp://{settings.HELPDESK_INBOUND_SMTP_HOST}:"
            + f"{settings.HELPDESK_INBOUND_SMTP_PORT} (to {settings.HELPDESK_HELP_ADDRESS})\n"
            + "  Stop with Ctrl-C.\n"
        )
        # Links in e-mail (written by the web and by the worker) point where we serve,
        # unless HELPDESK_SITE_URL names the address people reach us at.
        environment = dict(os.environ)
        if not settings.SITE_URL_IS_SET:
            host = "127.0.0.1" if options["host"] in ("0.0.0.0", "::", "") else options["host"]  # noqa: S104
            environment["HELPDESK_SITE_URL"] = f"http://{host}:{options['port']}"
        manager = Manager()
        manager.add_process(
            "web", f"{python} manage.py runserver --noreload {address}", env=environment
        )
        # The worker runs under supervise_worker, which restarts it when beat's heartbeats stop
        # being sent or consumed (a worker alive but consuming nothing).
        manager.add_process(
            "worker",
            f"{python} manage.py supervise_worker --beat -- "
            f"{python} -m celery -A helpdesk worker --beat --concurrency 2 --loglevel INFO "
            f"--schedule {settings.CELERY_BEAT_SCHEDULE_FILENAME}",
            env=environment,
        )
        # Mail to the help address, received by SMTP and stored for the worker to process.
        manager.add_process(
            "mail",
            f"{python} manage.py receive_mail --host {settings.HELPDESK_INBOUND_SMTP_HOST} "
            f"--port {settings.HELPDESK_INBOUND_SMTP_PORT}",
            env=environment,
        )
        manager.loop()
        sys.exit(manager.returncode)
