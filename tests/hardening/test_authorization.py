"""Every route, walked from the URL configuration, for every kind of person.

A person sees only what is theirs: another person's ticket, message or file answers 404, the
same as an unknown one; signed-in pages send strangers to the login page (401 in the API);
403 only where the page's existence is no secret (the agent workspace). A route added without
a rule in RULES fails test_every_route_has_a_rule, so nobody forgets to decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.db.models import Max
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .conftest import ROLES

# Expected answers, per role in ROLES order: anon, buyer (owner), other buyer, seller of the
# ticket's store, agent of another queue, supervisor.
OK, LOGIN, ANY, REDIRECT, REFUSED = "ok", "login", "any", "redirect", "refused"
EVERYONE_OK = (OK,) * 6
EVERYONE_ANY = (ANY,) * 6
SIGNED_IN = (LOGIN, OK, OK, OK, OK, OK)
OWNER_TICKET = (LOGIN, OK, 404, OK, 404, OK)  # the seller follows order inquiries of the store
OWNER_WRITE = (404, ANY, 404, ANY, 404, ANY)
WORKSPACE = (LOGIN, 403, 403, 403, OK, OK)
WORKSPACE_POST = (LOGIN, 403, 403, 403, ANY, ANY)
WORKSPACE_POST_GET = (LOGIN, 403, 403, 403, 405, 405)
AGENT_TICKET = (LOGIN, 404, 404, 404, 404, OK)
AGENT_TICKET_POST = (LOGIN, 404, 404, 404, 404, ANY)
# require_POST answers an agent before the ticket is looked up: 405 tells nothing either way.
AGENT_TICKET_POST_GET = (LOGIN, 404, 404, 404, 405, 405)
SUPERVISOR_ONLY = (LOGIN, 403, 403, 403, 403, OK)
SELLER_ONLY = (LOGIN, 404, 404, OK, 404, 404)
SELLER_WRITE = (LOGIN, 404, 404, ANY, 404, 404)
NOT_ALLOWED = (405,) * 6
API_SIGNED_IN = (401, OK, OK, OK, OK, OK)
API_OWNER = (401, OK, 404, OK, 404, OK)
NOT_ALLOWED_SIGNED_IN = (LOGIN, 405, 405, 405, 405, 405)  # login_required, then the method
API_POST_ONLY = (401, 405, 405, 405, 405, 405)  # signed in first, then the method
READ_ONLY = (REFUSED,) * 6  # a POST to a page that only shows: 405, or refused even earlier


@dataclass(frozen=True)
class Rule:
    get: tuple
    post: tuple = READ_ONLY
    # Which objects fill the URL: ticket, guest, article, reset, membership, invitation,
    # invitation_token, notice, callback, store, none; or a path to request.
    params: str = "ticket"


RULES: dict[str, Rule] = {
    "home": Rule(EVERYONE_OK, params="none"),
    "healthz": Rule(EVERYONE_ANY, params="none"),
    "set_language": Rule(EVERYONE_ANY, EVERYONE_ANY, params="none"),
    "javascript-catalog": Rule(EVERYONE_OK, params="none"),
    "accounts:login": Rule(EVERYONE_OK, EVERYONE_ANY, params="none"),
    "accounts:logout": Rule(NOT_ALLOWED, EVERYONE_ANY, params="none"),
    "accounts:signup": Rule(
        (OK, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT), EVERYONE_ANY, params="none"
    ),
    "accounts:profile": Rule(SIGNED_IN, (LOGIN, ANY, ANY, ANY, ANY, ANY), params="none"),
    # A store's team: its members only (the seller owns the world's store); a manager reads,
    # the owner changes (tests/accounts). Anyone else: 404, as for the store statistics.
    "accounts:members": Rule(SELLER_ONLY, SELLER_WRITE, params="none"),
    "accounts:member_remove": Rule(SELLER_ONLY, SELLER_WRITE, params="membership"),
    "accounts:invitation_revoke": Rule(
        (LOGIN, 405, 405, 405, 405, 405), SELLER_WRITE, params="invitation"
    ),
    # The invitation's secret token is the key: whoever holds it sees whom it invites where;
    # accepting needs the account it was sent to (tests/accounts).
    "accounts:invitation": Rule(
        EVERYONE_OK, (LOGIN, ANY, ANY, ANY, ANY, ANY), params="invitation_token"
    ),
    "accounts:password_reset": Rule(EVERYONE_OK, EVERYONE_ANY, params="none"),
    "accounts:password_reset_done": Rule(EVERYONE_OK, params="none"),
    "accounts:password_reset_confirm": Rule(EVERYONE_ANY, EVERYONE_ANY, params="reset"),
    "accounts:password_reset_complete": Rule(EVERYONE_OK, params="none"),
    "tickets:list": Rule(SIGNED_IN, params="none"),
    "tickets:notifications": Rule(SIGNED_IN, params="none"),
    "tickets:notifications_read": Rule(
        NOT_ALLOWED_SIGNED_IN, (LOGIN, ANY, ANY, ANY, ANY, ANY), params="none"
    ),
    "tickets:new": Rule(EVERYONE_OK, EVERYONE_ANY, params="none"),
    # The guest's private token is the key: whoever holds it may follow that one ticket.
    "tickets:guest": Rule(EVERYONE_OK, params="guest"),
    "tickets:guest_reply": Rule(NOT_ALLOWED, EVERYONE_ANY, params="guest"),
    "tickets:guest_close": Rule(NOT_ALLOWED, EVERYONE_ANY, params="guest"),
    "tickets:guest_reopen": Rule(NOT_ALLOWED, EVERYONE_ANY, params="guest"),
    "tickets:guest_rate": Rule(NOT_ALLOWED, EVERYONE_ANY, params="guest"),
    "tickets:guest_step_in": Rule(NOT_ALLOWED, EVERYONE_ANY, params="guest"),
    "tickets:guest_attachment": Rule(EVERYONE_OK, params="guest"),
    "tickets:detail": Rule(OWNER_TICKET),
    "tickets:reply": Rule(NOT_ALLOWED, OWNER_WRITE),
    "tickets:close": Rule(NOT_ALLOWED, OWNER_WRITE),
    "tickets:reopen": Rule(NOT_ALLOWED, OWNER_WRITE),
    "tickets:rate": Rule(NOT_ALLOWED, OWNER_WRITE),
    "tickets:step_in": Rule(NOT_ALLOWED, OWNER_WRITE),
    "tickets:no_answer_needed": Rule(NOT_ALLOWED, OWNER_WRITE),
    "tickets:attachment": Rule((404, OK, 404, OK, 404, OK)),
    "agent:queue": Rule(WORKSPACE, params="none"),
    "agent:counts": Rule(WORKSPACE, params="none"),
    "agent:bulk": Rule(WORKSPACE_POST_GET, WORKSPACE_POST, params="none"),
    "agent:notifications": Rule(WORKSPACE, params="none"),
    "agent:notifications_read": Rule(WORKSPACE_POST_GET, WORKSPACE_POST, params="none"),
    "agent:ticket": Rule(AGENT_TICKET),
    "agent:reply": Rule(AGENT_TICKET_POST_GET, AGENT_TICKET_POST),
    "agent:macro": Rule(AGENT_TICKET_POST_GET, AGENT_TICKET_POST),
    "agent:update": Rule(AGENT_TICKET_POST_GET, AGENT_TICKET_POST),
    "agent:take": Rule(AGENT_TICKET_POST_GET, AGENT_TICKET_POST),
    "agent:merge": Rule(AGENT_TICKET_POST_GET, AGENT_TICKET_POST),
    "agent:spam": Rule(AGENT_TICKET_POST_GET, AGENT_TICKET_POST),
    "agent:presence": Rule(AGENT_TICKET_POST_GET, AGENT_TICKET_POST),
    "agent:attachment": Rule(AGENT_TICKET),
    "audit:log": Rule(SUPERVISOR_ONLY, params="none"),
    "reports:index": Rule(WORKSPACE, params="none"),
    "reports:seller": Rule(SELLER_ONLY, params="none"),
    # A store's figures are the help center's to see, like the rest of the reports (agents
    # too); the workspace refuses everyone else before any store is looked up.
    "reports:stores": Rule(WORKSPACE, params="none"),
    "reports:store": Rule(WORKSPACE, params="store"),
    "faq:index": Rule(EVERYONE_OK, params="none"),
    "faq:suggest": Rule(EVERYONE_ANY, params="none"),
    "faq:article": Rule(EVERYONE_OK, params="article"),
    "faq:vote": Rule(NOT_ALLOWED, EVERYONE_ANY, params="article"),
    "faq:solved": Rule(NOT_ALLOWED, EVERYONE_ANY, params="article"),
    "contacts:index": Rule(EVERYONE_OK, params="none"),
    # Known-issue notices in the workspace: no secret that a notice exists, as for the queue.
    "notices:agent_list": Rule(WORKSPACE, params="none"),
    "notices:agent_notice": Rule(WORKSPACE, params="notice"),
    "notices:answer_all": Rule(WORKSPACE_POST_GET, WORKSPACE_POST, params="notice"),
    "notices:link": Rule(WORKSPACE_POST_GET, WORKSPACE_POST, params="notice"),
    "notices:change_state": Rule(WORKSPACE_POST_GET, WORKSPACE_POST, params="notice"),
    # Anyone may ask for a callback; a callback is its ticket's: a 404 outside its queue.
    # Held mail: agents of the ticket's queue only (tests/mail/test_workspace.py); here, that
    # nobody reaches an unknown one and that GET changes nothing.
    "mail:accept": Rule(NOT_ALLOWED, (404,) * 6, params="/agent/mail/held/0/accept/"),
    "mail:dismiss": Rule(NOT_ALLOWED, (404,) * 6, params="/agent/mail/held/0/dismiss/"),
    "callbacks:new": Rule(EVERYONE_OK, EVERYONE_ANY, params="none"),
    "callbacks:agent_list": Rule(WORKSPACE, params="none"),
    "callbacks:incoming": Rule(WORKSPACE, WORKSPACE_POST, params="none"),
    "callbacks:agent_callback": Rule(AGENT_TICKET, params="callback"),
    "callbacks:attempt": Rule(AGENT_TICKET_POST_GET, AGENT_TICKET_POST, params="callback"),
    # Live chat: a chat is reached by its random key, and only by its requester (a guest by
    # the signed token in their session) or an agent of its queue (tests/chat); an unknown
    # key answers 404 to everyone. Agents start no chat: the start page sends them to the
    # console, which is the workspace's (403 for anyone else).
    "chat:start": Rule((OK, OK, OK, OK, REDIRECT, REDIRECT), EVERYONE_ANY, params="none"),
    "chat:window": Rule((404,) * 6, params="/chat/no-such-chat/"),
    "chat:send": Rule(NOT_ALLOWED, (404,) * 6, params="/chat/no-such-chat/send/"),
    "chat:upload": Rule(NOT_ALLOWED, (404,) * 6, params="/chat/no-such-chat/files/"),
    "chat:leave": Rule(NOT_ALLOWED, (404,) * 6, params="/chat/no-such-chat/leave/"),
    "chat_agent:console": Rule(WORKSPACE, params="none"),
    "chat_agent:status": Rule(NOT_ALLOWED_SIGNED_IN, WORKSPACE_POST, params="none"),
    **{
        f"chat_agent:{name}": Rule(
            NOT_ALLOWED_SIGNED_IN,
            (LOGIN, 403, 403, 403, 404, 404),
            params=f"/agent/chat/no-such-chat/{path}/",
        )
        for name, path in (
            ("accept", "accept"),
            ("send", "send"),
            ("upload", "files"),
            ("transfer", "transfer"),
            ("convert", "convert"),
            ("end", "end"),
        )
    },
    # The API: 401 instead of the login page; someone else's ticket is a 404 as on the web.
    "api:token": Rule(NOT_ALLOWED, EVERYONE_ANY, params="none"),
    "api:categories": Rule(EVERYONE_OK, params="none"),
    "api:contact-channels": Rule(EVERYONE_OK, params="none"),
    "api:notices": Rule(EVERYONE_OK, params="none"),
    "api:faq-article-list": Rule(EVERYONE_OK, params="none"),
    "api:faq-article-detail": Rule(EVERYONE_OK, params="article"),
    "api:faq-article-vote": Rule(NOT_ALLOWED, EVERYONE_ANY, params="article"),
    "api:ticket-list": Rule(API_SIGNED_IN, EVERYONE_ANY, params="none"),
    "api:ticket-detail": Rule(API_OWNER),
    "api:ticket-messages": Rule(API_OWNER, (401, ANY, 404, ANY, 404, ANY)),
    "api:ticket-store-request": Rule(API_POST_ONLY, (401, ANY, 404, ANY, 404, ANY)),
    "api:ticket-escalate": Rule(API_POST_ONLY, (401, ANY, 404, ANY, 404, ANY)),
    # The store's members (its seller) and the help center's staff; for anyone else no store.
    "api:store-scorecard": Rule((401, 404, 404, OK, OK, OK), params="store"),
    "api:[api/v1/]": Rule((404,) * 6, (404,) * 6, params="/api/v1/no-such-thing/"),
    # Ask once: the category suggested while writing (anyone; a redirect without htmx), the
    # similar-tickets panel of the agent's ticket page and its decisions (both tickets must be
    # the agent's to see: an unknown pair is a 404 to everyone).
    "askonce:category_suggestion": Rule(EVERYONE_ANY, params="none"),
    "askonce:similar": Rule(AGENT_TICKET),
    "askonce:decide": Rule(
        AGENT_TICKET_POST_GET,
        (LOGIN, 404, 404, 404, 404, 404),
        params="/agent/tickets/HD-999998/similar/HD-999999/link/",
    ),
    # Claims: the buyer's and their store's; the help center's by the inquiry's queue.
    "claims:list": Rule(SIGNED_IN, params="none"),
    "claims:new": Rule(
        (LOGIN, OK, OK, OK, REDIRECT, REDIRECT), (LOGIN, ANY, ANY, ANY, ANY, ANY), params="none"
    ),
    "claims:detail": Rule(OWNER_TICKET, params="claim"),
    "claims:move": Rule(NOT_ALLOWED_SIGNED_IN, (LOGIN, ANY, 404, ANY, 404, ANY), params="claim"),
    "claims:agent_list": Rule(WORKSPACE, params="none"),
    "api:claim-list": Rule(API_SIGNED_IN, (401, ANY, ANY, ANY, ANY, ANY), params="none"),
    "api:claim-detail": Rule(API_OWNER, params="claim"),
    "api:claim-transition": Rule(API_POST_ONLY, (401, ANY, 404, ANY, 404, ANY), params="claim"),
    # The community: the board is public; posting and notices need an account; a question
    # nobody may see (here: one that does not exist) is a 404 for everyone, staff tools too.
    "community:index": Rule(EVERYONE_OK, params="none"),
    "community:ask": Rule(SIGNED_IN, (LOGIN, ANY, ANY, ANY, ANY, ANY), params="none"),
    "community:follow": Rule(
        NOT_ALLOWED_SIGNED_IN, (LOGIN, ANY, ANY, ANY, ANY, ANY), params="none"
    ),
    "community:notifications": Rule(SIGNED_IN, params="none"),
    "community:notifications_read": Rule(
        NOT_ALLOWED_SIGNED_IN, (LOGIN, ANY, ANY, ANY, ANY, ANY), params="none"
    ),
    "community:question": Rule((404,) * 6, params="/community/999999/"),
    "community:solved": Rule(NOT_ALLOWED, (404,) * 6, params="/community/999999/solved/"),
    **{
        f"community:{name}": Rule(NOT_ALLOWED_SIGNED_IN, (LOGIN, *(404,) * 5), params=path)
        for name, path in {
            "answer": "/community/999999/answer/",
            "escalate": "/community/999999/to/faq/",
            "vote": "/community/answers/999999/vote/",
            "accept": "/community/answers/999999/accept/",
            "verify": "/community/answers/999999/verify/",
            "correct": "/community/answers/999999/correct/",
            "report": "/community/answer/999999/report/",
            "moderate": "/community/question/999999/hide/",
        }.items()
    },
    "api:community-question-list": Rule(EVERYONE_OK, (401, ANY, ANY, ANY, ANY, ANY), params="none"),
    "api:community-question-detail": Rule((404,) * 6, params="/api/v1/community/questions/999999/"),
    "api:community-question-answers": Rule(
        NOT_ALLOWED, (401, *(404,) * 5), params="/api/v1/community/questions/999999/answers/"
    ),
    "api-schema": Rule(EVERYONE_OK, params="none"),
    "api-docs": Rule(EVERYONE_OK, params="none"),
}
# The Django admin checks staff rights itself (test_the_admin_refuses_people_who_are_not_staff).
# django-anymail's inbound webhooks check their own basic-auth secret
# (tests/mail/test_intake.py::test_a_provider_webhook_stores_the_raw_message_behind_basic_auth).
SKIPPED_NAMESPACES = ("admin", "anymail")


def walk(patterns=None, prefix="", namespace=""):
    """(key, route) for every URL pattern, recursively through includes."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace or ""]))
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = entry.name or f"[{prefix}{entry.pattern}]"
            yield (f"{namespace}:{name}" if namespace else name), prefix + str(entry.pattern)


def routes():
    return {
        key: route
        for key, route in walk()
        if not key.startswith(tuple(f"{ns}:" for ns in SKIPPED_NAMESPACES))
    }


def _claim(world):
    """The buyer's claim about the world's order inquiry (made once)."""
    from claims.models import Claim
    from claims.services import make_claim

    found = Claim.objects.filter(ticket=world.ticket).first()
    return found or make_claim(
        buyer=world.ticket.requester,
        kind="not_received",
        fault="seller",
        reason="Never came",
        order_number="2026112012345678",
        store_id=world.ticket.store.seller_id,
        amount=1000,
        ticket=world.ticket,
    )


def url_for(world, key, rule):
    if rule.params.startswith("/"):
        return rule.params  # an unnamed route: a path it serves
    kwargs = {
        "none": {},
        "ticket": {"reference": world.ticket.reference},
        "guest": {"token": world.guest.guest_token},
        "article": {"slug": world.article.slug},
        "reset": {"uidb64": world.reset_uid, "token": world.reset_token},
        "membership": {"membership_id": world.membership.pk},
        "invitation": {"invitation_id": world.invitation.pk},
        "invitation_token": {"token": world.invitation_token},
        "notice": {"pk": getattr(world.notice, "pk", 0)},
        "callback": {"pk": getattr(world.callback, "pk", 0)},
        "store": {"seller_id": world.ticket.store.seller_id},
        "claim": {"reference": _claim(world).reference} if rule.params == "claim" else {},
    }[rule.params]
    if key.endswith("attachment"):
        item = world.guest_attachment if rule.params == "guest" else world.attachment
        kwargs["attachment_id"] = item.pk
    if key.endswith("no_answer_needed"):
        kwargs["message_id"] = world.ticket.messages.order_by("pk").values_list("pk", flat=True)[0]
    return reverse(key, kwargs=kwargs)


def verdict(response) -> str:
    """What the response amounts to, in the words of RULES."""
    code = response.status_code
    if code in (301, 302, 303):
        path = urlsplit(response["Location"]).path
        return LOGIN if path.startswith(reverse("accounts:login")) else REDIRECT
    if code == 200:
        return OK
    return code


def matches(expected, response) -> bool:
    got = verdict(response)
    if expected == ANY:
        return response.status_code < 500 and got not in (401, 403, 404, 405, LOGIN)
    if expected == REFUSED:
        return got in (401, 403, 404, 405, LOGIN)
    return got == expected


def test_every_route_has_a_rule():
    found = set(routes())
    assert sorted(found - set(RULES)) == [], "new routes need a rule in RULES"
    assert sorted(set(RULES) - found) == [], "rules for routes that no longer exist"


@pytest.mark.parametrize("method", ["get", "post"])
def test_each_person_gets_what_the_rules_say_on_every_route(world, method, settings):
    # This walk meets a 404 on purpose at every route naming a ticket; the limit on walking
    # references (test_visible_limits.py) would answer the rest with 429.
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "ticket-not-found": (10_000, 600)}
    problems = []
    clients = {role: world.client(role) for role in ROLES}
    for key, rule in RULES.items():
        expected_row = rule.get if method == "get" else rule.post
        url = url_for(world, key, rule)
        for role, expected in zip(ROLES, expected_row, strict=True):
            if method == "post" and expected == ANY:
                continue  # allowed writes are proven elsewhere; here only refusals count
            response = getattr(clients[role], method)(url)
            if not matches(expected, response):
                problems.append(
                    f"{method.upper()} {url} as {role}: {verdict(response)}, want {expected}"
                )
    assert not problems, "\n".join(problems)


UNKNOWN = {
    "tickets:detail": {"reference": "HD-999999"},
    "tickets:guest": {"token": "x" * 43},
    "agent:ticket": {"reference": "HD-999999"},
}


@pytest.mark.parametrize("key", sorted(UNKNOWN))
def test_an_unknown_ticket_answers_like_someone_elses(world, key):
    """404 for both: the answer never tells whether a reference or token exists."""
    client = world.client("other" if key.startswith("tickets") else "agent")
    unknown = client.get(reverse(key, kwargs=UNKNOWN[key]))
    assert unknown.status_code == 404
    if key == "tickets:guest":
        return
    theirs = client.get(url_for(world, key, RULES[key]))
    assert theirs.status_code == 404
    assert len(unknown.content) > 0 and unknown["Content-Type"] == theirs["Content-Type"]


def test_another_persons_file_is_a_404_even_with_the_right_ticket(world):
    """A file id from another ticket, under a ticket the person may see, is not served."""
    client = world.client("buyer")
    url = reverse(
        "tickets:attachment",
        kwargs={"reference": world.ticket.reference, "attachment_id": world.guest_attachment.pk},
    )
    assert client.get(url).status_code == 404
    guest_url = reverse(
        "tickets:guest_attachment",
        kwargs={"token": world.guest.guest_token, "attachment_id": world.attachment.pk},
    )
    assert Client().get(guest_url).status_code == 404


def test_the_admin_refuses_people_who_are_not_staff(world):
    for role in ("anon", "buyer", "seller"):
        response = world.client(role).get(reverse("admin:tickets_ticket_changelist"))
        assert response.status_code == 302
        assert urlsplit(response["Location"]).path == reverse("admin:login")


# --- GET changes nothing -------------------------------------------------------------------

# Logs, not state: the audit trail records staff downloads, and the FAQ counts what people
# read and search for (its funnel). Everything else must stay exactly as it was.
SNAPSHOT_EXCLUDED = {"audit.auditentry", "faq.searchlog", "faq.deflection"}
SNAPSHOT_IGNORED_FIELDS = {"faq.article": {"view_count"}}


def snapshot():
    state = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label not in (
            "accounts",
            "catalog",
            "tickets",
            "faq",
            "contacts",
            "outbox",
            "audit",
            "api",
        ) or (label in SNAPSHOT_EXCLUDED):
            continue
        ignored = SNAPSHOT_IGNORED_FIELDS.get(label, set())
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if f.attname not in ignored and f.get_internal_type() != "FileField"
        ]
        rows = model._default_manager.order_by("pk").values_list(*fields)
        state[label] = (rows.count(), rows.aggregate(top=Max("pk"))["top"], repr(list(rows)))
    return state


def test_a_get_changes_nothing_on_any_route(world):
    """GET every route as a person it serves; every row of every table stays as it was."""
    checked = []
    for key, rule in RULES.items():
        url = url_for(world, key, rule)
        for role, expected in zip(ROLES, rule.get, strict=True):
            if expected not in (OK, ANY, REDIRECT):
                continue
            client = world.client(role)
            before = snapshot()
            client.get(url)
            client.get(url, HTTP_HX_REQUEST="true")
            after = snapshot()
            changed = [label for label in before if before[label] != after[label]]
            assert changed == [], f"GET {url} as {role} changed {changed}"
            checked.append(key)
            break
    readable = {k for k, r in RULES.items() if {OK, ANY, REDIRECT} & set(r.get)}
    assert set(checked) == readable


# --- CSRF --------------------------------------------------------------------------------


# The token endpoint reads no cookie: it authenticates by the password in the request, so a
# forged cross-site request gains nothing (and cannot read the answer).
CSRF_EXEMPT = {"api:token"}


def test_every_post_needs_the_csrf_token(world):
    """As a person allowed to post there, without the token: 403 and nothing saved."""
    refused = []
    for key, rule in RULES.items():
        if ANY not in rule.post or key in CSRF_EXEMPT:
            continue
        role = next(
            (r for r, e in zip(ROLES, rule.post, strict=True) if e == ANY and r != "anon"),
            "anon",
        )
        client = Client(enforce_csrf_checks=True)
        if world.users[role] is not None:
            client.force_login(world.users[role])
        url = url_for(world, key, rule)  # first: it may make the object the route names
        before = snapshot()
        if key.startswith("api:"):
            response = client.post(url, {"body": "x"}, content_type="application/json")
        else:
            response = client.post(url, {"body": "x", "score": 5})
        assert response.status_code == 403, (
            f"POST {key} as {role} without CSRF: {response.status_code}"
        )
        assert snapshot() == before
        refused.append(key)
    assert len(refused) >= 20


# --- Redirects stay on our host ---------------------------------------------------------------

EVIL = "https://evil.example/phish"


@pytest.mark.parametrize(
    "target", [EVIL, "//evil.example/x", "https:///evil.example", "javascript:alert(1)"]
)
def test_login_never_redirects_to_another_host(world, target):
    world.users["buyer"].set_password("pw-for-tests-123")
    world.users["buyer"].save()
    response = Client().post(
        reverse("accounts:login") + "?next=" + target,
        {"username": "owner", "password": "pw-for-tests-123", "next": target},
    )
    assert response.status_code == 302
    assert not urlsplit(response["Location"]).netloc
    assert response["Location"].startswith("/") and not response["Location"].startswith("//")


@pytest.mark.parametrize("target", [EVIL, "//evil.example/x"])
def test_language_switch_never_redirects_to_another_host(world, target):
    client = Client()
    by_next = client.post(reverse("set_language"), {"language": "en", "next": target})
    by_referer = client.post(reverse("set_language"), {"language": "en"}, HTTP_REFERER=target)
    for response in (by_next, by_referer):
        location = response.get("Location", "/")
        assert not urlsplit(location).netloc, location


@pytest.mark.parametrize("key", ["agent:bulk", "agent:notifications_read"])
def test_workspace_forms_never_redirect_to_another_host(world, key):
    response = world.client("supervisor").post(reverse(key), {"next": EVIL, "all": "1"})
    assert response.status_code == 302
    assert not urlsplit(response["Location"]).netloc


@pytest.mark.parametrize(("role", "expected"), [("other", 404), ("agent", 404), ("anon", 401)])
def test_the_api_update_of_someone_elses_ticket_is_a_404(world, role, expected):
    client = world.client(role)
    url = reverse("api:ticket-detail", kwargs={"reference": world.ticket.reference})
    before = snapshot()
    response = client.patch(url, {"priority": "urgent"}, content_type="application/json")
    assert response.status_code == expected
    assert snapshot() == before


def test_the_owner_may_read_but_not_update_through_the_api(world):
    url = reverse("api:ticket-detail", kwargs={"reference": world.ticket.reference})
    client = world.client("buyer")
    before = snapshot()
    response = client.patch(url, {"priority": "urgent"}, content_type="application/json")
    assert response.status_code == 403  # the owner knows the ticket exists
    assert snapshot() == before
