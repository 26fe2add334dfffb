"""One transition policy: who may move a ticket from which status to which, what counts as a
reopen, and the same history and report figures whichever interface makes the move."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from reports.selectors import Period, Report, Scope
from tests.api.helpers import client_for
from tests.factories import (
    CategoryFactory,
    QueueFactory,
    StoreFactory,
    TicketFactory,
    UserFactory,
    member,
)
from tickets import services, transitions
from tickets.models import Macro, Reminder, SLAPolicy, Ticket, TicketEvent
from tickets.transitions import Party

SEOUL = ZoneInfo("Asia/Seoul")
TUESDAY = datetime(2026, 11, 24, 10, 0, tzinfo=SEOUL)
S = Ticket.Status


class Desk:
    def __init__(self):
        self.queue = QueueFactory(slug="orders")
        self.category = CategoryFactory(slug="delivery", queue=self.queue, concerns_store=True)
        self.agent = member(UserFactory(agent=True, preferred_language="ko"), self.queue)
        self.supervisor = member(UserFactory(supervisor=True, preferred_language="ko"), self.queue)
        self.buyer = UserFactory(preferred_language="ko")
        self.seller = UserFactory(seller=True, preferred_language="ko")
        self.store = StoreFactory(owner=self.seller)
        SLAPolicy.objects.create(
            priority="normal",
            first_response_minutes=480,
            next_response_minutes=240,
            resolution_minutes=1620,
        )


@pytest.fixture
def desk(db):
    return Desk()


def answered_and_resolved(desk, **fields):
    """A buyer's inquiry that an agent answered and resolved on Tuesday at 10:00."""
    with time_machine.travel(TUESDAY, tick=False):
        ticket = TicketFactory(
            requester=desk.buyer, category=desk.category, store=desk.store, **fields
        )
        services.add_message(ticket, by=desk.agent, body="보내 드렸습니다.")
        services.change_status(ticket, by=desk.agent, status=S.RESOLVED)
    ticket.refresh_from_db()
    return ticket


def status_history(ticket, since):
    """The status moves and reopens recorded after ``since``, as (kind, old, new)."""
    return [
        (e.kind, e.old, e.new)
        for e in TicketEvent.objects.filter(
            ticket=ticket, id__gt=since, kind__in=[TicketEvent.Kind.STATUS, "reopened"]
        ).order_by("id")
    ]


def case_form(client, desk, ticket, **changes):
    values = {
        "assignee": str(ticket.assignee_id or ""),
        "status": ticket.status,
        "priority": ticket.priority,
        "category": str(ticket.category_id),
        "queue": str(ticket.queue_id),
        **changes,
    }
    client.force_login(desk.agent)
    return client.post(f"/agent/tickets/{ticket.reference}/update/", values)


def reopen_by_case_form(client, desk, ticket):
    return case_form(client, desk, ticket, status=S.OPEN)


def reopen_by_bulk_change(client, desk, ticket):
    client.force_login(desk.agent)
    return client.post(
        "/agent/bulk/", {"ticket": [ticket.reference], "action": "status", "status": "open"}
    )


def reopen_by_api_as_agent(client, desk, ticket):
    return client_for(desk.agent, "ko").patch(
        f"/api/v1/tickets/{ticket.reference}/", {"status": "open"}, format="json"
    )


def reopen_by_api_as_requester(client, desk, ticket):
    return client_for(desk.buyer, "ko").patch(
        f"/api/v1/tickets/{ticket.reference}/", {"status": "open"}, format="json"
    )


def reopen_by_button(client, desk, ticket):
    client.force_login(desk.buyer)
    return client.post(f"/tickets/{ticket.reference}/reopen/")


def reopen_by_requester_reply(client, desk, ticket):
    client.force_login(desk.buyer)
    return client.post(f"/tickets/{ticket.reference}/reply/", {"body": "아직 안 왔어요."})


def reopen_by_canned_response(client, desk, ticket):
    macro = Macro.objects.create(
        name="다시 확인", body="다시 확인해 보겠습니다.", set_status=S.OPEN
    )
    client.force_login(desk.agent)
    return client.post(
        f"/agent/tickets/{ticket.reference}/reply/",
        {"kind": "reply", "body": macro.body, "macro": macro.pk},
    )


INTERFACES = [
    reopen_by_case_form,
    reopen_by_bulk_change,
    reopen_by_api_as_agent,
    reopen_by_api_as_requester,
    reopen_by_button,
    reopen_by_requester_reply,
    reopen_by_canned_response,
]


def test_the_same_reopen_leaves_the_same_history_and_counts_through_every_interface(client, desk):
    histories = {}
    tickets = []
    for reopen in INTERFACES:
        ticket = answered_and_resolved(desk)
        since = TicketEvent.objects.filter(ticket=ticket).latest("id").id
        with time_machine.travel(TUESDAY + timedelta(hours=2), tick=False):
            response = reopen(client, desk, ticket)
        assert response.status_code in (200, 302), (reopen.__name__, response.content[:300])
        ticket.refresh_from_db()
        assert (ticket.status, ticket.reopened_count) == (S.OPEN, 1), reopen.__name__
        assert ticket.resolved_at is None
        # A reopened ticket owes the requester a next response again.
        assert Reminder.objects.filter(
            ticket=ticket, kind=Reminder.Kind.NEXT_RESPONSE_BREACH, state="scheduled"
        ).exists(), reopen.__name__
        histories[reopen.__name__] = status_history(ticket, since)
        tickets.append(ticket)
    expected = [
        (TicketEvent.Kind.STATUS, str(S.RESOLVED.label), str(S.OPEN.label)),
        (TicketEvent.Kind.REOPENED, "", ""),
    ]
    assert histories == dict.fromkeys(histories, expected)
    report = Report(
        Scope(desk.supervisor),
        Period(date(2026, 11, 23), date(2026, 11, 29)),
        now=TUESDAY + timedelta(hours=3),
    )
    assert (report.totals.reopened, report.totals.reopens) == (len(INTERFACES), len(INTERFACES))
    assert {t.pk for t in report.reopened_tickets} == {t.pk for t in tickets}


def test_a_requester_reopens_within_seven_days_of_the_resolution_and_not_after(client, desk):
    ticket = answered_and_resolved(desk)
    requester = transitions.party_of(ticket, desk.buyer)
    assert requester is Party.REQUESTER
    assert transitions.can_move(ticket, S.OPEN, requester, now=TUESDAY + timedelta(days=7))
    late = TUESDAY + timedelta(days=7, minutes=1)
    assert not transitions.can_move(ticket, S.OPEN, requester, now=late)
    with time_machine.travel(late, tick=False):
        page = client_for(desk.buyer, "en").patch(
            f"/api/v1/tickets/{ticket.reference}/", {"status": "open"}, format="json"
        )
        client.force_login(desk.buyer)
        html = client.get(f"/tickets/{ticket.reference}/").content.decode()
    assert page.status_code == 400
    assert "more than 7 days ago" in page.json()["error"]["message"]
    assert f'action="/tickets/{ticket.reference}/reopen/"' not in html
    ticket.refresh_from_db()
    assert (ticket.status, ticket.reopened_count) == (S.RESOLVED, 0)
    # An agent may still reopen it, and it counts as a reopen.
    with time_machine.travel(late, tick=False):
        services.change_status(ticket, by=desk.agent, status=S.OPEN)
    ticket.refresh_from_db()
    assert ticket.reopened_count == 1


def test_the_requester_page_shows_the_buttons_the_policy_allows(client, desk):
    ticket = answered_and_resolved(desk)
    client.force_login(desk.buyer)
    with time_machine.travel(TUESDAY + timedelta(hours=1), tick=False):
        html = client.get(f"/tickets/{ticket.reference}/").content.decode()
    assert f'action="/tickets/{ticket.reference}/reopen/"' in html
    assert f'action="/tickets/{ticket.reference}/rate/"' in html
    # The store's seller sees the same inquiry, but none of the requester's buttons.
    client.force_login(desk.seller)
    with time_machine.travel(TUESDAY + timedelta(hours=1), tick=False):
        html = client.get(f"/tickets/{ticket.reference}/").content.decode()
    assert f'action="/tickets/{ticket.reference}/reopen/"' not in html
    assert f'action="/tickets/{ticket.reference}/close/"' not in html
    assert f'action="/tickets/{ticket.reference}/rate/"' not in html


@pytest.mark.parametrize(
    ("party", "source", "target", "allowed"),
    [
        (Party.AGENT, S.CLOSED, S.ON_HOLD, True),
        (Party.AGENT, S.NEW, S.RESOLVED, True),
        (Party.REQUESTER, S.PENDING, S.CLOSED, True),
        (Party.REQUESTER, S.RESOLVED, S.CLOSED, True),
        (Party.REQUESTER, S.OPEN, S.RESOLVED, False),
        (Party.REQUESTER, S.NEW, S.PENDING, False),
        (Party.REQUESTER, S.PENDING, S.OPEN, True),
        (Party.STORE, S.NEW, S.OPEN, True),
        (Party.STORE, S.OPEN, S.CLOSED, False),
        (Party.SYSTEM, S.PENDING, S.RESOLVED, True),
        (Party.SYSTEM, S.RESOLVED, S.CLOSED, True),
        (Party.SYSTEM, S.OPEN, S.CLOSED, False),
        (Party.OTHER, S.OPEN, S.CLOSED, False),
    ],
)
def test_the_policy_table(desk, party, source, target, allowed):
    ticket = TicketFactory(
        requester=desk.buyer,
        category=desk.category,
        status=source,
        resolved_at=TUESDAY if source in transitions.DONE else None,
    )
    assert transitions.can_move(ticket, target, party, now=TUESDAY) is allowed


def test_a_refused_move_records_nothing(desk):
    ticket = TicketFactory(requester=desk.buyer, category=desk.category, status=S.NEW)
    with pytest.raises(services.NotAllowed):
        services.change_status(ticket, by=desk.seller, status=S.CLOSED)
    with pytest.raises(services.NotAllowed):
        services.change_status(ticket, by=desk.buyer, status=S.RESOLVED)
    with pytest.raises(services.InvalidTransition):  # theirs to make, but not from "open"
        services.change_status(ticket, by=desk.buyer, status=S.OPEN)
    assert not TicketEvent.objects.filter(ticket=ticket, kind=TicketEvent.Kind.STATUS).exists()
    ticket.refresh_from_db()
    assert ticket.status == S.NEW


def test_the_system_only_resolves_what_waits_and_closes_what_is_resolved(desk):
    ticket = TicketFactory(requester=desk.buyer, category=desk.category, status=S.OPEN)
    with pytest.raises(services.InvalidTransition):
        services.change_case(
            ticket, by=None, system=True, change=services.CaseChange(status=S.CLOSED)
        )
    with pytest.raises(services.NotAllowed):
        services.change_case(ticket, by=None, change=services.CaseChange(status=S.CLOSED))
    with pytest.raises(services.NotAllowed):
        services.change_case(
            ticket, by=None, system=True, change=services.CaseChange(priority="high")
        )
