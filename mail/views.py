"""Held e-mail in the agent workspace: accept it as the requester's message, or dismiss it.
Only agents who see the ticket reach a held message; anyone else gets 404."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from helpdesk.errors import DomainError
from tickets.selectors import visible_tickets

from . import services
from .models import InboundMessage


def _held(request: HttpRequest, pk: int) -> tuple[User, InboundMessage]:
    user = request.user
    if not isinstance(user, User) or not user.is_agent:
        raise Http404
    row = get_object_or_404(
        InboundMessage.objects.defer("raw").select_related("ticket"),
        pk=pk,
        state=InboundMessage.State.HELD,
        ticket__in=visible_tickets(user),
    )
    return user, row


@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    user, row = _held(request, pk)
    assert row.ticket is not None  # noqa: S101  (the lookup requires a ticket)
    try:
        services.accept_held(row, by=user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The e-mail was added as the requester's message."))
    return redirect("agent:ticket", row.ticket.reference)


@require_POST
def dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    user, row = _held(request, pk)
    assert row.ticket is not None  # noqa: S101  (the lookup requires a ticket)
    try:
        services.dismiss_held(row, by=user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The e-mail was dismissed."))
    return redirect("agent:ticket", row.ticket.reference)
