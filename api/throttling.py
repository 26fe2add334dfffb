"""Rate limits; the rates live in settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].

DRF copies the rates into the throttle classes once, at import; these read them on every
request instead, so that an operator's settings (and a test's override) always apply. A
refused request answers 429 with ``Retry-After``.
"""

from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.throttling import (
    AnonRateThrottle,
    ScopedRateThrottle,
    SimpleRateThrottle,
    UserRateThrottle,
)


class _CurrentRates(SimpleRateThrottle):
    def get_rate(self) -> str | None:
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope or "")
        return None if rate is None else str(rate)


class AnonThrottle(_CurrentRates, AnonRateThrottle):
    """Every anonymous caller, per address."""


class UserThrottle(_CurrentRates, UserRateThrottle):
    """Every signed-in caller, per person."""


class GuestTicketThrottle(_CurrentRates, AnonRateThrottle):
    """Guests filing inquiries, per address."""

    scope = "anon_ticket"


class TokenThrottle(_CurrentRates, AnonRateThrottle):
    """Password attempts at the token endpoint, per address."""

    scope = "auth_token"


class ScopedThrottle(_CurrentRates, ScopedRateThrottle):
    """The view's ``throttle_scope``, per person or address."""
