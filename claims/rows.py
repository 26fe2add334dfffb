"""The rows of the claims lists (a buyer's or a seller's /claims/, the agents' /agent/claims/),
each rendered once for what it shows.

A list has up to a hundred rows and each row, rendered by the template engine, cost more
than the rest of the page (the link, two labels looked up among their choices, dates). A
row depends only on a few values: the claim's shown fields, the store's name, the buyer as
the reader may see them (claims.selectors.buyer_name), whether its deadline has passed, the
language and the time zone. Like tickets/rows.py, each row is kept in this process under a
digest of exactly those values, so a change to any of them makes a fresh render; it lives
for the current generation and COPY_SECONDS at most (helpdesk.copies), and memory stays
bounded (KEPT rows, least recently used go). tests/claims/test_kept_rows.py renders each row
kept and fresh and compares them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial
from typing import Any
from urllib.parse import quote

from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from accounts.models import User
from helpdesk import copies

from . import selectors
from .models import Claim

KEPT = 5_000  # about 0.6 KB each: under 4 MB per worker
_rows: copies.Copies[SafeString] = copies.Copies("claim-rows", kept=KEPT)


def _kept(shown: tuple[object, ...], render: Callable[[], str]) -> SafeString:
    key = hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()
    return _rows.get_or_build(key, lambda: mark_safe(render()))  # noqa: S308  (our templates, autoescaped)


def _joined(rows: list[SafeString]) -> SafeString:
    # One string for the page's template: a hundred rows as a hundred loop turns and
    # variables of its own cost about a millisecond more.
    return mark_safe("".join(rows))  # noqa: S308  (each row is safe)


def _detail_urls() -> Callable[[str], str]:
    """Each claim's page (claims:detail) by its reference, reversed once per list rather
    than once per row: reverse() was a fifth of a fresh row's time."""
    head, _, tail = reverse("claims:detail", args=["0"]).rpartition("0")
    return lambda reference: f"{head}{quote(reference, safe='')}{tail}"


def _labels() -> tuple[dict[str, str], dict[str, str]]:
    """The kinds' and the states' names in the active language, read once per list rather
    than once per row (get_FOO_display hashes every choice's lazy label on each call)."""
    kinds = {str(value): str(label) for value, label in Claim.Kind.choices}
    states = {str(value): str(label) for value, label in Claim.State.choices}
    return kinds, states


def _due(claim: dict[str, Any]) -> datetime | None:
    return Claim.due_of(
        claim["state"], claim["seller_answer_due_at"], claim["refund_due_at"], claim["refunded_at"]
    )


def claim_rows(claims: Iterable[dict[str, Any]], *, viewer: User) -> SafeString:
    """The rows of a buyer's or a seller's list (selectors.listed values), in order, as one
    piece of HTML; a seller's show the buyer (as selectors.shown_buyer shows them, or "You"
    on their own)."""
    template = get_template("claims/_list_row.html")
    language, zone = get_language(), timezone.get_current_timezone_name()
    kinds, states = _labels()
    url = _detail_urls()
    is_seller, viewer_pk = viewer.is_seller, viewer.pk
    rows = []
    for claim in claims:
        is_mine = claim["buyer_id"] == viewer_pk
        buyer = ""
        if is_seller and not is_mine:
            buyer = selectors.shown_buyer(
                claim["buyer_display_name"],
                claim["buyer_username"],
                claim["buyer_id"],
                to=viewer,
            )
        due = _due(claim)
        shown = (
            "claim-row",
            language,
            zone,
            is_seller,
            claim["reference"],
            claim["kind"],
            claim["order_number"],
            claim["store_name"],
            is_mine,
            buyer,
            claim["state"],
            due,
        )
        context = {
            "claim": claim,
            "url": url(claim["reference"]),
            "due": due,
            "is_seller": is_seller,
            "is_mine": is_mine,
            "buyer": buyer,
            "kind_label": kinds[claim["kind"]],
            "state_label": states[claim["state"]],
        }
        rows.append(_kept(shown, partial(template.render, context)))
    return _joined(rows)


def agent_rows(claims: Iterable[dict[str, Any]], *, now: datetime) -> SafeString:
    """The rows of an agents' view (selectors.listed values), in order, as one piece of
    HTML; a passed deadline is marked overdue."""
    template = get_template("claims/_agent_row.html")
    language, zone = get_language(), timezone.get_current_timezone_name()
    kinds, states = _labels()
    url = _detail_urls()
    rows = []
    for claim in claims:
        due = _due(claim)
        is_overdue = bool(due and due <= now)
        shown = (
            "agent-claim-row",
            language,
            zone,
            claim["reference"],
            claim["kind"],
            claim["store_name"],
            claim["state"],
            claim["is_escalated"],
            due,
            is_overdue,
            claim["amount"],
        )
        context = {
            "claim": claim,
            "url": url(claim["reference"]),
            "due": due,
            "is_overdue": is_overdue,
            "kind_label": kinds[claim["kind"]],
            "state_label": states[claim["state"]],
        }
        rows.append(_kept(shown, partial(template.render, context)))
    return _joined(rows)
