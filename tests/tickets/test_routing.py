"""Classification of unsorted inquiries, routing rules in order, and automatic assignment."""

import pytest

from accounts.models import Store
from catalog.models import Category, Queue, QueueMembership
from tests.factories import TicketFactory, UserFactory
from tickets import routing, services
from tickets.models import RoutingRule, Tag, Ticket, TicketEvent


def other():
    return Category.objects.get(slug="other")


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("환불은 언제 들어오나요? 돈이 아직 안 들어왔어요", "refund"),
        ("배송 지연 문의드립니다", "delivery"),  # keyword "배송지연" matches with the space
        ("My parcel is late and the courier does not answer", "delivery"),
        ("I was double charged on my card", "payment"),
        ("사이즈 교환하고 싶어요", "return-exchange"),
    ],
)
def test_unsorted_text_is_classified_by_keywords_in_korean_and_english(reference_data, text, slug):
    found = routing.classify(text, Category.objects.all())
    assert found is not None and found[0].slug == slug


def test_text_without_any_keyword_stays_in_other(reference_data):
    assert routing.classify("안녕하세요 그냥 궁금해서요", Category.objects.all()) is None


def test_an_other_inquiry_is_moved_to_the_classified_category_and_the_reason_is_recorded(people):
    ticket = services.open_ticket(
        requester=people["buyer"], category=other(), subject="환불 문의", body="환불이 안 됐어요"
    ).ticket
    assert ticket.category.slug == "refund" and ticket.queue.slug == "payments"
    reasons = list(
        TicketEvent.objects.filter(ticket=ticket, kind="routed").values_list("reason", flat=True)
    )
    assert any("환불" in r and "분류" in r for r in reasons)


def test_rules_apply_in_order_and_stop_when_told(people):
    vip = Tag.objects.create(name="vip")
    urgent = RoutingRule.objects.create(
        name="Broken items are urgent",
        sort_order=1,
        text_contains="파손\nbroken",
        set_priority="urgent",
        stop_processing=True,
    )
    urgent.add_tags.add(vip)
    RoutingRule.objects.create(name="never reached", sort_order=2, set_priority="low")
    ticket = services.open_ticket(
        requester=people["buyer"],
        category=Category.objects.get(slug="return-exchange"),
        subject="The jar arrived broken",
        body="Cracked glass",
        details={
            "order_number": "2026111012340000",
            "store_id": "haru-living",
            "product_name": "Blender",
        },
    ).ticket
    assert ticket.priority == "urgent"
    assert list(ticket.tags.values_list("name", flat=True)) == ["vip"]
    assert TicketEvent.objects.filter(
        ticket=ticket, kind="routed", reason__contains="Broken items"
    ).exists()
    assert not TicketEvent.objects.filter(ticket=ticket, reason__contains="never reached").exists()


def test_a_rule_on_store_and_requester_kind_moves_the_queue(people):
    store = Store.objects.get(seller_id="haru-living")
    RoutingRule.objects.create(
        name="Haru guests to voice",
        requester_kind="guest",
        store=store,
        set_queue=Queue.objects.get(slug="voice"),
    )
    kwargs = {
        "category": Category.objects.get(slug="delivery"),
        "subject": "s",
        "body": "b",
        "details": {"order_number": "2026111012340000", "store_id": "haru-living"},
    }
    guest = services.open_ticket(
        requester=None, requester_name="G", requester_email="g@example.com", **kwargs
    )
    buyer = services.open_ticket(requester=people["buyer"], **kwargs)
    assert guest.ticket.queue.slug == "voice"
    assert buyer.ticket.queue.slug == "orders"


def test_a_rule_on_a_detail_value_matches_only_that_value(people):
    RoutingRule.objects.create(
        name="card payments high",
        detail_name="payment_method",
        detail_value="card",
        set_priority="urgent",
    )
    payment = Category.objects.get(slug="payment")
    card = services.open_ticket(
        requester=people["buyer"],
        category=payment,
        subject="s",
        body="b",
        details={"payment_method": "card", "amount": 1000},
    ).ticket
    points = services.open_ticket(
        requester=people["buyer"],
        category=payment,
        subject="s",
        body="b",
        details={"payment_method": "points", "amount": 1000},
    ).ticket
    assert (card.priority, points.priority) == ("urgent", "high")


def _queue_with_agents(count, mode):
    queue = Queue.objects.create(slug=f"q-{mode}", name_ko="큐", name_en="Queue", auto_assign=mode)
    agents = [UserFactory(agent=True) for _ in range(count)]
    for agent in agents:
        QueueMembership.objects.create(queue=queue, user=agent)
    category = Category.objects.create(
        slug=f"c-{mode}", name_ko="분류", name_en="Cat", queue=queue, audience="everyone"
    )
    return queue, agents, category


def test_round_robin_gives_tickets_to_each_available_agent_in_turn(reference_data):
    _queue, agents, category = _queue_with_agents(3, Queue.AutoAssign.ROUND_ROBIN)
    QueueMembership.objects.filter(user=agents[1]).update(is_available=False)
    buyer = UserFactory()
    owners = [
        services.open_ticket(
            requester=buyer, category=category, subject=f"s{i}", body="b"
        ).ticket.assignee
        for i in range(4)
    ]
    assert owners == [agents[0], agents[2], agents[0], agents[2]]


def test_least_open_picks_the_agent_with_the_fewest_open_tickets(reference_data):
    _queue, agents, category = _queue_with_agents(2, Queue.AutoAssign.LEAST_OPEN)
    TicketFactory.create_batch(2, category=category, assignee=agents[0])
    TicketFactory(category=category, assignee=agents[1], status=Ticket.Status.CLOSED, closed=True)
    ticket = services.open_ticket(
        requester=UserFactory(), category=category, subject="s", body="b"
    ).ticket
    assert ticket.assignee == agents[1]
    assert TicketEvent.objects.filter(
        ticket=ticket, kind="assignee", reason__contains="가장 적은"
    ).exists()


def test_with_assignment_off_nobody_is_assigned(reference_data):
    _queue, _agents, category = _queue_with_agents(2, Queue.AutoAssign.OFF)
    ticket = services.open_ticket(
        requester=UserFactory(), category=category, subject="s", body="b"
    ).ticket
    assert ticket.assignee is None


def test_rules_targets_and_stores_saved_after_filing_apply_to_the_next_inquiry(people):
    """Rules, targets and stores are cached: a change must not wait for the cache."""
    from tickets.sla import policy_for

    kwargs = {
        "category": Category.objects.get(slug="delivery"),
        "subject": "s",
        "body": "b",
        "details": {"order_number": "2026111012340000", "store_id": "new-shop"},
    }
    with pytest.raises(services.InvalidTicket):
        services.open_ticket(requester=people["buyer"], **kwargs)  # no such store yet
    first = services.open_ticket(
        requester=people["buyer"],
        **{**kwargs, "details": {"order_number": "2026111012340000", "store_id": "haru-living"}},
    ).ticket
    assert first.queue.slug == "orders"
    Store.objects.create(name="New shop", seller_id="new-shop", owner=people["seller"])
    RoutingRule.objects.create(name="All to voice", set_queue=Queue.objects.get(slug="voice"))
    policy = policy_for(None, "normal")
    policy.first_response_minutes = 7
    policy.save()
    second = services.open_ticket(requester=people["buyer"], **kwargs).ticket
    assert second.queue.slug == "voice" and second.store.seller_id == "new-shop"
    assert policy_for(None, "normal").first_response_minutes == 7
