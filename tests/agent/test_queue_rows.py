"""The queue's rows and filters, and the ticket page's case form, are kept rendered, yet
every change shows on the next load."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import CategoryFactory, TicketFactory, UserFactory, member
from tickets.models import Tag, Ticket


@pytest.fixture
def category(queue):
    return CategoryFactory(queue=queue)


def row_of(page, reference):
    start = page.index(f'value="{reference}"')
    return page[start : page.index("</tr>", start)]


def test_a_kept_row_follows_changes_that_leave_updated_at_alone(agent_client, category):
    ticket = TicketFactory(category=category, status="open", subject="Parcel late")
    first = row_of(agent_client.get("/agent/?view=open").text, ticket.reference)
    assert "badge-open" in first and "text-breached" not in first
    # QuerySet.update() leaves updated_at as it was: only the shown values move.
    Ticket.objects.filter(pk=ticket.pk).update(
        status="pending", first_response_due_at=timezone.now() - timedelta(minutes=1)
    )
    ticket.tags.add(Tag.objects.create(name="vip"))
    second = row_of(agent_client.get("/agent/?view=open").text, ticket.reference)
    assert "badge-pending" in second and "#vip" in second and "text-breached" in second


def test_the_kept_filters_follow_the_query_and_the_language(agent_client, category):
    page = agent_client.get("/agent/?view=open&q=refund").text
    assert 'value="refund"' in page and "검색" in page
    agent_client.cookies["django_language"] = "en"
    page = agent_client.get("/agent/?view=open&q=parcel", HTTP_ACCEPT_LANGUAGE="en").text
    assert 'value="parcel"' in page and 'value="refund"' not in page


def case_form_of(page):
    start = page.index('class="case-form"')
    return page[start : page.index("</form>", start)]


def test_the_kept_case_form_follows_the_ticket_and_the_queue(agent_client, queue, category):
    ticket = TicketFactory(category=category, queue=queue, status="open")
    url = f"/agent/tickets/{ticket.reference}/"
    form = case_form_of(agent_client.get(url).text)
    assert '<option value="open" selected>' in form and "Agent Lee" not in form
    Ticket.objects.filter(pk=ticket.pk).update(status="on_hold", priority="urgent")
    member(UserFactory(agent=True, display_name="Agent Lee"), queue)
    form = case_form_of(agent_client.get(url).text)
    assert '<option value="on_hold" selected>' in form
    assert '<option value="urgent" selected>' in form
    assert "Agent Lee" in form and '<option value="open" selected>' not in form
    agent_client.cookies["django_language"] = "en"
    form = case_form_of(agent_client.get(url, HTTP_ACCEPT_LANGUAGE="en").text)
    assert "Nobody" in form and "Priority" in form
