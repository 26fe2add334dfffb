"""The notices in the agent workspace: the list, one notice with its linked tickets, the
answer to all of them, and (supervisors) the notice's state."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from helpdesk.errors import DomainError
from helpdesk.http import AuthenticatedHttpRequest
from tickets.agent_views import workspace_page
from tickets.selectors import unread_notification_count, visible_tickets

from . import selectors, services
from .forms import AnswerAllForm, LinkForm, StateForm
from .models import Notice


def _context(request: AuthenticatedHttpRequest, **extra: object) -> dict[str, object]:
    return {
        "workspace_section": "notices",
        "unread_count": unread_notification_count(request.user),
        **extra,
    }


@workspace_page
@require_GET
def agent_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    notices = list(selectors.agent_notices(request.user)[:100])
    return render(request, "notices/agent_list.html", _context(request, notices=notices))


def _page(
    request: AuthenticatedHttpRequest,
    notice: Notice,
    *,
    answer_form: AnswerAllForm | None = None,
    status: int = 200,
) -> HttpResponse:
    links = list(selectors.linked_tickets(notice, request.user))
    form = answer_form or AnswerAllForm(
        initial={
            "body_ko": f"{notice.title_ko}\n\n{notice.body_ko}",
            "body_en": f"{notice.title_en}\n\n{notice.body_en}",
            "resolve": True,
        }
    )
    return render(
        request,
        "notices/agent_notice.html",
        _context(
            request,
            notice=notice,
            links=links,
            waiting=sum(1 for link in links if link.answered_at is None),
            answer_form=form,
            link_form=LinkForm(),
            states=[
                (value, label) for value, label in Notice.State.choices if value != notice.state
            ],
        ),
        status=status,
    )


@workspace_page
@require_GET
def agent_notice(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _page(request, get_object_or_404(Notice, pk=pk))


@workspace_page
@require_POST
def answer_all(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One answer to every linked ticket, in each requester's language (once per ticket)."""
    notice = get_object_or_404(Notice, pk=pk)
    form = AnswerAllForm(request.POST)
    if not form.is_valid():
        return _page(request, notice, answer_form=form, status=400)
    try:
        outcome = services.answer_linked_tickets(
            notice,
            by=request.user,
            body_ko=form.cleaned_data["body_ko"],
            body_en=form.cleaned_data["body_en"],
            resolve=form.cleaned_data["resolve"],
        )
    except DomainError as error:
        messages.error(request, str(error))
        return _page(request, notice, answer_form=form, status=400)
    count = len(outcome.answered)
    if count:
        messages.success(
            request,
            ngettext("%(count)d ticket answered.", "%(count)d tickets answered.", count)
            % {"count": count},
        )
    else:
        messages.info(request, _("No ticket was waiting for this answer."))
    for reference, why in outcome.skipped:
        messages.warning(request, f"{reference}: {why}")
    return redirect("notices:agent_notice", pk=notice.pk)


@workspace_page
@require_POST
def link(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Link a ticket the agent can see (filed before the notice, or by phone)."""
    notice = get_object_or_404(Notice, pk=pk)
    form = LinkForm(request.POST)
    ticket = None
    if form.is_valid():
        reference = form.cleaned_data["reference"].strip().upper()
        ticket = visible_tickets(request.user).filter(reference=reference).first()
    if ticket is None:
        messages.error(request, _("No ticket you can see has this reference."))
    elif services.link_ticket(notice, ticket, by=request.user):
        messages.success(request, _("%(reference)s is linked.") % {"reference": ticket.reference})
    else:
        messages.info(
            request, _("%(reference)s was already linked.") % {"reference": ticket.reference}
        )
    return redirect("notices:agent_notice", pk=notice.pk)


@workspace_page
@require_POST
def change_state(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(Notice, pk=pk)
    form = StateForm(request.POST)
    try:
        if not form.is_valid():
            raise services.NoticeError(_("Unknown state."))
        notice = services.change_notice_state(
            notice, state=form.cleaned_data["state"], by=request.user
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("The notice is now “%(state)s”.") % {"state": notice.get_state_display()}
        )
    return redirect("notices:agent_notice", pk=notice.pk)
