"""Hostile subjects, bodies, names and file names in a real browser: nothing runs.

The page fixture fails on any dialog (alert) and records CSP violations; script injected
through ticket text would do one or the other.
"""

import pytest

from accounts.models import User
from catalog.models import Category
from tests.hardening.conftest import attach
from tickets import services
from tickets.models import Message, Ticket

from .conftest import login

HOSTILE = (
    "<script>alert(1)</script><img src=x onerror=alert(2)>"
    '<a href="javascript:alert(3)">click</a><div hx-get="/tickets/" hx-trigger="load">h</div>'
    '"><svg onload=alert(4)>'
)


def hostile_ticket(buyer):
    intake = services.open_ticket(
        requester=buyer,
        category=Category.objects.get(slug="feedback"),
        subject=HOSTILE[:200],
        body=HOSTILE + "\n" + "javascript:alert(5)",
    )
    ticket = intake.ticket
    Message.objects.filter(ticket=ticket).update(author_name=HOSTILE[:80])
    attach(ticket, name='"><svg onload=alert(6)>.png')
    return ticket


def assert_nothing_ran(page):
    page.wait_for_timeout(300)  # give onerror/onload handlers and htmx load triggers a chance
    assert page.csp_errors == []
    assert page.evaluate("document.querySelectorAll('script:not([nonce])').length") == 0
    assert page.evaluate("document.querySelectorAll('[onerror],[onload],svg').length") == 0


@pytest.mark.django_db(transaction=True)
def test_hostile_text_stays_text_for_the_buyer_and_the_agent(page, people, browser):
    buyer = User.objects.get(username="buyer")
    buyer.display_name = HOSTILE[:80]
    buyer.save(update_fields=["display_name"])
    ticket = hostile_ticket(buyer)
    agent = User.objects.get(username="agent")
    services.add_message(Ticket.objects.get(pk=ticket.pk), by=agent, body=HOSTILE)

    login(page, "buyer")
    page.goto(page.base + "/tickets/")
    assert_nothing_ran(page)
    page.goto(page.base + f"/tickets/{ticket.reference}/")
    assert_nothing_ran(page)
    assert "<script>alert(1)</script>" in page.locator("h1").inner_text()
    assert page.get_by_text("<script>alert(1)</script>", exact=False).first.is_visible()

    context = browser.new_context(locale="ko-KR")
    agent_page = context.new_page()
    agent_page.base, agent_page.csp_errors = page.base, []
    agent_page.on(
        "console",
        lambda msg: (
            msg.type == "error"
            and "Content Security Policy" in msg.text
            and agent_page.csp_errors.append(msg.text)
        ),
    )
    agent_page.on(
        "dialog",
        lambda dialog: (_ for _ in ()).throw(AssertionError(f"dialog opened: {dialog.message}")),
    )
    login(agent_page, "agent")
    agent_page.goto(agent_page.base + "/agent/?view=open")
    assert_nothing_ran(agent_page)
    agent_page.goto(agent_page.base + f"/agent/tickets/{ticket.reference}/")
    assert_nothing_ran(agent_page)
    assert "<script>alert(1)</script>" in agent_page.locator("h1").first.inner_text()
    context.close()
