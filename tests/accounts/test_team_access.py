"""A store's team sees and answers the store's inquiries, and nothing else; a member taken off
the team loses them at once, on every surface (pages, fragments, the API)."""

from django.test import Client
from django.urls import reverse

from accounts.models import StoreMembership, User
from accounts.selectors import member_store_ids
from accounts.services import remove_member
from catalog.models import Category
from outbox.models import OutboundEmail
from tests.api.helpers import client_for
from tests.factories import StoreFactory, TicketFactory, UserFactory, member
from tickets import services as tickets
from tickets.models import Message, Notification
from tickets.selectors import visible_messages, visible_tickets
from tickets.services.store import request_store_answer
from tickets.transitions import Party, can_answer_as_store, party_of


def signed_in(person):
    client = Client()
    client.force_login(person)
    return client


def test_a_manager_sees_and_answers_the_stores_inquiries_as_the_store(shop):
    manager = shop.add_manager(email="manager@example.com", display_name="매니저 이지은")
    assert list(visible_tickets(manager)) == [shop.ticket]
    assert can_answer_as_store(shop.ticket, manager)
    assert party_of(shop.ticket, manager) is Party.STORE

    client = signed_in(manager)
    listing = client.get(reverse("tickets:list"))
    assert shop.ticket.reference in listing.content.decode()
    page = client.get(shop.ticket.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "홍*동" in html and "홍길동" not in html  # the buyer stays masked to the team
    assert shop.buyer.email not in html

    answer = client.post(
        reverse("tickets:reply", args=[shop.ticket.reference]), {"body": "내일 다시 보내 드립니다."}
    )
    assert answer.status_code == 302
    message = Message.objects.filter(ticket=shop.ticket).latest("pk")
    assert (message.author, message.as_store, message.author_name) == (
        manager,
        True,
        "하루살림 생활용품",
    )


def test_a_manager_reads_the_stores_inquiry_in_the_api(shop):
    manager = shop.add_manager(email="manager@example.com")
    api = client_for(manager)
    url = reverse("api:ticket-detail", args=[shop.ticket.reference])
    response = api.get(url)
    assert response.status_code == 200 and response.json()["reference"] == shop.ticket.reference
    listed = api.get(reverse("api:ticket-list")).json()
    assert [t["reference"] for t in listed["results"]] == [shop.ticket.reference]


def test_a_removed_member_gets_404_at_once_on_the_page_the_fragment_and_the_api(shop):
    manager = shop.add_manager(email="manager@example.com")
    client, api = signed_in(manager), client_for(manager)
    page_url = shop.ticket.get_absolute_url()
    api_url = reverse("api:ticket-detail", args=[shop.ticket.reference])
    assert client.get(page_url).status_code == 200
    assert api.get(api_url).status_code == 200

    remove_member(StoreMembership.objects.get(store=shop.store, user=manager), by=shop.owner)

    # The same session and the same token, on their very next requests.
    assert client.get(page_url).status_code == 404
    assert client.get(page_url, HTTP_HX_REQUEST="true").status_code == 404
    assert api.get(api_url).status_code == 404
    assert api.get(reverse("api:ticket-messages", args=[shop.ticket.reference])).status_code == 404
    reply = client.post(reverse("tickets:reply", args=[shop.ticket.reference]), {"body": "x"})
    assert reply.status_code == 404
    assert not Message.objects.filter(ticket=shop.ticket, author=manager).exists()
    assert shop.ticket.reference not in client.get(reverse("tickets:list")).content.decode()
    assert client.get(reverse("reports:seller")).status_code == 404
    assert client.get(reverse("accounts:members")).status_code == 404


def test_a_person_object_held_across_a_removal_forgets_the_store(shop):
    """The per-object copy of a person's stores heals through the membership's signal."""
    manager = shop.add_manager(email="manager@example.com")
    assert member_store_ids(manager) == [shop.store.pk]
    membership = StoreMembership.objects.get(store=shop.store, user=manager)
    membership.user = manager  # the very object the caller goes on using
    membership.delete()
    assert member_store_ids(manager) == []
    assert not visible_tickets(manager).filter(pk=shop.ticket.pk).exists()


def test_members_see_only_their_stores_order_inquiries(shop):
    manager = shop.add_manager(email="manager@example.com")
    other_store = StoreFactory()
    elsewhere = TicketFactory(category=shop.ticket.category, store=other_store)
    not_about_orders = TicketFactory(
        category=Category.objects.get(slug="feedback"), store=shop.store
    )
    for person in (shop.owner, manager):
        seen = set(visible_tickets(person))
        assert shop.ticket in seen
        assert elsewhere not in seen and not_about_orders not in seen


def test_the_owner_still_sees_and_answers_after_a_manager_joins(shop):
    shop.add_manager(email="manager@example.com")
    assert list(visible_tickets(shop.owner)) == [shop.ticket]
    message = tickets.add_message(shop.ticket, by=shop.owner, body="확인 중입니다.")
    assert message.as_store


def test_the_store_statistics_show_the_managers_store(shop):
    manager = shop.add_manager(email="manager@example.com")
    page = signed_in(manager).get(reverse("reports:seller"))
    assert page.status_code == 200
    assert "하루살림 생활용품" in page.content.decode()


def test_a_seller_without_a_store_sees_only_their_own_inquiries(shop):
    loner = UserFactory(seller=True)
    own = TicketFactory(requester=loner, category=Category.objects.get(slug="sales-statistics"))
    assert list(visible_tickets(loner)) == [own]
    assert not can_answer_as_store(shop.ticket, loner)


def test_the_whole_team_hears_when_the_help_center_asks_the_store(
    shop, django_capture_on_commit_callbacks
):
    manager = shop.add_manager(email="manager@example.com", preferred_language="en")
    agent = member(UserFactory(agent=True), shop.ticket.queue)
    with django_capture_on_commit_callbacks(execute=False):
        asked = request_store_answer(shop.ticket, by=agent, body="송장 번호를 알려 주세요.")
    assert set(
        Notification.objects.filter(ticket=shop.ticket).values_list("recipient", flat=True)
    ) == {shop.owner.pk, manager.pk}
    assert (
        OutboundEmail.objects.filter(to="manager@example.com")
        .exclude(dedupe_key__startswith="store-invitation:")
        .exists()
    )
    # The side conversation is the team's to read, and nobody else's outside the platform.
    assert asked in visible_messages(shop.ticket, manager)
    assert asked not in visible_messages(shop.ticket, shop.buyer)
    remove_member(StoreMembership.objects.get(user=manager), by=shop.owner)
    next_request = User.objects.get(pk=manager.pk)  # each request loads its person afresh
    assert asked not in visible_messages(shop.ticket, next_request)
    assert not visible_tickets(next_request).filter(pk=shop.ticket.pk).exists()
