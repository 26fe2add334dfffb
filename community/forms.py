"""Web forms of the community; they shape input, the services decide."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from catalog.models import Category
from catalog.selectors import category_choices

from .models import Audience, Report
from .selectors import audiences_for, audiences_to_ask, is_staff
from .services import BODY_MAX, CORRECTION_MAX, TITLE_MAX

BODY_HELP = _(
    "Markdown works (**bold**, lists, links). Do not write order numbers, phone numbers or "
    "e-mail addresses: the community is public, and we mask them."
)


class SubmissionForm(forms.Form):
    """A hidden id per form shown: a double-click or a reload posts once."""

    submission_id = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["submission_id"].initial = uuid.uuid4()

    def submission_key(self, user: User) -> str | None:
        submission = self.cleaned_data.get("submission_id")
        return f"web:{user.pk}:{submission}" if submission else None


class AskForm(SubmissionForm):
    title = forms.CharField(
        label=_("Your question in one line"),
        max_length=TITLE_MAX,
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}),
    )
    body = forms.CharField(
        label=_("Details"),
        max_length=BODY_MAX,
        help_text=BODY_HELP,
        widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}),
    )
    audience = forms.ChoiceField(label=_("Who should answer?"), choices=Audience.choices)
    category = forms.ChoiceField(label=_("Topic"))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = audiences_to_ask(user)
        self.fields["audience"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in Audience.choices if value in allowed
        ]
        self.categories = {category.slug: category for category in category_choices(user)}
        self.fields["category"].choices = [  # type: ignore[attr-defined]
            (slug, category.name) for slug, category in self.categories.items()
        ]

    def clean_category(self) -> Category:
        return self.categories[self.cleaned_data["category"]]


class AnswerForm(SubmissionForm):
    body = forms.CharField(
        label=_("Your answer"),
        max_length=BODY_MAX,
        help_text=BODY_HELP,
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
    )


class CorrectionForm(forms.Form):
    correction = forms.CharField(
        label=_("Correction by the help center"),
        max_length=CORRECTION_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why?"), choices=Report.Reason.choices)
    note = forms.CharField(label=_("Anything to add (optional)"), max_length=500, required=False)


class ModerationForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (for the audit trail)"), max_length=200, required=False
    )


class BoardFilter(forms.Form):
    q = forms.CharField(label=_("Search the community"), max_length=100, required=False)
    audience = forms.ChoiceField(label=_("Board"), required=False)
    category = forms.ChoiceField(label=_("Topic"), required=False)
    reported = forms.BooleanField(label=_("Only questions with open reports"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not is_staff(user):
            del self.fields["reported"]
        readable = audiences_for(user)
        self.fields["audience"].choices = [("", _("All boards"))] + [  # type: ignore[attr-defined]
            (value, label) for value, label in Audience.choices if value in readable
        ]
        self.categories = {category.slug: category for category in category_choices(user)}
        self.fields["category"].choices = [("", _("All categories"))] + [  # type: ignore[attr-defined]
            (slug, category.name) for slug, category in self.categories.items()
        ]
