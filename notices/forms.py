"""Forms of the notices' workspace pages; they shape input, the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class AnswerAllForm(forms.Form):
    body_ko = forms.CharField(
        label=_("Answer in Korean"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5, "lang": "ko", "dir": "auto"}),
        help_text=_("Sent to requesters who wrote in Korean."),
    )
    body_en = forms.CharField(
        label=_("Answer in English"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5, "lang": "en", "dir": "auto"}),
        help_text=_("Sent to requesters who wrote in English."),
    )
    resolve = forms.BooleanField(
        label=_("Mark the answered tickets resolved"),
        required=False,
        initial=True,
        help_text=_("As any resolution does, this also sends each requester the survey."),
    )


class LinkForm(forms.Form):
    reference = forms.CharField(label=_("Ticket reference"), max_length=20)


class StateForm(forms.Form):
    state = forms.CharField(max_length=16)
