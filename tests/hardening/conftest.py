"""A small world for attacking the running code: two buyers, a seller with a store, an agent
of another queue, a supervisor, a ticket with a file, a guest ticket with a file, an article."""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import StoreInvitation
from accounts.services import token_hash
from callbacks.models import Callback
from catalog.models import Category, Queue
from contacts.models import ContactChannel
from faq.models import Article
from notices.models import Notice
from tests.factories import (
    StoreFactory,
    StoreMembershipFactory,
    TicketFactory,
    UserFactory,
    member,
)
from tickets.models import Attachment, Message

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
ROLES = ("anon", "buyer", "other", "seller", "agent", "supervisor")


@dataclass
class World:
    users: dict
    ticket: object
    attachment: object
    guest: object
    guest_attachment: object
    article: object
    reset_uid: str
    reset_token: str
    membership: object = None  # a manager on the store's team
    invitation: object = None  # a pending invitation to the store's team
    invitation_token: str = ""
    notice: object = None
    callback: object = None
    clients: dict = field(default_factory=dict)

    def client(self, role, **kwargs):
        client = Client(**kwargs)
        if self.users.get(role) is not None:
            client.force_login(self.users[role])
        return client


def attach(ticket, name="photo.png"):
    message = Message.objects.filter(ticket=ticket).first()
    item = Attachment(
        ticket=ticket,
        message=message,
        original_name=name,
        content_type="image/png",
        size_bytes=len(PNG),
    )
    item.file.save("photo.png", ContentFile(PNG), save=False)
    item.save()
    return item


@pytest.fixture
def world(reference_data):
    delivery = Category.objects.get(slug="delivery")  # concerns the store: its seller sees it
    buyer = UserFactory(username="owner")
    seller = UserFactory(username="storekeeper", seller=True)
    store = StoreFactory(owner=seller)
    agent = member(
        UserFactory(username="agent-elsewhere", agent=True), Queue.objects.get(slug="voice")
    )
    assert delivery.queue.slug != "voice"
    users = {
        "anon": None,
        "buyer": buyer,
        "other": UserFactory(username="other-buyer"),
        "seller": seller,
        "agent": agent,
        "supervisor": UserFactory(username="boss", supervisor=True),
    }
    ticket = TicketFactory(requester=buyer, category=delivery, store=store)
    guest = TicketFactory(guest=True, category=delivery)
    invitation_token = "invitation-token-" + "x" * 30
    invitation = StoreInvitation.objects.create(
        store=store,
        email="invitee@example.com",
        token_hash=token_hash(invitation_token),
        invited_by=seller,
        expires_at=timezone.now() + timedelta(days=7),
    )
    notice = Notice.objects.create(title_ko="안내", title_en="Notice", body_ko="-", body_en="-")
    notice.categories.set([delivery])
    callback = Callback.objects.create(
        ticket=ticket,
        channel=ContactChannel.objects.get(slug="phone"),
        phone="010-1234-5678",
        due_at=timezone.now(),
    )
    return World(
        users=users,
        ticket=ticket,
        attachment=attach(ticket),
        guest=guest,
        guest_attachment=attach(guest),
        article=Article.objects.filter(is_published=True).first(),
        reset_uid=urlsafe_base64_encode(force_bytes(buyer.pk)),
        reset_token=default_token_generator.make_token(buyer),
        membership=StoreMembershipFactory(store=store, user=UserFactory(seller=True)),
        invitation=invitation,
        invitation_token=invitation_token,
        notice=notice,
        callback=callback,
    )


@pytest.fixture(autouse=True)
def _cache_breaker_closed():
    """Each test starts believing the cache is up (a fault test may have opened the breaker)."""
    from helpdesk import cache

    cache.reset()
    yield
    cache.reset()
