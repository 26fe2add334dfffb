"""Provider webhooks through django-anymail: each inbound message is stored like any other."""

from __future__ import annotations

from typing import Any

from .models import InboundMessage
from .services import store_raw


def store_webhook_message(sender: Any, event: Any, esp_name: str, **kwargs: Any) -> None:
    """anymail's ``inbound`` signal: the normalized message, stored raw and queued."""
    message = event.message
    if message is None:
        return
    recipient = getattr(message, "envelope_recipient", None)
    store_raw(
        message.as_bytes(),
        source=InboundMessage.Source.WEBHOOK,
        envelope_from=getattr(message, "envelope_sender", None),
        envelope_to=[recipient] if recipient else [],
    )
