"""The claim form and the move form: they parse; the services decide."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Claim


def start_of_day(day: date | None) -> datetime | None:
    """A date the person gave, as the start of that day in Seoul."""
    if day is None:
        return None
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(settings.BUSINESS_TIME_ZONE))


class ClaimForm(forms.Form):
    kind = forms.ChoiceField(label=_("What do you want?"), choices=Claim.Kind.choices)
    fault = forms.ChoiceField(
        label=_("Why"),
        choices=Claim.Fault.choices,
        help_text=_("Whose fault it is decides who pays the return shipping."),
    )
    order_number = forms.CharField(label=_("Order number"), max_length=40)
    store_id = forms.CharField(
        label=_("Store (seller ID)"), max_length=40, help_text=_("As shown on your order.")
    )
    product_name = forms.CharField(label=_("Product"), max_length=120, required=False)
    amount = forms.IntegerField(label=_("Amount paid (won)"), min_value=1, max_value=100_000_000)
    delivered_on = forms.DateField(
        label=_("Delivered on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty if the order never arrived."),
    )
    discovered_on = forms.DateField(
        label=_("Problem found on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("For goods that differ from the listing."),
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    ticket = forms.CharField(required=False, widget=forms.HiddenInput)
    submission_id = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_id", uuid.uuid4().hex)


class MoveForm(forms.Form):
    """One move's note and tracking number; each move's form has the target as its prefix,
    so the labels of several forms on a page stay unique."""

    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    tracking_number = forms.CharField(label=_("Tracking number"), required=False, max_length=40)
