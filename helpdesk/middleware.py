"""Requests too large to read are refused before anything reads them; walking ticket
references is slowed."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from rest_framework.exceptions import Throttled

from . import cache as redis_state
from . import ratelimit

# How wsgiref.simple_server (under Django's runserver) names itself in SERVER_SOFTWARE.
WSGIREF = "WSGIServer/"


class RequestSizeLimitMiddleware:
    """413 when Content-Length is over REQUEST_MAX_BYTES, in the person's language.

    Django caps form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams files of any size to
    disk; this caps the whole request, so nobody fills the disk with one upload. Sits after
    LocaleMiddleware (the message is translated) and before CSRF (which reads the body).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.REQUEST_MAX_BYTES
        if length > limit:
            return self.refuse(request, limit)
        return self.get_response(request)

    def refuse(self, request: HttpRequest, limit: int) -> HttpResponse:
        message = _(
            "This request is too large (at most %(limit)s). Attach fewer or smaller files."
        ) % {"limit": filesizeformat(limit)}
        response: HttpResponse
        if request.path.startswith("/api/"):
            response = JsonResponse(
                {"error": {"code": "request_too_large", "message": message, "fields": {}}},
                status=413,
            )
        else:
            response = HttpResponse(
                render_to_string("413.html", {"message": message}, request), status=413
            )
        # The client may still be sending: do not keep the connection for the rest. Python's
        # wsgiref (runserver, the server of `make run`) refuses hop-by-hop headers from the
        # application with a 500; it reads and drops the rest of the body itself.
        if not request.META.get("SERVER_SOFTWARE", "").startswith(WSGIREF):
            response["Connection"] = "close"
        return response


# Routes that name one ticket by a URL argument: their 404s are what walking references makes.
TICKET_ARGUMENTS = frozenset({"reference", "token"})


class ReferenceWalkLimitMiddleware:
    """Many 404s on ticket references from one address or account: 429 for a while.

    A reference names a ticket but never grants access, so trying references one after the
    other only meets 404s; counted per address and per account (session or API token), after
    RATE_LIMITS["ticket-not-found"] misses every route naming a ticket answers 429 with
    Retry-After until the window ends, on pages, fragments and the API alike.
    """

    LIMIT = "ticket-not-found"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = request.resolver_match
        if (
            response.status_code == 404
            and match is not None
            and TICKET_ARGUMENTS & match.kwargs.keys()
        ):
            self.count_miss(request)
        return response

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: dict[str, Any]
    ) -> HttpResponse | None:
        if not TICKET_ARGUMENTS & kwargs.keys() or redis_state.is_down():
            return None
        try:
            blocked = cache.get_many([self.block_key(key) for key in self.keys(request)])
        except Exception as error:  # the cache (Redis) away: fail open, as every limit does
            redis_state.note_failure("reference walk check", error)
            return None
        if not blocked:
            return None
        retry_after = max(1, max(blocked.values()) - int(time.time()))
        if request.path.startswith("/api/"):
            message = str(Throttled(wait=retry_after).detail)
            refused = JsonResponse(
                {"error": {"code": "throttled", "message": message, "fields": {}}}, status=429
            )
            refused["Retry-After"] = str(retry_after)
            return refused
        return ratelimit.too_many_requests(request, retry_after)

    def count_miss(self, request: HttpRequest) -> None:
        if redis_state.is_down():
            return
        try:
            for key in self.keys(request):
                usage = ratelimit.count(ratelimit.limit(self.LIMIT), key)
                if usage.remaining == 0:  # the last miss allowed: what follows waits
                    seconds = max(1, usage.reset_at - int(time.time()))
                    cache.set(self.block_key(key), usage.reset_at, timeout=seconds)
        except Exception as error:
            redis_state.note_failure("reference walk count", error)

    @staticmethod
    def keys(request: HttpRequest) -> list[str]:
        """The address, and the account: the session's, or the API token's (DRF reads that
        only inside the view, so the token itself names the caller here)."""
        keys = [f"address:{ratelimit.client_address(request)}"]
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            keys.append(f"user:{user.pk}")
        authorization = request.META.get("HTTP_AUTHORIZATION", "")
        if authorization:
            keys.append(f"token:{hashlib.sha256(authorization.encode()).hexdigest()[:32]}")
        return keys

    @staticmethod
    def block_key(key: str) -> str:
        return f"ratelimit:ticket-walk-blocked:{hashlib.sha256(key.encode()).hexdigest()[:32]}"
