"""A kept row of the claims lists (claims/rows.py) equals a fresh render of it: the buyer's,
the seller's and the agents' rows, in both languages, after each value they show has changed
past the ORM's save (no new generation), and once a deadline has passed."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone, translation

from accounts.models import User
from claims import rows, selectors
from claims.models import Claim
from helpdesk import copies

from .conftest import claim_in, make_claim


@contextmanager
def no_copies():
    """Render as a process that has kept nothing yet."""
    saved = copies._memory
    copies._memory = copies._Memory()
    try:
        yield
    finally:
        copies._memory = saved


def kept_and_fresh(render):
    kept = render()
    again = render()
    with no_copies():
        fresh = render()
    assert again == kept  # the second render is the kept one
    return kept, fresh


def list_rows(person):
    viewer = User.objects.get(pk=person.pk)  # as a request loads it
    claims = selectors.listed(selectors.visible_claims(viewer), with_buyer=viewer.is_seller)
    return rows.claim_rows(claims.order_by("pk"), viewer=viewer)


def agent_rows(person, now):
    viewer = User.objects.get(pk=person.pk)
    return rows.agent_rows(
        selectors.listed(selectors.agent_claims(viewer, "open", now=now)), now=now
    )


def sql(statement, pk):
    def run():
        with connection.cursor() as cursor:
            cursor.execute(statement, [pk])

    return run


def changes(people, claim):
    def update(**values):
        return lambda: Claim.objects.filter(pk=claim.pk).update(**values)

    return [
        update(state=Claim.State.ACCEPTED, refund_due_at=timezone.now() + timedelta(days=3)),
        update(refund_due_at=timezone.now() + timedelta(days=4)),
        update(is_escalated=True, escalated_at=timezone.now()),
        update(amount=41000),
        update(kind=Claim.Kind.EXCHANGE),
        update(order_number="2026112099999999"),
        # By SQL: a store or a person renamed past the ORM starts no new generation.
        sql("UPDATE accounts_store SET name = 'Haru Home' WHERE id = %s", claim.store_id),
        sql("UPDATE accounts_user SET display_name = 'Lee Minho' WHERE id = %s", claim.buyer_id),
    ]


@pytest.mark.parametrize("language", ["ko", "en"])
def test_kept_claim_rows_equal_fresh_renders(people, clock, language):
    first = make_claim(people)
    claim_in(people, clock, "rejected")
    with translation.override(language):
        for person in (people["buyer"], people["seller"], people["agent"]):
            kept, fresh = kept_and_fresh(lambda person=person: list_rows(person))
            assert kept == fresh and kept.count("<tr>") == 2
        for change in changes(people, first):
            change()
            for person in (people["buyer"], people["seller"]):
                kept, fresh = kept_and_fresh(lambda person=person: list_rows(person))
                assert kept == fresh
    seller_rows = list_rows(people["seller"])
    assert "Haru Home" in seller_rows and "2026112099999999" in seller_rows
    assert "Lee Minho" not in seller_rows and "L** M****" in seller_rows  # masked to the store


@pytest.mark.parametrize("language", ["ko", "en"])
def test_kept_agent_rows_equal_fresh_renders(people, clock, language):
    first = make_claim(people)
    claim_in(people, clock, "accepted")
    now = timezone.now()
    with translation.override(language):
        kept, fresh = kept_and_fresh(lambda: agent_rows(people["agent"], now))
        assert kept == fresh and kept.count("<tr>") == 2
        for change in changes(people, first):
            change()
            kept, fresh = kept_and_fresh(lambda: agent_rows(people["agent"], now))
            assert kept == fresh
        later = now + timedelta(days=10)  # every deadline has passed
        kept, fresh = kept_and_fresh(lambda: agent_rows(people["agent"], later))
        assert kept == fresh
    shown = kept
    assert "41,000" in shown and "Haru Home" in shown and "badge-breached" in shown
