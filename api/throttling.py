"""Rate limits; the rates live in settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].

DRF copies the rates into the throttle classes once, at import; these read them on every
request instead, so that an operator's settings (and a test's override) always apply. A
refused request answers 429 with ``Retry-After``.

The counting is helpdesk.ratelimit's fixed window (one atomic increment in Redis), not DRF's
sliding log: that reads and rewrites the list of every call's time in the window on each
call (600 floats a minute per person at the default rate) and loses counts when two calls
of one person overlap.
"""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import (
    AnonRateThrottle,
    ScopedRateThrottle,
    SimpleRateThrottle,
    UserRateThrottle,
)

from helpdesk import addresses, ratelimit
from helpdesk import cache as redis_state


class _CurrentRates(SimpleRateThrottle):
    def allow_request(self, request: Request, view: Any) -> bool:
        # The counts live in the cache (Redis). With Redis down or hung the call goes through
        # uncounted: refusing every call, or answering 500, would stop inquiries altogether.
        self.retry_after = 0
        if redis_state.is_down():
            return True
        if isinstance(self, ScopedRateThrottle):  # its scope comes from the view
            self.scope = getattr(view, self.scope_attr, None)
            if not self.scope:
                return True
        self.rate = self.get_rate()
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        count, seconds = self.parse_rate(self.rate)
        if count is None or seconds is None:
            return True
        try:
            self.retry_after = ratelimit.hit(
                ratelimit.Limit(f"api-{self.scope}", count, seconds), key
            )
        except Exception as error:
            redis_state.note_failure(f"API throttle {self.scope}", error)
            return True
        return self.retry_after == 0

    def get_ident(self, request: Request) -> str:
        """The caller's address, as every other limit reads it (helpdesk.addresses)."""
        return addresses.client_address(request) or ""

    def wait(self) -> float | None:
        return float(self.retry_after) if self.retry_after else None

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
