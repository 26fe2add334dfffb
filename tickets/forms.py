"""Web forms of the requester portal; they shape input, the services decide."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from .details import mark_required
from .models import Message, Ticket


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            MultipleFileInput(
                attrs={"accept": "image/png,image/jpeg,image/gif,image/webp,application/pdf"}
            ),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile[bytes]]:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        if len(files) > settings.ATTACHMENT_MAX_COUNT:
            raise forms.ValidationError(
                _("Attach at most %(count)d files.") % {"count": settings.ATTACHMENT_MAX_COUNT}
            )
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class InquiryForm(forms.Form):
    submission_id = forms.UUIDField(widget=forms.HiddenInput)
    requester_name = forms.CharField(
        label=_("Your name"),
        max_length=80,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    requester_email = forms.EmailField(
        label=_("Your e-mail"),
        required=False,
        help_text=_("We send the answer and your private tracking link here."),
    )
    subject = forms.CharField(
        label=_("Subject"), max_length=200, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    body = forms.CharField(
        label=_("What happened?"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 7, "dir": "auto"}),
        help_text=_("When it happened, what you expected, what you saw. Screenshots help."),
    )
    attachments = MultipleFileField(
        label=_("Photos or documents"),
        required=False,
        help_text=_("Up to 5 files: images (PNG, JPEG, GIF, WebP) or PDF, 10 MB each."),
    )

    def __init__(self, *args: Any, guest: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["submission_id"].initial = uuid.uuid4()
        if guest:
            self.fields["requester_name"].required = True
            self.fields["requester_email"].required = True
        else:
            del self.fields["requester_name"]
            del self.fields["requester_email"]
        mark_required(self)


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
    )
    attachments = MultipleFileField(
        label=_("Photos or documents"),
        required=False,
        help_text=_("Up to 5 files: images (PNG, JPEG, GIF, WebP) or PDF, 10 MB each."),
    )


class StoreReplyForm(ReplyForm):
    """The store answers the buyer, or only the help center (the side conversation)."""

    visibility = forms.ChoiceField(
        label=_("Who reads it"),
        choices=[
            (Message.Visibility.PUBLIC, _("The buyer and the help center")),
            (Message.Visibility.STORE, _("Only the help center")),
        ],
        initial=Message.Visibility.PUBLIC,
        required=False,  # left out: to the buyer, as before the side conversation existed
        widget=forms.RadioSelect,
    )
    field_order = ["visibility", "body", "attachments"]


class StepInForm(forms.Form):
    reason = forms.CharField(
        label=_("What is still missing? (optional)"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How was the answer?"),
        coerce=int,
        choices=[
            (5, _("5 - Very good")),
            (4, _("4 - Good")),
            (3, _("3 - Fair")),
            (2, _("2 - Poor")),
            (1, _("1 - Very poor")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )


class MyTicketsFilter(forms.Form):
    state = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("All")), ("open", _("In progress")), ("resolved", _("Resolved or closed"))],
    )
    q = forms.CharField(label=_("Reference or order number"), required=False, max_length=40)
    scope = forms.ChoiceField(
        label=_("Whose"),
        required=False,
        choices=[
            ("", _("Mine and my store's")),
            ("mine", _("Only mine")),
            ("store", _("About my store")),
        ],
    )

    STATUS_GROUPS = {
        "open": list(Ticket.OPEN_STATUSES),
        "resolved": [Ticket.Status.RESOLVED, Ticket.Status.CLOSED],
    }
