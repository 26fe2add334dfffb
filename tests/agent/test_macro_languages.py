"""Canned responses per language: the text in the ticket's language is inserted, with the
requester's name (as every reader of the reply may see it), the reference, the due time and
the agent's name filled in; the names in the agent's language."""

from datetime import UTC, datetime

import pytest
from django.utils import translation

from tests.factories import CategoryFactory, StoreFactory, TicketFactory
from tickets import services
from tickets.macros import macro_text
from tickets.models import Macro, Ticket


@pytest.fixture
def macro(db):
    return Macro.objects.create(
        name="배송 안내",
        name_en="Tracking steps",
        body="{requester}님, {reference} 건은 {due}까지 확인해 드릴게요. {agent} 드림 {unknown}",
        body_en="Hello {requester}, we will check {reference} by {due}. {agent}",
    )


def ticket_in(language, queue, **fields):
    return TicketFactory(
        category=CategoryFactory(queue=queue),
        status=Ticket.Status.OPEN,
        language=language,
        requester_name="이서연",
        resolution_due_at=datetime(2026, 12, 2, 9, 0, tzinfo=UTC),  # 18:00 in Seoul
        **fields,
    )


def test_a_korean_ticket_gets_the_korean_text_with_its_placeholders_filled(queue, agent, macro):
    ticket = ticket_in("ko", queue)
    assert macro_text(macro, ticket, agent=agent) == (
        f"이서연님, {ticket.reference} 건은 2026-12-02 18:00까지 확인해 드릴게요. Agent Kim 드림"
        " {unknown}"
    )


def test_an_english_ticket_gets_the_english_text(queue, agent, macro):
    ticket = ticket_in("en", queue)
    assert macro_text(macro, ticket, agent=agent) == (
        f"Hello 이서연, we will check {ticket.reference} by 2026-12-02 18:00. Agent Kim"
    )
    services.apply_macro(ticket, by=agent, macro=macro)
    assert ticket.messages.order_by("pk").last().body.startswith("Hello 이서연, we will")


def test_without_an_english_text_the_korean_one_is_used(queue, agent, macro):
    macro.body_en = ""
    macro.save()
    assert macro_text(macro, ticket_in("en", queue), agent=agent).startswith("이서연님,")


def test_a_store_reads_the_reply_too_so_the_name_is_masked(queue, agent, macro):
    ticket = ticket_in("ko", queue, store=StoreFactory())
    assert macro_text(macro, ticket, agent=agent).startswith("이*연님,")


def test_the_names_follow_the_agents_language_and_inserting_fills_the_box(
    agent_client, queue, macro
):
    ticket = ticket_in("en", queue)
    with translation.override("en"):
        assert macro.shown_name == "Tracking steps"
    with translation.override("ko"):
        assert macro.shown_name == "배송 안내"
    response = agent_client.post(
        f"/agent/tickets/{ticket.reference}/macro/",
        {"pick": macro.pk, "body": "", "kind": "reply"},
        headers={"HX-Request": "true"},
    )
    assert f"Hello 이서연, we will check {ticket.reference} by 2026-12-02 18:00." in response.text
