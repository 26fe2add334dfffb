"""Text people write is inert wherever it is shown: portal, workspace, htmx fragments,
e-mail (HTML and text), notifications and the admin. Markdown is sanitised with nh3."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from faq.rendering import render_markdown
from tests.factories import TicketFactory, UserFactory
from tickets import notifications, services
from tickets.models import Message, Notification

HOSTILE = (
    "<script>alert(1)</script><img src=x onerror=alert(2)>"
    '<a href="javascript:alert(3)">x</a><div hx-get="/hx-evil/" hx-trigger="load">y</div>'
    '"><svg onload=alert(4)>'
)
# What would be live markup if it reached a page unescaped.
LIVE = [
    "<script>alert",
    "<img src=x",
    "<svg onload",
    '<a href="javascript:',
    "<div hx-get",
    'hx-get="/hx-evil/"',
    'hx-trigger="load"',
]


# What each page shows as text (the signed-in agent's hostile name is in every header).
SHOWN = {"audit:log": escape(HOSTILE[:150])}  # the user name of a failed sign-in, as typed


ESCAPED = escape("<script>alert(1)</script>")  # the hostile text, shown as text


def assert_inert(html: str) -> None:
    found = [fragment for fragment in LIVE if fragment in html]
    assert found == [], f"live markup in the page: {found}"


@pytest.fixture
def hostile(world):
    ticket = world.ticket
    ticket.subject = HOSTILE[:200]
    ticket.requester_name = HOSTILE[:80]
    ticket.save(update_fields=["subject", "requester_name"])
    Message.objects.filter(ticket=ticket).update(body=HOSTILE, author_name=HOSTILE[:80])
    world.attachment.original_name = HOSTILE[:120]
    world.attachment.save(update_fields=["original_name"])
    agent = world.users["supervisor"]
    agent.display_name = HOSTILE[:80]
    agent.save(update_fields=["display_name"])
    services.add_message(ticket, by=agent, body=HOSTILE, kind=Message.Kind.NOTE)
    # A sign-in attempt with a hostile user name: the audit trail keeps the name as typed.
    hostile_client = Client()
    hostile_client.post(reverse("accounts:login"), {"username": HOSTILE[:150], "password": "x"})
    return world


@pytest.mark.parametrize(
    ("role", "name"),
    [
        ("buyer", "tickets:list"),
        ("buyer", "tickets:detail"),
        ("seller", "tickets:detail"),
        ("supervisor", "agent:queue"),
        ("supervisor", "agent:ticket"),
        ("supervisor", "agent:notifications"),
        ("supervisor", "audit:log"),
    ],
)
def test_hostile_text_is_escaped_on_every_page(hostile, role, name):
    on_ticket = name in ("tickets:detail", "agent:ticket")
    kwargs = {"reference": hostile.ticket.reference} if on_ticket else {}
    client = hostile.client(role)
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = client.get(reverse(name, kwargs=kwargs), **headers)
        assert response.status_code == 200
        html = response.content.decode()
        assert_inert(html)
        assert SHOWN.get(name, ESCAPED) in html, headers


def test_agent_fragments_escape_hostile_text(hostile):
    client = hostile.client("supervisor")
    url = reverse("agent:update", kwargs={"reference": hostile.ticket.reference})
    response = client.post(url, {"status": "open"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert_inert(response.content.decode())
    assert ESCAPED in response.content.decode()
    macro = client.post(
        reverse("agent:macro", kwargs={"reference": hostile.ticket.reference}),
        {"body": HOSTILE},
        HTTP_HX_REQUEST="true",
    )
    assert macro.status_code == 200
    assert_inert(macro.content.decode())
    assert ESCAPED in macro.content.decode()


def test_the_admin_escapes_hostile_text(hostile):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client = hostile.client("anon")
    client.force_login(admin)
    for url in (
        reverse("admin:tickets_ticket_changelist"),
        reverse("admin:tickets_ticket_change", args=[hostile.ticket.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert_inert(response.content.decode())
        assert ESCAPED in response.content.decode()


def test_notifications_e_mail_escape_hostile_text(hostile, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    ticket = hostile.ticket
    message = Message.objects.filter(ticket=ticket, kind=Message.Kind.REPLY).first()
    notifications.ticket_received(ticket)
    notifications.answer_posted(ticket, message)
    from outbox.models import OutboundEmail

    rows = list(OutboundEmail.objects.filter(to=ticket.requester_email))
    assert len(rows) == 2
    for row in rows:
        assert_inert(row.body_html)
        assert "&lt;script&gt;" in row.body_html
        # Plain text and subject are not HTML: shown as written, never as entities.
        assert "&lt;" not in row.body_text
        assert "&lt;" not in row.subject and "<script>" in row.subject


def test_notification_texts_are_stored_plain_and_shown_escaped(hostile):
    agent = hostile.users["supervisor"]
    other = UserFactory(agent=True)
    services.assign_ticket(hostile.ticket, by=agent, assignee=other)
    notice = Notification.objects.get(recipient=other)
    assert "<script>" in notice.text
    other.role = "supervisor"
    other.save()
    client = hostile.client("anon")
    client.force_login(other)
    page = client.get(reverse("agent:notifications")).content.decode()
    assert_inert(page)
    assert notice.text.split("<script>")[0] in page and ESCAPED in page


@pytest.mark.parametrize(
    "markdown",
    [
        '<div hx-get="/hx-evil/" hx-trigger="load">x</div>',
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)" hx-post="/x">x</a>',
        "<img src=x onerror=alert(1)>",
        '<p onclick="alert(1)" data-hx-get="/x" class="c">x</p>',
        "<script>alert(1)</script>",
        "[x](data:text/html,<script>alert(1)</script>)",
    ],
)
def test_markdown_keeps_no_script_event_htmx_or_javascript_link(markdown):
    html = str(render_markdown(markdown))
    for bad in ("hx-", "javascript:", "onerror", "onclick", "<script", "<img", "data:", "class="):
        assert bad not in html, html


def test_hostile_file_names_are_cleaned_before_they_are_stored(world):
    from tickets.attachments import clean_filename

    name = clean_filename('"><svg onload=alert(1)>/../../etc/passwd\x00.png')
    assert "<" not in name and ">" not in name and '"' not in name and "\x00" not in name
    assert "/" not in name


def test_a_guest_with_a_hostile_name_is_escaped_for_agents(world):
    ticket = TicketFactory(guest=True, requester_name=HOSTILE[:80], subject=HOSTILE[:200])
    client = world.client("supervisor")
    response = client.get(reverse("agent:ticket", kwargs={"reference": ticket.reference}))
    assert response.status_code == 200
    assert_inert(response.content.decode())
    assert ESCAPED in response.content.decode()
