"""Web forms of the chat; they shape input, the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from tickets.forms import MultipleFileField

from .models import Availability


class StartForm(forms.Form):
    requester_name = forms.CharField(
        label=_("Your name"), max_length=80, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    requester_email = forms.EmailField(
        label=_("Your e-mail"),
        help_text=_("If the chat breaks off, the answer and your private link come here."),
    )
    body = forms.CharField(
        label=_("Your question"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )

    def __init__(self, *args: Any, guest: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not guest:
            del self.fields["requester_name"]
            del self.fields["requester_email"]


class LineForm(forms.Form):
    """One line, sent without JavaScript (the page reloads)."""

    body = forms.CharField(
        label=_("Message"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"})
    )


class FilesForm(forms.Form):
    attachments = MultipleFileField(label=_("Attach files"))
    body = forms.CharField(label=_("Message"), max_length=2000, required=False)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Availability"), choices=Availability.Status.choices)


class TransferForm(forms.Form):
    to = forms.ModelChoiceField(label=_("Transfer to"), queryset=User.objects.none())

    def __init__(self, *args: Any, agents: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        to = self.fields["to"]
        assert isinstance(to, forms.ModelChoiceField)  # noqa: S101
        to.queryset = User.objects.filter(pk__in=[agent.pk for agent in agents])
