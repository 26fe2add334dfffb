"""A store with its owner, a buyer's inquiry about one of its orders, and helpers to invite
and accept as the product does (the token only ever travels in the e-mail)."""

import re
from dataclasses import dataclass

import pytest

from accounts import services
from accounts.models import StoreMembership
from catalog.models import Category
from outbox.models import OutboundEmail
from tests.factories import StoreFactory, TicketFactory, UserFactory

LINK = re.compile(r"/accounts/invitations/([A-Za-z0-9_-]+)/")


def token_in(email):
    """The invitation token from the e-mail's link (text and HTML carry the same one)."""
    tokens = set(LINK.findall(email.body_text)) | set(LINK.findall(email.body_html))
    assert len(tokens) == 1, (email.body_text, email.body_html)
    return tokens.pop()


def invite(store, email, *, by):
    """Invite through the service; returns (invitation, the e-mail row, its token)."""
    invitation = services.invite_member(store, email, by=by)
    mail = OutboundEmail.objects.get(dedupe_key=f"store-invitation:{invitation.pk}")
    return invitation, mail, token_in(mail)


@dataclass
class Shop:
    owner: object
    store: object
    buyer: object
    ticket: object

    def add_manager(self, **fields):
        """A person invited by e-mail who accepted: a manager of the store."""
        person = UserFactory(**fields)
        _, _, token = invite(self.store, person.email, by=self.owner)
        services.accept_invitation(token, person)
        person.refresh_from_db()
        return person


@pytest.fixture
def shop(reference_data):
    owner = UserFactory(username="shop-owner", seller=True, display_name="사장 김민수")
    store = StoreFactory(owner=owner, name="하루살림 생활용품", seller_id="haru-living")
    buyer = UserFactory(username="shopper", display_name="홍길동")
    ticket = TicketFactory(
        requester=buyer,
        requester_name="홍길동",
        category=Category.objects.get(slug="delivery"),  # about an order: the store's to see
        store=store,
        subject="택배가 오지 않아요",
    )
    assert StoreMembership.objects.get(store=store).role == "owner"
    return Shop(owner=owner, store=store, buyer=buyer, ticket=ticket)
