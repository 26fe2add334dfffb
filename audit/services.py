"""Writing the audit trail: one function, called by signals, services and views."""

from __future__ import annotations

import logging
from contextvars import ContextVar
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest

from helpdesk.addresses import client_address

from .models import AuditEntry

logger = logging.getLogger(__name__)

# "The person of the current request": the default actor. An explicit None means the system.
FROM_REQUEST: Any = object()
# Set by AuditContextMiddleware for the length of a request: the address and the person.
current_request: ContextVar[HttpRequest | None] = ContextVar("audit_request", default=None)


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return client_address(request)


def log(
    action: str,
    *,
    actor: AbstractBaseUser | AnonymousUser | None = FROM_REQUEST,
    obj: Any = None,
    object_type: str = "",
    object_id: object = "",
    summary: str = "",
    params: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEntry:
    """Append one entry; the actor and address default to the current request's. ``params``
    is the summary as a term (helpdesk/terms.py), shown in each reader's language."""
    request = request or current_request.get()
    if actor is FROM_REQUEST:
        actor = getattr(request, "user", None) if request is not None else None
    if actor is not None and not actor.is_authenticated:
        actor = None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    return AuditEntry.objects.create(
        actor_id=getattr(actor, "pk", None),
        actor_name=(actor.get_username() if actor is not None else "")[:150],
        action=action,
        object_type=object_type[:40],
        object_id=str(object_id)[:64],
        summary=summary[:300],
        params=params or {},
        ip=client_ip(request),
    )
