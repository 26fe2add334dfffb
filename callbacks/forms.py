"""Forms of callbacks; they shape input, the services decide (and validate again)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext_lazy as _

from catalog.models import Category

from .models import CallbackAttempt
from .phones import normalize_phone

ASAP = ""


def slot_label(moment: datetime) -> str:
    """ "12월 1일 (화) 14:00" / "December 1 (Tue) 14:00", in Korea time."""
    local = timezone.localtime(moment)  # the project's time zone: Korea time
    day = formats.date_format(local.date(), "MONTH_DAY_FORMAT")
    return f"{day} ({WEEKDAYS_ABBR[local.weekday()]}) {local:%H:%M}"


class PhoneField(forms.CharField):
    def clean(self, value: Any) -> str:
        value = super().clean(value)
        return normalize_phone(value) if value else ""


class SlotField(forms.ChoiceField):
    """The offered times as a list, but any time passes here: the list moves on while the
    person writes, and the service decides whether the line is open then."""

    def valid_value(self, value: Any) -> bool:
        return True


class CallbackRequestForm(forms.Form):
    submission_id = forms.UUIDField(widget=forms.HiddenInput)
    category = forms.ModelChoiceField(
        label=_("What is it about?"),
        queryset=Category.objects.none(),
        to_field_name="slug",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Choose what your call is about.")},
    )
    requester_name = forms.CharField(label=_("Your name"), max_length=80, required=False)
    requester_email = forms.EmailField(
        label=_("Your e-mail"),
        required=False,
        help_text=_("We tell you here if we cannot reach you, and send your tracking link."),
    )
    phone = PhoneField(
        label=_("Phone number"),
        max_length=20,
        help_text=_("Mobile 010-1234-5678, a landline with its area code, or a 1588 number."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    preferred = SlotField(
        label=_("When should we call?"),
        required=False,
        help_text=_("Times are Korea time, within the phone line's opening hours."),
    )
    situation = forms.CharField(
        label=_("What happened?"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=_("A few words are enough: the agent reads them before calling."),
    )

    def __init__(
        self,
        *args: Any,
        categories: list[Category],
        slots: list[datetime],
        guest: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["submission_id"].initial = uuid.uuid4()
        field = self.fields["category"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101  (narrows for mypy)
        field.queryset = Category.objects.filter(pk__in=[c.pk for c in categories])
        self.slots = {timezone.localtime(slot).isoformat(): slot for slot in slots}
        preferred = self.fields["preferred"]
        assert isinstance(preferred, forms.ChoiceField)  # noqa: S101
        preferred.choices = [
            (ASAP, _("As soon as possible")),
            *((value, slot_label(slot)) for value, slot in self.slots.items()),
        ]
        if guest:
            self.fields["requester_name"].required = True
            self.fields["requester_email"].required = True
        else:
            del self.fields["requester_name"]
            del self.fields["requester_email"]

    def clean_preferred(self) -> datetime | None:
        value = self.cleaned_data.get("preferred") or ASAP
        if value == ASAP:
            return None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise ValidationError(_("Choose a time from the list.")) from None
        if timezone.is_naive(moment):
            raise ValidationError(_("Choose a time from the list."))
        return moment


class AttemptForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("How did the call go?"),
        choices=CallbackAttempt.Outcome.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("What was said or agreed; kept on the ticket as an internal note."),
    )
    resolve = forms.BooleanField(label=_("Reached and settled: resolve the ticket"), required=False)


class IncomingCallForm(forms.Form):
    submission_id = forms.UUIDField(widget=forms.HiddenInput)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), to_field_name="slug"
    )
    caller_name = forms.CharField(label=_("Caller's name"), max_length=80)
    caller_email = forms.EmailField(
        label=_("Caller's e-mail"),
        help_text=_(
            "Their account's e-mail files the ticket for that account; any other, as a guest."
        ),
    )
    phone = PhoneField(label=_("Phone number"), max_length=20, required=False)
    summary = forms.CharField(
        label=_("What the call was about"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )

    def __init__(self, *args: Any, categories: list[Category], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["submission_id"].initial = uuid.uuid4()
        field = self.fields["category"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = Category.objects.filter(pk__in=[c.pk for c in categories])
