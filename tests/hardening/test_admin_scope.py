"""The admin scopes people like every other route: it is the supervisors' tool. An agent (who
works only their own queues in the workspace), a buyer, a seller and a stranger see no model's
list, record or search result there, and no account's e-mail."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from catalog.models import Category, Queue
from outbox.services import queue_email
from tests.factories import StoreFactory, TicketFactory, UserFactory, member
from tickets.models import Reminder

MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)
SECRET_EMAIL = "registrant-secret@example.com"


def groups():
    """Agents who hold every view permission, supervisors every permission: what the admin
    shows must not depend on them."""
    agents = Group.objects.create(name="Agents")
    agents.permissions.set(Permission.objects.filter(codename__startswith="view_"))
    supervisors = Group.objects.create(name="Supervisors")
    supervisors.permissions.set(Permission.objects.all())
    return agents, supervisors


@pytest.fixture
def admin_world(reference_data):
    agents, supervisors = groups()
    orders = Queue.objects.get(slug="orders")
    agent = member(UserFactory(username="queue-agent", agent=True), orders)
    agent.groups.add(agents)  # the demo's agents carry view permissions: they must not count
    supervisor = UserFactory(username="floor-lead", supervisor=True)
    supervisor.groups.add(supervisors)
    seller = UserFactory(username="shop-owner", seller=True)
    StoreFactory(owner=seller)
    registrant = UserFactory(username="registrant", seller=True, email=SECRET_EMAIL)
    registration = Category.objects.get(slug="seller-registration")
    assert registration.queue != orders
    ticket = TicketFactory(
        requester=registrant,
        category=registration,
        subject="Registration documents enclosed",
        requester_name="Registrant Secret-Name",
    )
    Reminder.objects.create(ticket=ticket, kind="first_warning", due_at=ticket.created_at)
    queue_email(to=SECRET_EMAIL, subject="About your registration", body_text="Hello")
    return {
        "anonymous": None,
        "buyer": UserFactory(username="a-buyer"),
        "seller": seller,
        "agent": agent,
        "supervisor": supervisor,
        "ticket": ticket,
    }


def _admin_urls(ticket):
    """Every registered model's list, its search for the ticket's reference and one record."""
    urls = [reverse("admin:index")]
    for model in MODELS:
        info = (model._meta.app_label, model._meta.model_name)
        listing = reverse("admin:{}_{}_changelist".format(*info))
        urls += [listing, f"{listing}?q={ticket.reference}"]
        record = model._default_manager.order_by("pk").first()
        if record is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[record.pk]))
    return urls


@pytest.mark.parametrize("role", ["anonymous", "buyer", "seller", "agent"])
def test_only_supervisors_get_past_the_admin_login(admin_world, role):
    client = Client()
    if admin_world[role] is not None:
        client.force_login(admin_world[role])
    ticket = admin_world["ticket"]
    for url in _admin_urls(ticket):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url
        assert SECRET_EMAIL not in response.text and ticket.subject not in response.text
    login = client.get(reverse("admin:login"))
    assert SECRET_EMAIL not in login.text and "queue-agent@example.com" not in login.text


def test_an_agent_signing_in_to_the_admin_is_told_it_is_not_for_them(admin_world):
    client = Client()
    response = client.post(
        reverse("admin:login"),
        {"username": "queue-agent", "password": "pw-for-tests-123", "next": "/admin/"},
        follow=True,
    )
    # Back on the login form, which names the account it refuses ("authenticated as ...").
    assert response.request["PATH_INFO"] == reverse("admin:login")
    assert response.status_code == 200 and "queue-agent" in response.text
    assert reverse("admin:tickets_ticket_changelist") not in response.text


def test_a_supervisor_sees_every_model_and_finds_any_queues_ticket(admin_world):
    client = Client()
    client.force_login(admin_world["supervisor"])
    ticket = admin_world["ticket"]
    seen = {}
    for url in _admin_urls(ticket):
        seen[url] = client.get(url).status_code
    # The supervisors' group may view everything the helpdesk owns; Django's own tables
    # (groups, sign-in attempts, tokens, the audit trail) stay with the superuser.
    allowed = {u for u, code in seen.items() if code == 200}
    refused = {u for u, code in seen.items() if code == 403}
    assert allowed | refused == set(seen)
    for model in MODELS:
        listing = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        own = model._meta.app_label in {"tickets", "catalog", "faq", "contacts", "outbox"}
        if own or model._meta.label == "accounts.User":
            assert listing in allowed, listing
    search = client.get(reverse("admin:tickets_ticket_changelist"), {"q": ticket.reference})
    assert ticket.subject in search.text
    page = client.get(reverse("admin:tickets_ticket_change", args=[ticket.pk]))
    assert SECRET_EMAIL in page.text
    people = client.get(reverse("admin:accounts_user_changelist"))
    assert SECRET_EMAIL in people.text
