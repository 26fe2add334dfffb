"""Who is asking and from where, for audit entries written deep inside services."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from . import services


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = services.current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            services.current_request.reset(token)
