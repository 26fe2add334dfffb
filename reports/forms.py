"""The period and filters of the reports, all from the query string."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.models import Category, Priority, Queue

from .selectors import DEFAULT_DAYS, MAX_DAYS, Period


def _any() -> list[tuple[str, Any]]:
    return [("", gettext_lazy("Any"))]


class DateInput(forms.DateInput):
    input_type = "date"


class ReportFilterForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("From"), required=False, widget=DateInput)
    end = forms.DateField(label=gettext_lazy("To"), required=False, widget=DateInput)
    queue = forms.ChoiceField(label=gettext_lazy("Queue"), required=False)
    category = forms.ChoiceField(label=gettext_lazy("Category"), required=False)
    priority = forms.ChoiceField(
        label=gettext_lazy("Priority"), required=False, choices=_any() + list(Priority.choices)
    )

    def __init__(
        self,
        *args: Any,
        queues: Iterable[Queue],
        categories: Iterable[Category],
        today: date,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.queue_objects = {q.slug: q for q in queues}
        self.category_objects = {c.slug: c for c in categories}
        self.fields["queue"].choices = _any() + [  # type: ignore[attr-defined]
            (slug, q.name) for slug, q in self.queue_objects.items()
        ]
        self.fields["category"].choices = _any() + [  # type: ignore[attr-defined]
            (slug, c.name) for slug, c in self.category_objects.items()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        end = data.get("end") or self.today
        start = data.get("start") or end - timedelta(days=DEFAULT_DAYS - 1)
        if start > end:
            raise forms.ValidationError(_("The start date must not be after the end date."))
        if (end - start).days + 1 > MAX_DAYS:
            raise forms.ValidationError(
                _("Choose at most %(days)d days at once.") % {"days": MAX_DAYS}
            )
        data["period"] = Period(start, end)
        return data

    @property
    def chosen_queue(self) -> Queue | None:
        return self.queue_objects.get(self.cleaned_data.get("queue") or "")

    @property
    def chosen_category(self) -> Category | None:
        return self.category_objects.get(self.cleaned_data.get("category") or "")


class SellerPeriodForm(forms.Form):
    DAYS = (7, 30, 90)

    days = forms.TypedChoiceField(
        choices=[(d, d) for d in DAYS], coerce=int, required=False, empty_value=None
    )
    store = forms.CharField(required=False, max_length=40)


class RankingForm(forms.Form):
    """The store ranking's order and page; the CSV has every store in the same order."""

    sort = forms.ChoiceField(
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Choose a column to sort by.")},
    )
    page = forms.IntegerField(
        required=False,
        min_value=1,
        error_messages={
            "invalid": gettext_lazy("Enter a page number."),
            "min_value": gettext_lazy("Enter a page number."),
        },
    )

    def __init__(self, *args: Any, sorts: Iterable[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sort"].choices = [  # type: ignore[attr-defined]
            (value, value) for value in sorted(sorts)
        ]
