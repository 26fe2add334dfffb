"""Requests too large to read are refused before anything reads them."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

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
