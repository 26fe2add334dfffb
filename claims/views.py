"""Claims on the web: make one (/claims/new/, also from an inquiry), follow them (/claims/,
/claims/<reference>/ with its timeline, next step and the moves the reader may make), and the
agents' views (/agent/claims/). Someone else's claim is a 404."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helpdesk import particles
from helpdesk.errors import DomainError
from helpdesk.http import AuthenticatedHttpRequest
from tickets.agent_views import workspace_page
from tickets.selectors import unread_notification_count, visible_tickets

from . import selectors, services, transitions
from .errors import InvalidClaim
from .forms import ClaimForm, MoveForm, start_of_day
from .models import Claim
from .rows import agent_rows, claim_rows

LIST_LIMIT = 100

# The button of each move, by its target state.
MOVE_LABELS: dict[str, Any] = {
    Claim.State.ACCEPTED: gettext_lazy("Accept"),
    Claim.State.REJECTED: gettext_lazy("Reject"),
    Claim.State.WITHDRAWN: gettext_lazy("Withdraw the claim"),
    Claim.State.ESCALATED: gettext_lazy("Ask the help center to review"),
    Claim.State.RETURN_SHIPPED: gettext_lazy("I sent the goods back"),
    Claim.State.RECEIVED: gettext_lazy("The goods arrived"),
    Claim.State.REFUNDED: gettext_lazy("Mark as refunded"),
    Claim.State.EXCHANGE_SHIPPED: gettext_lazy("Exchange sent"),
    Claim.State.COMPLETED: gettext_lazy("All done: complete"),
    Claim.State.CLOSED: gettext_lazy("Close the claim"),
}


@login_required
@require_GET
def claim_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A buyer's claims; a seller's also those of their stores."""
    user = request.user
    claims = selectors.listed(selectors.visible_claims(user), with_buyer=user.is_seller)
    rows = claim_rows(claims.order_by("-updated_at", "-pk")[:LIST_LIMIT], viewer=user)
    return render(request, "claims/list.html", {"rows": rows, "is_seller": user.is_seller})


def _prefill(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    reference = str(request.GET.get("ticket", ""))[:20]
    if not reference:
        return {}
    ticket = visible_tickets(request.user).filter(reference=reference, requester=request.user)
    found = ticket.first()
    if found is None:
        return {}
    return {
        "ticket": found.reference,
        "order_number": found.order_number or found.details.get("order_number", ""),
        "store_id": found.store.seller_id if found.store else found.details.get("store_id", ""),
        "product_name": found.details.get("product_name", ""),
        "amount": found.details.get("amount"),
    }


@login_required
@require_http_methods(["GET", "POST"])
def new_claim(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The claim form; from an inquiry (?ticket=HD-...) its order and store are filled in."""
    user = request.user
    if user.is_agent:
        messages.error(request, _("Only buyers make claims about their orders."))
        return redirect("claims:agent_list")
    form = ClaimForm(request.POST or None, initial=_prefill(request))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            ticket = None
            if data["ticket"]:
                ticket = (
                    visible_tickets(user)
                    .filter(reference=data["ticket"], requester=user)
                    .select_related("store")
                    .first()
                )
            try:
                claim = services.make_claim(
                    buyer=user,
                    kind=data["kind"],
                    fault=data["fault"],
                    reason=data["reason"],
                    order_number=data["order_number"],
                    store_id=data["store_id"],
                    amount=data["amount"],
                    delivered_at=start_of_day(data["delivered_on"]),
                    discovered_at=start_of_day(data["discovered_on"]),
                    product_name=data["product_name"],
                    ticket=ticket,
                    submission_key=f"claim:{user.pk}:{data['submission_id']}",
                )
            except InvalidClaim as error:
                renames = {"delivered_at": "delivered_on", "discovered_at": "discovered_on"}
                for name, problems in error.errors.items():
                    target = renames.get(name, name)
                    for problem in problems:
                        form.add_error(target if target in form.fields else None, problem)
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    particles.resolve(
                        _("Your claim %(reference)s was sent to the store.")
                        % {"reference": claim.reference}
                    ),
                )
                return redirect(claim)
        status = 400
    rules = {
        "change_of_mind_days": settings.HELPDESK_CLAIM_CHANGE_OF_MIND_DAYS,
        "months": settings.HELPDESK_CLAIM_NOT_AS_DESCRIBED_MONTHS,
        "discovery_days": settings.HELPDESK_CLAIM_DISCOVERY_DAYS,
        "answer_days": settings.HELPDESK_CLAIM_STORE_ANSWER_BUSINESS_DAYS,
        "refund_days": settings.HELPDESK_CLAIM_REFUND_BUSINESS_DAYS,
    }
    return render(request, "claims/new.html", {"form": form, "rules": rules}, status=status)


@login_required
@require_GET
def detail(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    user = request.user
    claim = get_object_or_404(
        selectors.visible_claims(user).prefetch_related("events"), reference=reference
    )
    party = transitions.party_of(claim, user)
    now = timezone.now()
    moves = [
        {
            "target": rule.target,
            "label": MOVE_LABELS[rule.target],
            "tracking": bool(rule.tracking),
            "form": MoveForm(prefix=str(rule.target)),
        }
        for rule in transitions.moves_for(claim, party, now=now)
    ]
    return render(
        request,
        "claims/detail.html",
        {
            "claim": claim,
            "party": party.value,
            "buyer": selectors.buyer_name(claim, to=user),
            "timeline": selectors.timeline(claim),
            "next": selectors.next_step(claim, party),
            "moves": moves,
            "is_overdue": bool(claim.next_due_at and claim.next_due_at <= now),
        },
    )


@login_required
@require_POST
def move(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """One move from the claim's page; a refusal is shown there as a message."""
    claim = get_object_or_404(selectors.visible_claims(request.user), reference=reference)
    target = str(request.POST.get("to", ""))
    form = MoveForm(request.POST, prefix=target)
    if target not in Claim.State.values or not form.is_valid():
        messages.error(request, _("Choose one of the buttons on this page."))
        return redirect(claim)
    try:
        services.transition_claim(
            claim,
            by=request.user,
            to=target,
            note=form.cleaned_data["note"],
            tracking_number=form.cleaned_data["tracking_number"],
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Done: the other side has been told."))
    return redirect(claim)


@workspace_page
@require_GET
def agent_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The claims of the agent's queues: all open, due soon, overdue, escalated."""
    view = str(request.GET.get("view", "open"))
    if view not in selectors.AGENT_VIEWS:
        view = "open"
    now = timezone.now()
    claims = selectors.listed(selectors.agent_claims(request.user, view, now=now))
    return render(
        request,
        "claims/agent_list.html",
        {
            "rows": agent_rows(claims[:LIST_LIMIT], now=now),
            "view": view,
            "views": selectors.AGENT_VIEWS.items(),
            "workspace_section": "claims",
            "unread_count": unread_notification_count(request.user),
        },
    )
