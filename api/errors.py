"""One error shape for every 4xx the API answers:

    {"error": {"code": "invalid", "message": "...", "fields": {"details.order_number": ["..."]}}}

Business rules raise ``DomainError`` from the services; DRF raises its own exceptions for
authentication, permissions, parsing and throttling. Both end here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.exceptions import APIException, ErrorDetail, ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from claims.errors import ClaimConflict, InvalidClaim
from helpdesk.errors import DomainError
from tickets.services import InvalidTicket, NotAllowed


def error_body(
    code: str, message: str, fields: Mapping[str, list[str]] | None = None
) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": dict(fields or {})}}


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as dotted field names: {"details": {"amount": [..]}} becomes
    {"details.amount": [..]}; list items of nested lists get their index."""
    flat: dict[str, list[str]] = {}
    if isinstance(detail, Mapping):
        for key, value in detail.items():
            flat.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(detail, list):
        if all(not isinstance(item, Mapping | list) for item in detail):
            flat[prefix] = [str(item) for item in detail]
        else:
            for index, item in enumerate(detail):
                flat.update(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
    else:
        flat[prefix] = [str(detail)]
    return flat


def _validation_response(detail: Any) -> dict[str, Any]:
    fields = _flatten(detail) if isinstance(detail, Mapping | list) else {"": [str(detail)]}
    general = fields.pop(api_settings.NON_FIELD_ERRORS_KEY, []) + fields.pop("", [])
    if general:
        message = general[0]
    elif len(fields) == 1:
        message = next(iter(fields.values()))[0]
    else:
        message = _("Some fields are not valid; see the details for each.")
    return error_body("invalid", message, fields)


def _code_of(exc: APIException) -> str:
    detail = exc.detail
    if isinstance(detail, ErrorDetail) and detail.code:
        return str(detail.code)
    return str(exc.default_code)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, InvalidTicket):
        fields = {name: [str(m) for m in messages] for name, messages in exc.errors.items()}
        return Response(_validation_response(fields), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, InvalidClaim):
        fields = {name: [str(m) for m in messages] for name, messages in exc.errors.items()}
        return Response(_validation_response(fields), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, ClaimConflict):
        # The claim is visible and the move is this person's to make, but not from its state.
        return Response(error_body("conflict", str(exc)), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, NotAllowed):
        # The ticket is visible to this person (or it would be a 404): only the change is refused.
        return Response(error_body("not_allowed", str(exc)), status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, DomainError):
        fields = {exc.field: [str(exc)]} if exc.field else {}
        return Response(
            error_body("invalid_state", str(exc), fields), status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, ValidationError):
        response.data = _validation_response(exc.detail)
    elif isinstance(exc, APIException):
        response.data = error_body(_code_of(exc), str(exc.detail))
    return response


@csrf_exempt  # it changes nothing; a POST to a wrong path must get this 404, not a CSRF page
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Paths under /api/v1/ that match no endpoint (or a malformed reference or slug)."""
    return JsonResponse(
        error_body(exceptions.NotFound.default_code, str(exceptions.NotFound.default_detail)),
        status=404,
    )
