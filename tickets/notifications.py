"""What people are told about their tickets, in their own language, through the outbox."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_noop

from accounts.models import User
from accounts.selectors import store_people
from outbox.services import queue_email

from . import history, transitions
from .models import Message, Notification, Ticket
from .reply_address import reply_address


def ticket_link(ticket: Ticket) -> str:
    """Where the requester follows the ticket: a guest's link carries their private token."""
    if ticket.guest_token:
        return f"{settings.SITE_URL}{reverse('tickets:guest', args=[ticket.guest_token])}"
    return f"{settings.SITE_URL}{reverse('tickets:detail', args=[ticket.reference])}"


def send_to_requester(
    ticket: Ticket,
    template: str,
    *,
    dedupe_key: str | None = None,
    key_is_new: bool = False,
    **context: Any,
) -> None:
    """Render ``emails/<template>.txt`` and ``.html`` in the ticket's language and queue them."""
    language = ticket.requester.preferred_language if ticket.requester else ticket.language
    with translation.override(language):
        # The recipient is the requester (None: a guest): shown_name names them in full.
        context = {
            "ticket": ticket,
            "recipient": ticket.requester,
            "link": ticket_link(ticket),
            **context,
        }
        subject = render_to_string(f"emails/{template}_subject.txt", context).strip()
        body_text = render_to_string(f"emails/{template}.txt", context)
        body_html = render_to_string(f"emails/{template}.html", context)
    queue_email(
        to=ticket.requester_email,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        language=language,
        dedupe_key=dedupe_key,
        key_is_new=key_is_new,
        reply_to=reply_address(ticket.pk),
    )


def ticket_received(ticket: Ticket) -> None:
    """The acknowledgement: reference, what happens next; a guest gets their private link."""
    send_to_requester(
        ticket,
        "ticket_received",
        dedupe_key=f"received:{ticket.pk}",
        key_is_new=True,  # called only as the ticket is filed, in the same transaction
        is_guest=ticket.is_guest,
    )


def answer_posted(ticket: Ticket, message: Message) -> None:
    send_to_requester(ticket, "answer_posted", dedupe_key=f"answer:{message.pk}", message=message)


def requester_replied(ticket: Ticket, message: Message) -> None:
    """The assignee hears of the requester's new message in the workspace."""
    if ticket.assignee_id is None:
        return
    _notice(
        ticket.assignee_id,
        ticket.assignee.preferred_language if ticket.assignee else None,
        ticket,
        kind="requester_replied",
        text=history.text(
            gettext_noop("%(reference)s: the requester wrote again"), reference=ticket.reference
        ),
    )


def ticket_assigned(ticket: Ticket, *, by: Any) -> None:
    """The new assignee hears of it in the workspace, unless they took the ticket themselves."""
    assignee = ticket.assignee
    if assignee is None or assignee.pk == getattr(by, "pk", None):
        return
    _notice(
        assignee.pk,
        assignee.preferred_language,
        ticket,
        kind="assigned",
        text=history.text(
            gettext_noop("%(reference)s was assigned to you: %(subject)s"),
            reference=ticket.reference,
            subject=ticket.subject,
        ),
    )


Text = history.Term | Callable[[], str]


def _notice(
    user_id: int, language: str | None, ticket: Ticket | None, *, kind: str, text: Text
) -> Notification:
    """One in-app notice. A term is kept and rendered in the reader's language whenever it is
    read; ``text`` keeps it as written in the recipient's language now (the fallback). A
    callable (an older way to call this) is only written, with the language active."""
    with translation.override(language or settings.LANGUAGE_CODE):
        params: dict[str, Any] = {}
        if callable(text):
            written = text()
        else:
            written = history.render(text)
            if isinstance(text, dict) and history.is_term(text):
                params = text
    return Notification.objects.create(
        recipient_id=user_id, ticket=ticket, kind=kind, text=written[:300], params=params
    )


def agent_link(ticket: Ticket) -> str:
    """The ticket in the agent workspace (a stable address, see PRODUCT.md)."""
    return f"{settings.SITE_URL}{reverse('agent:ticket', args=[ticket.reference])}"


def notify_staff(
    users: Iterable[User],
    ticket: Ticket,
    *,
    kind: str,
    text: Text,
    template: str | None,
    dedupe_key: str,
    **context: Any,
) -> int:
    """An in-app notice for each person, and an e-mail from ``emails/<template>*`` when given,
    each in the person's own language. ``text`` is a term (tickets/history.py), rendered for
    whoever reads the notice."""
    return _notify(
        users,
        ticket,
        kind=kind,
        text=text,
        template=template,
        dedupe_key=dedupe_key,
        link=agent_link(ticket),
        # An agent may answer from their mail client: the token names them.
        reply_as="agent",
        **context,
    )


def store_link(ticket: Ticket) -> str:
    """The inquiry on the store's side (the same page the buyer has, with the store's view)."""
    return f"{settings.SITE_URL}{reverse('tickets:detail', args=[ticket.reference])}"


def notify_store(
    ticket: Ticket,
    *,
    kind: str,
    text: Text,
    template: str,
    dedupe_key: str,
    **context: Any,
) -> int:
    """An in-app notice and an e-mail for each person who answers for the ticket's store, in
    their own language. The buyer is named as a store may see them (shown_name, masked)."""
    if ticket.store is None:
        return 0
    return _notify(
        store_people(ticket.store),
        ticket,
        kind=kind,
        text=text,
        template=template,
        dedupe_key=dedupe_key,
        link=store_link(ticket),
        # The seller's reply goes to the side conversation, as the store.
        reply_as="store",
        **context,
    )


def _notify(
    users: Iterable[User],
    ticket: Ticket,
    *,
    kind: str,
    text: Text,
    template: str | None,
    dedupe_key: str,
    link: str,
    reply_as: str,
    **context: Any,
) -> int:
    """The in-app notice and the e-mail of notify_staff and notify_store, per person in their
    language; ``recipient`` is the reader shown_name names the buyer for."""
    count = 0
    for user in users:
        language = user.preferred_language or settings.LANGUAGE_CODE
        _notice(user.pk, language, ticket, kind=kind, text=text)
        with translation.override(language):
            if template and user.email:
                full = {"ticket": ticket, "link": link, "user": user, "recipient": user, **context}
                queue_email(
                    to=user.email,
                    subject=render_to_string(f"emails/{template}_subject.txt", full).strip(),
                    body_text=render_to_string(f"emails/{template}.txt", full),
                    body_html=render_to_string(f"emails/{template}.html", full),
                    language=language,
                    dedupe_key=f"{dedupe_key}:{user.pk}",
                    reply_to=reply_address(ticket.pk, recipient=reply_as, user_id=user.pk),
                )
        count += 1
    return count


def store_asked(
    ticket: Ticket, message: Message, *, due: str, due_term: history.Term | None = None
) -> None:
    """The help center asks the store to answer, by ``due`` (the store's business time)."""
    notify_store(
        ticket,
        kind="store_asked",
        text=history.text(
            gettext_noop("%(reference)s: the help center asks for your answer by %(due)s"),
            reference=ticket.reference,
            due=due_term or due,
        ),
        template="store_asked",
        dedupe_key=f"store-asked:{message.pk}",
        message=message,
        due=due,
    )


def store_reminder(
    ticket: Ticket, *, due: str, dedupe_key: str, due_term: history.Term | None = None
) -> None:
    """Before the store's deadline: the answer is still owed."""
    notify_store(
        ticket,
        kind="store_reminder",
        text=history.text(
            gettext_noop("%(reference)s: please answer by %(due)s"),
            reference=ticket.reference,
            due=due_term or due,
        ),
        template="store_reminder",
        dedupe_key=dedupe_key,
        due=due,
    )


def platform_people(ticket: Ticket) -> list[User]:
    """Who at the platform hears of a ticket's news: the assignee, or every agent of the
    queue when nobody has the ticket yet."""
    if ticket.assignee is not None and ticket.assignee.is_active:
        return [ticket.assignee]
    return list(
        User.objects.filter(
            memberships__queue_id=ticket.queue_id,
            is_active=True,
            role__in=[User.Role.AGENT, User.Role.SUPERVISOR],
        )
        .distinct()
        .order_by("pk")
    )


def store_answered_platform(ticket: Ticket, message: Message) -> None:
    """The store answered the help center in the side conversation."""

    notify_staff(
        platform_people(ticket),
        ticket,
        kind="store_answered",
        text=history.text(
            gettext_noop("%(reference)s: the store answered you"), reference=ticket.reference
        ),
        template=None,
        dedupe_key=f"store-answered:{message.pk}",
    )


def store_missed(ticket: Ticket, *, due: str, due_term: history.Term | None = None) -> None:
    """The store let its deadline pass: the platform's agents take the inquiry, and the buyer
    is told they may ask the help center to step in."""
    notify_staff(
        platform_people(ticket),
        ticket,
        kind="store_missed",
        text=history.text(
            gettext_noop("%(reference)s: the store did not answer by %(due)s"),
            reference=ticket.reference,
            due=due_term or due,
        ),
        template=None,
        dedupe_key=f"store-missed:{ticket.pk}:{due}",
    )
    send_to_requester(ticket, "store_missed", dedupe_key=f"store-missed:{ticket.pk}:{due}", due=due)


def help_center_asked(ticket: Ticket, *, reason: str) -> None:
    """The buyer asked the help center to step in: the queue's agents hear of it at once."""

    notify_staff(
        platform_people(ticket),
        ticket,
        kind="step_in",
        text=history.text(
            gettext_noop("%(reference)s: the buyer asks the help center to step in"),
            reference=ticket.reference,
        ),
        template=None,
        dedupe_key=f"step-in:{ticket.pk}",
        reason=reason,
    )


def ticket_merged(source: Ticket, target: Ticket) -> None:
    """The requester of a merged inquiry hears where it continues, in their language: the
    inquiry it went into when it is theirs too, else only that the help center answers them
    together with a related one (another person's reference names nothing they may open)."""
    theirs = transitions.same_requester(source, target)
    send_to_requester(
        source,
        "ticket_merged",
        dedupe_key=f"merged:{source.pk}",
        target=target if theirs else None,
        target_link=ticket_link(target) if theirs else ticket_link(source),
    )
    if source.requester is not None:
        _notice(
            source.requester.pk,
            source.requester.preferred_language,
            target if theirs else source,
            kind="merged",
            text=history.text(
                gettext_noop("Your inquiry %(old)s continues in %(new)s."),
                old=source.reference,
                new=target.reference,
            )
            if theirs
            else history.text(
                gettext_noop(
                    "Your inquiry %(old)s was joined with a related one; we answer you by e-mail."
                ),
                old=source.reference,
            ),
        )


def earlier_inquiry_link(ticket: Ticket, *, dedupe_key: str) -> None:
    """A guest told of their open inquiry on the form gets its private link by e-mail: only the
    owner of the address can open it (the form names no reference to whoever typed it)."""
    send_to_requester(ticket, "earlier_inquiry", dedupe_key=dedupe_key)
