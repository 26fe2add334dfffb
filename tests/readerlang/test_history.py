"""A history written while one language is active reads in the reader's language."""

import re

import pytest
from django.utils import translation

from catalog.models import Category
from tickets import services
from tickets.models import TicketEvent

HANGUL = re.compile(r"[가-힣]")


def _handled_in_korean(people):
    """Filed by a Korean buyer, routed, assigned in turn, re-prioritised, moved to another
    category and queue, answered and set pending by a Korean agent, all in Korean."""
    with translation.override("ko"):
        ticket = services.open_ticket(
            requester=people["buyer"],
            category=Category.objects.get(slug="delivery"),
            subject="택배가 오지 않아요",
            body="일주일째 배송 중으로 나옵니다.",
            details={"order_number": "2026112400001", "store_id": "modern-kitchen"},
        ).ticket
        agent = ticket.assignee
        services.change_priority(ticket, by=agent, priority="high")
        services.change_category(ticket, by=agent, category=Category.objects.get(slug="refund"))
        services.add_message(ticket, by=agent, body="확인해 보겠습니다.", new_status="pending")
    return ticket


def _lines(ticket, language):
    with translation.override(language):
        return [
            (event.kind, event.shown_old, event.shown_new, event.shown_reason)
            for event in TicketEvent.objects.filter(ticket=ticket).order_by("created_at", "pk")
        ]


def test_a_history_written_in_korean_reads_in_english(people, tuesday_morning):
    ticket = _handled_in_korean(people)
    lines = _lines(ticket, "en")
    # everything but the assignee's name (a person's name reads the same in any language)
    words = " ".join(" ".join(line[1:]) for line in lines if line[0] != "assignee")
    assert not HANGUL.search(words), words
    assert ("created", "", "Web form", "") in lines
    assert (
        "routed",
        "",
        "orders",
        "Category Delivery routes to queue Queue orders with priority Normal",
    ) in lines
    assigned = next(line for line in lines if line[0] == "assignee")
    assert assigned[3] == "Assigned in turn (round-robin) in queue Queue orders"
    assert ("priority", "Normal", "High", "") in lines
    assert ("category", "Delivery", "Refund", "") in lines
    assert ("queue", "Queue orders", "Queue payments", "") in lines
    assert ("status", "New", "Pending (waiting on requester)", "") in lines
    due = [line for line in lines if line[0] == "due"]
    assert any(
        re.fullmatch(r"First response: Nov 2\d, 2026, \d\d:\d\d", line[2])
        and line[3] == "Targets for Normal priority"
        for line in due
    ), due
    assert any(line[3] == "Priority changed from Normal to High" for line in due), due
    assert any(line[3] == "First response target met" for line in due), due
    assert any(
        line[2] == "Clock paused" and line[3] == "Pending (waiting on requester)" for line in due
    )


def test_the_same_history_reads_in_korean_with_its_particles(people, tuesday_morning):
    ticket = _handled_in_korean(people)
    lines = _lines(ticket, "ko")
    assert ("priority", "보통", "높음", "") in lines
    assert ("category", "배송", "환불", "") in lines
    assert any(line[3] == "배송 유형은 큐 orders, 우선순위 보통으로 배정" for line in lines), lines
    assert any(line[3] == "첫 답변 기한 준수" for line in lines)


def test_a_history_written_in_english_reads_in_korean(people, tuesday_morning):
    with translation.override("en"):
        ticket = services.open_ticket(
            requester=people["buyer2"],
            category=Category.objects.get(slug="payment"),
            subject="Charged twice",
            body="My card was charged twice.",
            details={"payment_method": "card", "amount": "12000", "order_number": "20261124"},
        ).ticket
        services.change_priority(ticket, by=people["agent2"], priority="urgent")
        services.change_status(ticket, by=people["agent2"], status="on_hold")
    lines = _lines(ticket, "ko")
    assert ("created", "", "웹 양식", "") in lines
    assert ("priority", "높음", "긴급", "") in lines
    assert ("status", "신규", "보류", "") in lines
    assert any(line[3] == "결제 유형은 큐 payments, 우선순위 높음으로 배정" for line in lines)
    assigned = next(line for line in lines if line[0] == "assignee")
    assert assigned[3] == "큐 payments에서 진행 중 문의가 가장 적은 상담원에게 배정"
    assert any(re.fullmatch(r"첫 답변: 2026-11-2\d \d\d:\d\d", line[2]) for line in lines)
    assert any(line[3] == "우선순위 변경: 높음 → 긴급" for line in lines)
    # what was written keeps the writer's words, for search and for older readers
    created = TicketEvent.objects.get(ticket=ticket, kind="created")
    assert (created.new, created.params["new"]) == (
        "Web form",
        {"choice": "tickets.Ticket.channel", "value": "web"},
    )


def test_plain_strings_are_still_taken_and_shown_as_written(people):
    ticket = _handled_in_korean(people)
    services.record(ticket, TicketEvent.Kind.TAGS, by=None, new="vip", reason="legacy words")
    event = TicketEvent.objects.filter(ticket=ticket, kind="tags").get()
    with translation.override("en"):
        assert (event.shown_new, event.shown_reason, event.params) == ("vip", "legacy words", {})


def test_the_audit_summary_reads_in_the_readers_language(people, tuesday_morning):
    from audit.models import AuditEntry

    ticket = _handled_in_korean(people)
    entry = AuditEntry.objects.filter(
        action=AuditEntry.Action.STATUS, object_id=ticket.reference
    ).latest("at", "pk")
    assert HANGUL.search(entry.summary)  # as the Korean agent wrote it
    with translation.override("en"):
        assert entry.shown_summary == "New → Pending (waiting on requester)"
    with translation.override("ko"):
        assert not re.search(r"[A-Za-z]", entry.shown_summary)


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_agent_page_shows_the_history_in_the_agents_language(
    client, people, tuesday_morning, language
):
    ticket = _handled_in_korean(people)
    client.force_login(people["agent2"] if language == "en" else people["agent"])
    client.cookies["django_language"] = language
    response = client.get(f"/agent/tickets/{ticket.reference}/")
    assert response.status_code == 200
    html = response.content.decode()
    history = html[html.index('id="history"') :]
    history = history[: history.index("</section>")]
    history = re.sub(r'<span class="history-actor">[^<]*</span>', "", history)
    if language == "en":
        # every line but the assignments (whose values are people's names)
        lines = [line for line in history.split("<li>") if "Assignee changed" not in line]
        text = re.sub(r"<[^>]+>", " ", " ".join(lines))
        assert not HANGUL.search(text), text
        assert "Normal → High" in history and "Delivery → Refund" in history
    else:
        assert "보통 → 높음" in history and "배송 → 환불" in history
        assert "Web form" not in history and "System" not in history
