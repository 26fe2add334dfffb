"""The local SMTP receiver of `make run` (aiosmtpd): every message is stored raw once, and
only then accepted; when it cannot be stored the sender is told to try again (451)."""

from __future__ import annotations

import logging
from typing import Any

from aiosmtpd.controller import Controller
from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import close_old_connections, connections

from .models import InboundMessage
from .services import store_raw

logger = logging.getLogger(__name__)


def _store(raw: bytes, mail_from: str | None, rcpt_tos: list[str]) -> None:
    close_old_connections()
    try:
        store_raw(
            raw,
            source=InboundMessage.Source.SMTP,
            envelope_from=mail_from or "",
            envelope_to=rcpt_tos,
        )
    finally:
        # A receiver thread stores a message now and then: no connection is left open idle.
        connections.close_all()


class InboundHandler:
    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        try:
            await sync_to_async(_store, thread_sensitive=False)(
                raw, envelope.mail_from, list(envelope.rcpt_tos)
            )
        except Exception:
            logger.exception("Could not store an inbound message")
            return "451 4.3.0 Could not store the message; try again later"
        return "250 2.0.0 Message accepted"


def start(host: str | None = None, port: int | None = None) -> Controller:
    """Start receiving in a thread of this process; ``.stop()`` ends it."""
    controller = Controller(
        InboundHandler(),
        hostname=host or settings.HELPDESK_INBOUND_SMTP_HOST,
        port=port if port is not None else settings.HELPDESK_INBOUND_SMTP_PORT,
        data_size_limit=settings.HELPDESK_INBOUND_MAX_BYTES,
        decode_data=False,
        ready_timeout=10,
    )
    controller.start()
    return controller
