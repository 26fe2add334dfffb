"""History rows written as text before terms are converted where they can be recognised."""

import importlib

from django.apps import apps
from django.utils import translation

from catalog.models import Category
from tests.factories import TicketFactory
from tickets.models import TicketEvent

migration = importlib.import_module("tickets.migrations.0013_history_terms")


def _old_rows(ticket, rows):
    return [
        TicketEvent.objects.create(ticket=ticket, kind=kind, old=old, new=new, reason=reason)
        for kind, old, new, reason in rows
    ]


def test_old_rows_in_either_language_become_terms_that_read_in_the_readers_language(people):
    ticket = TicketFactory(category=Category.objects.get(slug="delivery"))
    rows = _old_rows(
        ticket,
        [
            ("created", "", "웹 양식", ""),
            ("status", "Open", "Waiting for your reply", ""),
            ("status", "진행 중", "해결됨", "스팸"),
            ("priority", "보통", "높음", "우선순위 \u2018보통\u2019 기준 목표"),
            ("category", "배송", "Refund", ""),
            ("replied", "", "고객센터와 스토어", ""),
            ("noted", "", "Internal note", ""),
            ("routed", "", "orders", "배송 유형은 큐 orders, 우선순위 보통로 배정"),
            ("assignee", "", "Agent Alex Park", "큐 orders에서 순서대로 배정"),
            ("due", "", "첫 답변: 2026-11-24 18:00", "우선순위 변경: 보통 → 높음"),
            ("due", "2026-11-24 18:00", "2026-11-24 14:00", "첫 답변 기한 준수"),
            ("due", "", "기한 계산 일시 중지", "Waiting for your reply"),
            (
                "due",
                "",
                "Resolution: 2026-11-27 10:00",
                "Clock resumed after 30 business minutes paused",
            ),
            ("no_answer", "", "2026-11-24T05:00", ""),
            ("routed", "", "orders", "규칙 “VIP” 적용: 우선순위 긴급"),
        ],
    )
    migration.forwards(apps, None)
    for row in rows:
        row.refresh_from_db()
    with translation.override("en"):
        shown = [(row.shown_old, row.shown_new, row.shown_reason) for row in rows]
    assert shown[:13] == [
        ("", "Web form", ""),
        ("Open", "Pending (waiting on requester)", ""),
        ("Open", "Resolved", "Spam"),
        ("Normal", "High", "Targets for Normal priority"),
        ("Delivery", "Refund", ""),
        ("", "Help center and store", ""),
        ("", "Internal note", ""),
        ("", "orders", "Category Delivery routes to queue Queue orders with priority Normal"),
        ("", "Agent Alex Park", "Assigned in turn (round-robin) in queue Queue orders"),
        ("", "First response: Nov 24, 2026, 18:00", "Priority changed from Normal to High"),
        ("Nov 24, 2026, 18:00", "Nov 24, 2026, 14:00", "First response target met"),
        ("", "Clock paused", "Pending (waiting on requester)"),
        (
            "",
            "Resolution: Nov 27, 2026, 10:00",
            "Clock resumed after 30 business minutes paused",
        ),
    ]
    assert shown[13] == ("", "Nov 24, 2026, 14:00", "")  # stored in UTC, read in Seoul
    # a rule's match names the rule and its changes in the writer's words: left as text
    assert rows[14].params == {}
    assert shown[14][2] == "규칙 “VIP” 적용: 우선순위 긴급"
    with translation.override("ko"):
        assert rows[3].shown_reason == "우선순위 \u2018보통\u2019 기준 목표"
        assert rows[7].shown_reason == "배송 유형은 큐 orders, 우선순위 보통으로 배정"


def test_the_conversion_leaves_rows_that_already_have_terms_alone(people):
    ticket = TicketFactory(category=Category.objects.get(slug="delivery"))
    term = {"choice": "tickets.Ticket.status", "value": "closed"}
    event = TicketEvent.objects.create(
        ticket=ticket, kind="status", old="Open", new="Closed", params={"new": term}
    )
    migration.forwards(apps, None)
    event.refresh_from_db()
    assert event.params == {"new": term}
