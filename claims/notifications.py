"""What the parties are told about a claim, each in their own language: the buyer by e-mail,
the store's people in the app and by e-mail, the help center in the workspace when a claim
comes to it. The history line is rendered for each reader, never stored as a sentence."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from accounts.selectors import store_people
from outbox.services import queue_email
from tickets.models import Notification
from tickets.notifications import platform_people

from .models import Claim, ClaimEvent


def claim_link(claim: Claim) -> str:
    return f"{settings.SITE_URL}{reverse('claims:detail', args=[claim.reference])}"


def _tell(user: User, claim: Claim, event: ClaimEvent, *, side: str, mail: bool) -> None:
    from . import selectors

    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        line = selectors.event_text(event)
        text = translation.gettext("%(reference)s: %(line)s") % {
            "reference": claim.reference,
            "line": line,
        }
        if side != "buyer":
            Notification.objects.create(
                recipient=user, ticket=claim.ticket, kind="claim", text=text[:300]
            )
        if mail and user.email:
            context = {
                "claim": claim,
                "line": line,
                "note": event.note,
                "link": claim_link(claim),
                "recipient": user,
                "buyer_name": selectors.buyer_name(claim, to=user),
            }
            queue_email(
                to=user.email,
                subject=render_to_string("emails/claim_update_subject.txt", context).strip(),
                body_text=render_to_string("emails/claim_update.txt", context),
                body_html=render_to_string("emails/claim_update.html", context),
                language=language,
                dedupe_key=f"claim-event:{event.pk}:{user.pk}",
            )


def claim_news(claim: Claim, event: ClaimEvent) -> None:
    """Tell every party but the one who acted: the buyer, the store's team, and the help
    center when the claim comes to it (escalated) or it acted for the store."""
    if event.party != ClaimEvent.Party.BUYER:
        _tell(claim.buyer, claim, event, side="buyer", mail=True)
    if event.party != ClaimEvent.Party.STORE:
        for person in store_people(claim.store):
            if person.pk != claim.buyer_id:
                _tell(person, claim, event, side="store", mail=True)
    if event.new_state == Claim.State.ESCALATED:
        for agent in platform_people(claim.ticket):
            _tell(agent, claim, event, side="agent", mail=False)
