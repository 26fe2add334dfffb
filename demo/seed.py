"""Load the demo content (``demo.content``) into the database.

Idempotent: every row is found by a natural key first, and tickets by their submission key.
"""

from __future__ import annotations

from datetime import time, timedelta

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from accounts.models import Store, User
from accounts.services import create_store
from catalog.models import BusinessCalendar, Category, OpeningHours, Queue, QueueMembership
from contacts.models import ContactChannel
from faq.models import Article
from tickets import services, sla, store_clock
from tickets.models import Macro, Message, SLAPolicy, Ticket, TicketEvent

from .community import seed_community
from .content import (
    ARTICLES,
    CATEGORIES,
    CHANNELS,
    DEMO_PASSWORD,
    MACROS,
    MEMBERSHIPS,
    PEOPLE,
    QUEUES,
    STORE_ANSWER,
    STORES,
    TARGETS,
    TICKET_SCRIPTS,
)


def _calendar(
    name: str, hours: list[tuple[int, time, time]], *, default: bool = False
) -> BusinessCalendar:
    calendar, _ = BusinessCalendar.objects.get_or_create(
        name=name, defaults={"is_default": default, "observes_korean_holidays": True}
    )
    if not calendar.hours.exists():
        OpeningHours.objects.bulk_create(
            OpeningHours(calendar=calendar, weekday=day, opens_at=start, closes_at=end)
            for day, start, end in hours
        )
    return calendar


def _groups() -> tuple[Group, Group]:
    agents, _ = Group.objects.get_or_create(name="Agents")
    supervisors, _ = Group.objects.get_or_create(name="Supervisors")
    view = Permission.objects.filter(
        content_type__app_label__in=["tickets", "catalog", "faq", "contacts", "accounts"],
        codename__startswith="view_",
    )
    agents.permissions.set(view)
    manage = Permission.objects.filter(
        content_type__app_label__in=["tickets", "catalog", "faq", "contacts", "outbox"]
    ).exclude(codename__in=["add_ticket", "delete_ticket", "change_ticket"])
    supervisors.permissions.set([*view, *manage])
    return agents, supervisors


@transaction.atomic
def seed_reference_data() -> None:
    """Calendars, queues, categories, targets, canned responses, contacts and FAQ."""
    weekdays = [(d, time(9), time(18)) for d in range(5)]
    office = _calendar("고객센터 평일 09-18 / Office hours", weekdays, default=True)
    calendars = {
        "office": office,
        "phone": _calendar("전화 상담 / Phone hours", [(d, time(9), time(18)) for d in range(5)]),
        "chat": _calendar(
            "채팅 상담 / Chat hours",
            [(d, time(9), time(22)) for d in range(5)] + [(d, time(10), time(17)) for d in (5, 6)],
        ),
    }
    queues = {}
    for slug, ko, en, mode in QUEUES:
        queues[slug], _ = Queue.objects.get_or_create(
            slug=slug, defaults={"name_ko": ko, "name_en": en, "auto_assign": mode}
        )
    for order, row in enumerate(CATEGORIES):
        slug, ko, en, desc_ko, desc_en, audience, queue, priority, concerns, fields, keywords = row
        Category.objects.get_or_create(
            slug=slug,
            defaults={
                "name_ko": ko,
                "name_en": en,
                "description_ko": desc_ko,
                "description_en": desc_en,
                "audience": audience,
                "queue": queues[queue],
                "default_priority": priority,
                "concerns_store": concerns,
                "fields": [{"name": n, "required": r} for n, r in fields],
                "keywords": keywords,
                "sort_order": order,
            },
        )
    for priority, (first, nxt, resolution) in TARGETS.items():
        SLAPolicy.objects.get_or_create(
            category=None,
            priority=priority,
            defaults={
                "first_response_minutes": first,
                "next_response_minutes": nxt,
                "resolution_minutes": resolution,
            },
        )
    for name, name_en, body, body_en, status in MACROS:
        Macro.objects.get_or_create(
            name=name,
            defaults={"name_en": name_en, "body": body, "body_en": body_en, "set_status": status},
        )
    for row in CHANNELS:
        (
            slug,
            kind,
            ko,
            en,
            address,
            calendar,
            audience,
            categories,
            s_ko,
            s_en,
            l_ko,
            l_en,
            wait,
        ) = row
        channel, created = ContactChannel.objects.get_or_create(
            slug=slug,
            defaults={
                "kind": kind,
                "name_ko": ko,
                "name_en": en,
                "address": address,
                "calendar": calendars[calendar] if calendar else None,
                "audience": audience,
                "strengths_ko": s_ko,
                "strengths_en": s_en,
                "limits_ko": l_ko,
                "limits_en": l_en,
                "expected_wait_minutes": wait,
                "sort_order": len(ContactChannel.objects.all()),
            },
        )
        if created:
            serves = (
                Category.objects.all()
                if categories == "*"
                else Category.objects.filter(slug__in=categories.split())
            )
            channel.categories.set(serves)
    for slug, category, q_ko, q_en, a_ko, a_en in ARTICLES:
        cat = Category.objects.get(slug=category)
        Article.objects.get_or_create(
            slug=slug,
            defaults={
                "category": cat,
                "question_ko": q_ko,
                "question_en": q_en,
                "answer_ko": a_ko,
                "answer_en": a_en,
                "audience": "seller" if cat.audience == "seller" else "buyer",
            },
        )


DEMO_MEMBER_DAYS = 180


@transaction.atomic
def seed_people() -> dict[str, User]:
    agents, supervisors = _groups()
    people = {}
    for username, name, email, role, language, staff, superuser in PEOPLE:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                display_name=name,
                email=email,
                role=role,
                preferred_language=language,
                is_staff=staff,
                is_superuser=superuser,
                # Members for a while, as real people are: a new account's limits (the
                # community's posts an hour) do not stop someone trying the demo.
                date_joined=timezone.now() - timedelta(days=DEMO_MEMBER_DAYS),
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            if role == "agent":
                user.groups.add(agents)
            if role == "supervisor":
                user.groups.add(supervisors)
        people[username] = user
    for username, slugs in MEMBERSHIPS.items():
        for slug in slugs:
            QueueMembership.objects.get_or_create(
                queue=Queue.objects.get(slug=slug), user=people[username]
            )
    for owner, name, seller_id in STORES:
        if owner not in people:
            # Other stores' sellers: they own the demo stores but cannot sign in.
            people[owner], created = User.objects.get_or_create(
                username=owner, defaults={"role": User.Role.SELLER, "display_name": name}
            )
            if created:
                people[owner].set_unusable_password()
                people[owner].save(update_fields=["password"])
        if not Store.objects.filter(seller_id=seller_id).exists():
            # The owner joins the store's team with it (accounts.services.create_store).
            create_store(Store(name=name, seller_id=seller_id, owner=people[owner]))
    return people


def seed_tickets(people: dict[str, User]) -> int:
    created = 0
    now = timezone.now()
    for index, script in enumerate(TICKET_SCRIPTS):
        requester = people.get(script.get("who", ""))
        guest = script.get("guest", ("", ""))
        intake = services.open_ticket(
            requester=requester,
            category=Category.objects.get(slug=script["category"]),
            subject=script["subject"],
            body=script["body"],
            details=script["details"],
            requester_name=guest[0],
            requester_email=guest[1],
            submission_key=f"demo:{index}",
        )
        if not intake.created:
            continue
        created += 1
        ticket = intake.ticket
        # Back-date the demo history so lists and reports show a spread of ages.
        filed_at = now - timedelta(days=script["days_ago"], hours=index % 7)
        Ticket.objects.filter(pk=ticket.pk).update(created_at=filed_at)
        Message.objects.filter(ticket=ticket).update(created_at=filed_at)
        TicketEvent.objects.filter(ticket=ticket).update(created_at=filed_at)
        # Due times count from the back-dated filing, so the demo shows targets met and missed.
        ticket.refresh_from_db()
        sla.start_clocks(ticket)
        if ticket.store is not None and store_clock.concerns_store(ticket):
            # The store's deadline too: an old unanswered order inquiry is flagged as missed
            # by the first sweep, and its buyer may ask the help center to step in.
            with transaction.atomic():
                fields: list[str] = []
                store_clock.start(ticket, ticket.store, at=filed_at, fields=fields)
                ticket.save(update_fields=fields)
        for kind, actor_name, body, status in script["steps"]:
            actor = people[actor_name]
            if kind == "ask_store":
                services.request_store_answer(ticket, by=actor, body=body)
            elif kind == "store_side":
                services.add_message(ticket, by=actor, body=body, visibility="store")
            elif kind == "store":
                services.add_message(ticket, by=actor, body=STORE_ANSWER[ticket.language])
            elif kind == "note":
                services.add_message(ticket, by=actor, body=body, kind=Message.Kind.NOTE)
            else:
                services.add_message(ticket, by=actor, body=body, new_status=status)
    return created


# Claims a new user finds in the demo, each beside a demo inquiry about its order: (buyer,
# kind, fault, order, store, amount, days since delivery, reason, moves (state, who, tracking)).
DEMO_CLAIMS: list[
    tuple[str, str, str, str, str, int, int | None, str, list[tuple[str, str, str]]]
] = [
    (
        "buyer",
        "not_received",
        "seller",
        "2026111412345678",
        "modern-kitchen",
        45_000,
        None,
        "일주일째 배송 준비 중이라 주문을 취소하고 환불받고 싶어요.",
        [],
    ),
    (
        "buyer2",
        "not_as_described",
        "seller",
        "2026111012340000",
        "haru-living",
        89_000,
        3,
        "The glass jar was cracked on arrival. Please take it back and refund me.",
        [("accepted", "seller", ""), ("return_shipped", "buyer2", "612345670000")],
    ),
]


def seed_claims(people: dict[str, User]) -> int:
    """A few claims in different states (idempotent by their submission keys)."""
    from claims import services as claim_services
    from claims.models import Claim

    made = 0
    now = timezone.now()
    for index, row in enumerate(DEMO_CLAIMS):
        who, kind, fault, order, store, amount, days, reason, moves = row
        key = f"demo-claim:{index}"
        ticket = Ticket.objects.filter(requester=people[who], order_number=order).first()
        if ticket is None or Claim.objects.filter(submission_key=key).exists():
            continue
        claim = claim_services.make_claim(
            buyer=people[who],
            kind=kind,
            fault=fault,
            reason=reason,
            order_number=order,
            store_id=store,
            amount=amount,
            delivered_at=None if days is None else now - timedelta(days=days),
            ticket=ticket,
            submission_key=key,
        )
        for target, actor, tracking in moves:
            claim = claim_services.transition_claim(
                claim, by=people[actor], to=target, tracking_number=tracking
            )
        made += 1
    return made


def seed() -> dict[str, int]:
    seed_reference_data()
    people = seed_people()
    tickets = seed_tickets(people)
    seed_claims(people)
    seed_community(people)
    return {"tickets": tickets, "people": len(PEOPLE)}
