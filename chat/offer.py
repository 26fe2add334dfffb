"""Whether the chat button shows, read from the cache on the help center, FAQ and contact
pages (no query once warm: those pages are pinned at their query counts).

The copy heals: it lives ``OFFER_SECONDS`` at most; every change of an agent's availability
or load drops it (services call ``forget``), and so does a change of a contact channel. What
it holds is an expiry: the moment the freshest agent with room for a chat stops counting as
online if no heartbeat comes, so a vanished agent drops out of it without any write."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from catalog import calendar as business

from . import selectors
from .models import Availability

logger = logging.getLogger(__name__)

KEY = "chat-offer:v1"
OFFER_SECONDS = 60


@dataclass(frozen=True)
class Offer:
    is_available: bool
    is_open: bool


def _compute(now: datetime) -> tuple[int | None, int | None, float]:
    """(chat channel id, its calendar id, Unix time until which some agent has room)."""
    channel = selectors.chat_channel()
    capable = selectors.agents_with_capacity(now=now)
    seen = Availability.objects.filter(agent_id__in=capable).values_list("seen_at", flat=True)
    until = max((moment for moment in seen if moment is not None), default=None)
    expires = (
        (until + timedelta(seconds=settings.CHAT_AGENT_TIMEOUT_SECONDS)).timestamp()
        if until is not None
        else 0.0
    )
    if channel is None:
        return None, None, expires
    return channel.pk, channel.calendar_id, expires


def current(now: datetime | None = None) -> Offer:
    now = now or timezone.now()
    state: Any = None
    try:
        state = cache.get(KEY)
    except Exception:  # a cache that is down must not break the help center
        logger.warning("Cache unavailable for %s", KEY, exc_info=True)
    if not isinstance(state, tuple):
        state = _compute(now)
        try:
            cache.set(KEY, state, OFFER_SECONDS)
        except Exception:
            logger.warning("Cache unavailable for %s", KEY, exc_info=True)
    channel_id, calendar_id, expires = state
    if channel_id is None:
        return Offer(False, False)
    is_open = business.is_open(business.calendar_by_id(calendar_id), now)
    return Offer(is_open and now.timestamp() < expires, is_open)


def forget(**kwargs: Any) -> None:
    try:
        cache.delete(KEY)
    except Exception:
        logger.warning("Cache unavailable for %s", KEY, exc_info=True)
