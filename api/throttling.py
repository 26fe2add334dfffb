"""Rate limits; the rates live in settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].

DRF copies the rates into the throttle classes once, at import; these read them on every
request instead, so that an operator's settings (and a test's override) always apply. A
refused request answers 429 with ``Retry-After``, and every answer carries the tightest limit
the call counted against (RateLimitHeadersMiddleware).

The counting is helpdesk.ratelimit's fixed window (one atomic increment in Redis), not DRF's
sliding log: that reads and rewrites the list of every call's time in the window on each
call (600 floats a minute per person at the default rate) and loses counts when two calls
of one person overlap.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
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
            usage = ratelimit.count(ratelimit.Limit(f"api-{self.scope}", count, seconds), key)
        except Exception as error:
            redis_state.note_failure(f"API throttle {self.scope}", error)
            return True
        _note_usage(request, usage)
        self.retry_after = usage.retry_after
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


# The tightest limit a call counted against, kept on Django's request for the middleware.
USAGE_ATTRIBUTE = "_rate_limit_usage"


def _note_usage(request: Request, usage: ratelimit.Usage) -> None:
    django_request = request._request
    current: ratelimit.Usage | None = getattr(django_request, USAGE_ATTRIBUTE, None)
    if current is None or usage.remaining < current.remaining:
        setattr(django_request, USAGE_ATTRIBUTE, usage)


class RateLimitHeadersMiddleware:
    """Tell API clients where they stand: ``X-RateLimit-Limit``, ``-Remaining`` and ``-Reset``
    (Unix time the window ends, as GitHub's API), and the IETF draft's ``RateLimit-Limit``,
    ``-Remaining``, ``-Reset`` (seconds until then) and ``RateLimit-Policy``. A 429 also has
    ``Retry-After``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        usage: ratelimit.Usage | None = getattr(request, USAGE_ATTRIBUTE, None)
        if usage is not None:
            seconds_left = max(0, usage.reset_at - int(time.time()))
            response["X-RateLimit-Limit"] = str(usage.limit.count)
            response["X-RateLimit-Remaining"] = str(usage.remaining)
            response["X-RateLimit-Reset"] = str(usage.reset_at)
            response["RateLimit-Limit"] = str(usage.limit.count)
            response["RateLimit-Remaining"] = str(usage.remaining)
            response["RateLimit-Reset"] = str(seconds_left)
            response["RateLimit-Policy"] = f"{usage.limit.count};w={usage.limit.seconds}"
        return response
