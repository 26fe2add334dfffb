"""Tickets filed while a notice is open are linked to it; once it is resolved, one call
answers each linked ticket once, in its requester's language, with one e-mail each."""

import pytest

from notices import services
from notices.models import Notice, NoticeTicket
from outbox.models import OutboundEmail
from tests.factories import UserFactory, member
from tickets import services as ticket_services
from tickets.models import Message, Ticket


def file(category, requester=None, subject="카드 결제 실패", **guest):
    return ticket_services.open_ticket(
        requester=requester,
        category=category,
        subject=subject,
        body=subject,
        details={"payment_method": "card", "amount": 12000},
        **guest,
    ).ticket


@pytest.fixture
def linked(people, reference_data, payment_notice):
    payment = reference_data.categories["payment"]
    return {
        "ko": file(payment, people["buyer"]),
        "en": file(payment, people["buyer2"]),  # prefers English
        "guest": file(payment, requester_name="Guest", requester_email="g@example.com"),
    }


def test_a_ticket_filed_while_the_notice_is_open_is_linked_to_it(linked, payment_notice):
    assert set(payment_notice.links.values_list("ticket", flat=True)) == {
        ticket.pk for ticket in linked.values()
    }


def test_tickets_of_other_categories_or_after_the_resolution_are_not_linked(
    people, reference_data, payment_notice
):
    delivery = ticket_services.open_ticket(
        requester=people["buyer"],
        category=reference_data.categories["delivery"],
        subject="배송",
        body="늦어요",
        details={"order_number": "2026111412345678", "store_id": "haru-living"},
    ).ticket
    services.change_notice_state(payment_notice, state=Notice.State.RESOLVED, by=people["admin"])
    late = file(reference_data.categories["payment"], people["buyer"])
    assert not NoticeTicket.objects.filter(ticket__in=[delivery, late]).exists()


def test_an_agent_links_an_older_ticket_once(people, reference_data, payment_notice):
    ticket = file(reference_data.categories["other"], people["buyer"], subject="포인트 문의")
    assert not ticket.notice_links.exists()
    assert services.link_ticket(payment_notice, ticket, by=people["agent"]) is True
    assert services.link_ticket(payment_notice, ticket, by=people["agent"]) is False
    with pytest.raises(services.NoticeError):
        services.link_ticket(payment_notice, ticket, by=people["buyer"])


def test_answering_is_refused_until_the_notice_is_resolved(people, linked, payment_notice):
    with pytest.raises(services.NoticeError):
        services.answer_linked_tickets(
            payment_notice, by=people["agent"], body_ko="해결", body_en="Fixed"
        )
    assert not Message.objects.filter(author=people["agent"]).exists()


def test_one_answer_per_linked_ticket_in_its_language_with_one_email_each_and_only_once(
    people, linked, payment_notice, django_capture_on_commit_callbacks
):
    services.change_notice_state(payment_notice, state=Notice.State.RESOLVED, by=people["admin"])
    before = set(OutboundEmail.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.answer_linked_tickets(
            payment_notice,
            by=people["agent"],
            body_ko="결제 오류가 해결되었습니다.",
            body_en="Card payments work again.",
        )
    assert sorted(outcome.answered) == sorted(t.reference for t in linked.values())
    replies = {
        reply.ticket_id: reply.body
        for reply in Message.objects.filter(author=people["agent"], kind=Message.Kind.REPLY)
    }
    assert replies == {
        linked["ko"].pk: "결제 오류가 해결되었습니다.",
        linked["en"].pk: "Card payments work again.",
        # A guest's language is the one they wrote the form in (Korean here).
        linked["guest"].pk: "결제 오류가 해결되었습니다.",
    }
    emails = OutboundEmail.objects.exclude(pk__in=before)
    assert sorted(emails.values_list("to", flat=True)) == sorted(
        ["buyer@example.com", "buyer2@example.com", "g@example.com"]
    )
    assert emails.get(to="buyer2@example.com").language == "en"
    assert set(Ticket.objects.filter(pk__in=replies).values_list("status", flat=True)) == {"open"}

    again = services.answer_linked_tickets(
        payment_notice, by=people["agent"], body_ko="또", body_en="Again"
    )
    assert (again.answered, again.already) == ([], 3)
    assert OutboundEmail.objects.exclude(pk__in=before).count() == 3
    assert Message.objects.filter(author=people["agent"]).count() == 3


def test_answering_can_resolve_the_tickets_too(people, linked, payment_notice):
    services.change_notice_state(payment_notice, state=Notice.State.RESOLVED, by=people["admin"])
    services.answer_linked_tickets(
        payment_notice, by=people["agent"], body_ko="해결", body_en="Fixed", resolve=True
    )
    tickets = Ticket.objects.filter(pk__in=[t.pk for t in linked.values()])
    assert set(tickets.values_list("status", flat=True)) == {"resolved"}
    answers = OutboundEmail.objects.filter(dedupe_key__startswith="answer:")
    assert sorted(answers.values_list("to", flat=True)) == sorted(
        ["buyer@example.com", "buyer2@example.com", "g@example.com"]
    )


def test_an_agent_answers_only_the_tickets_of_their_queues(people, linked, payment_notice):
    services.change_notice_state(payment_notice, state=Notice.State.RESOLVED, by=people["admin"])
    outsider = member(UserFactory(agent=True), people["admin"].queues.get(slug="voice"))
    outcome = services.answer_linked_tickets(
        payment_notice, by=outsider, body_ko="해결", body_en="Fixed"
    )
    assert outcome.answered == [] and len(outcome.skipped) == 3
    assert not NoticeTicket.objects.filter(answered_at__isnull=False).exists()


def test_the_workspace_page_answers_all_and_buyers_cannot_reach_it(
    client, people, linked, payment_notice
):
    url = f"/agent/notices/{payment_notice.pk}/"
    client.force_login(people["buyer"])
    assert client.get(url).status_code == 403
    client.force_login(people["admin"])
    page = client.get(url)
    assert page.status_code == 200 and linked["ko"].reference in page.text
    client.post(f"{url}state/", {"state": "resolved"})
    response = client.post(
        f"{url}answer/", {"body_ko": "해결되었습니다", "body_en": "Fixed", "resolve": "on"}
    )
    assert response.status_code == 302
    assert (
        NoticeTicket.objects.filter(notice=payment_notice, answered_at__isnull=False).count() == 3
    )
    bad = client.post(f"{url}answer/", {"body_ko": "", "body_en": "Fixed"})
    assert bad.status_code == 400
    assert client.get("/agent/notices/999999/").status_code == 404


def test_the_agents_ticket_page_shows_the_link(client, people, linked, payment_notice):
    client.force_login(people["agent"])
    page = client.get(f"/agent/tickets/{linked['ko'].reference}/")
    assert f"/agent/notices/{payment_notice.pk}/" in page.text
