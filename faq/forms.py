from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class VoteForm(forms.Form):
    helpful = forms.ChoiceField(choices=[("yes", _("Yes")), ("no", _("No"))])
    comment = forms.CharField(
        label=_("Anything we should add or fix? (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 1000, "dir": "auto"}),
        help_text=_("Please leave out personal details such as order numbers or phone numbers."),
    )
