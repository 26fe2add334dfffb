"""Forms of the agent workspace; they shape input, the services decide."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from catalog.models import Category, Queue

from .forms import MultipleFileField
from .models import Macro, Message, Ticket
from .selectors import AGENT_VIEWS, SORTS


def _blank(label: Any) -> list[tuple[str, Any]]:
    return [("", label)]


class TicketFilterForm(forms.Form):
    """The view, search, filters and sort of the ticket list (all from the query string)."""

    view = forms.ChoiceField(choices=list(AGENT_VIEWS.items()), required=False)
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("Reference, name, e-mail, order number or words"),
            }
        ),
    )
    queue = forms.ChoiceField(label=_("Queue"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_blank(_("Any")) + list(Ticket.Status.choices)
    )
    priority = forms.ChoiceField(
        label=_("Priority"),
        required=False,
        choices=_blank(_("Any")) + list(Ticket.Priority.choices),
    )
    assignee = forms.ChoiceField(label=_("Assignee"), required=False)
    store = forms.CharField(label=_("Store ID"), required=False, max_length=40)
    tag = forms.CharField(label=_("Tag"), required=False, max_length=40)
    channel = forms.ChoiceField(
        label=_("Channel"),
        required=False,
        choices=_blank(_("Any")) + list(Ticket.Channel.choices),
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[(key, sort.label) for key, sort in SORTS.items()],
    )
    after = forms.CharField(required=False, max_length=60, widget=forms.HiddenInput)

    FILTERS = ("queue", "category", "status", "priority", "assignee", "store", "tag", "channel")

    def __init__(
        self,
        *args: Any,
        queues: Iterable[Queue],
        categories: Iterable[Category],
        agents: Iterable[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields
        field["queue"].choices = _blank(_("Any")) + [(q.slug, q.name) for q in queues]  # type: ignore[attr-defined]
        field["category"].choices = _blank(_("Any")) + [  # type: ignore[attr-defined]
            (c.slug, c.name) for c in categories
        ]
        field["assignee"].choices = [  # type: ignore[attr-defined]
            ("", _("Anyone")),
            ("none", _("Nobody")),
            *((str(a.pk), str(a)) for a in agents),
        ]

    @property
    def active_filters(self) -> int:
        if not self.is_bound or not self.is_valid():
            return 0
        return sum(1 for name in self.FILTERS if self.cleaned_data.get(name))


class ReplyForm(forms.Form):
    STORE = "store"  # the side conversation with the store (asks for its answer)

    KINDS = (
        (Message.Kind.REPLY, _("Public reply")),
        (Message.Kind.NOTE, _("Internal note")),
    )
    kind = forms.ChoiceField(
        label=_("Write"),
        choices=KINDS,
        initial=Message.Kind.REPLY,
        widget=forms.RadioSelect,
    )
    body = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 7, "dir": "auto", "data-typing-source": ""}),
    )
    macro = forms.ModelChoiceField(
        label=_("Canned response"),
        queryset=Macro.objects.filter(is_active=True),
        required=False,
        widget=forms.HiddenInput,
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("Up to 5 files: images (PNG, JPEG, GIF, WebP) or PDF, 10 MB each."),
    )
    then = forms.ChoiceField(
        required=False,
        choices=[
            ("", "-"),
            (Ticket.Status.PENDING, Ticket.Status.PENDING.label),
            (Ticket.Status.ON_HOLD, Ticket.Status.ON_HOLD.label),
            (Ticket.Status.RESOLVED, Ticket.Status.RESOLVED.label),
        ],
    )

    # What each choice of ``kind`` means for who reads the message.
    VISIBILITY = {
        Message.Kind.REPLY: Message.Visibility.PUBLIC,
        Message.Kind.NOTE: Message.Visibility.INTERNAL,
        STORE: Message.Visibility.STORE,
    }

    def __init__(self, *args: Any, store_side: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if (
            store_side
        ):  # an order inquiry: the agent can also ask the store, out of the buyer's view
            field = self.fields["kind"]
            assert isinstance(field, forms.ChoiceField)  # noqa: S101  (narrows for mypy)
            field.choices = [*self.KINDS, (self.STORE, _("Ask the store"))]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("body") or "").strip() and not data.get("macro"):
            self.add_error("body", _("Write a message or pick a canned response."))
        if data.get("kind"):
            data["visibility"] = self.VISIBILITY[data["kind"]]
        return data


class CaseForm(forms.Form):
    """Assignee, status, priority, category and queue, changed in place."""

    assignee = forms.ChoiceField(label=_("Assignee"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=Ticket.Status.choices)
    priority = forms.ChoiceField(label=_("Priority"), choices=Ticket.Priority.choices)
    category = forms.ChoiceField(label=_("Category"))
    queue = forms.ChoiceField(label=_("Queue"))

    def __init__(
        self,
        *args: Any,
        agents: Iterable[User],
        categories: Iterable[Category],
        queues: Iterable[Queue],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [  # type: ignore[attr-defined]
            ("", _("Nobody")),
            *((str(a.pk), str(a)) for a in agents),
        ]
        self.fields["category"].choices = [(str(c.pk), c.name) for c in categories]  # type: ignore[attr-defined]
        self.fields["queue"].choices = [(str(q.pk), q.name) for q in queues]  # type: ignore[attr-defined]

    @classmethod
    def initial_for(cls, ticket: Ticket) -> dict[str, str]:
        return {
            "assignee": str(ticket.assignee_id or ""),
            "status": ticket.status,
            "priority": ticket.priority,
            "category": str(ticket.category_id),
            "queue": str(ticket.queue_id),
        }


class MergeForm(forms.Form):
    into = forms.CharField(
        label=_("Merge into ticket"),
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": "HD-000123"}),
    )
