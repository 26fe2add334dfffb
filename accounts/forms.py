"""Sign-up and profile forms: a buyer gives a name and e-mail, a seller also their store."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from helpdesk.text import one_line

from .models import User
from .selectors import store_identity_clashes


class SignupForm(UserCreationForm[User]):
    role = forms.ChoiceField(
        label=_("I am a"),
        choices=[(User.Role.BUYER, _("Buyer")), (User.Role.SELLER, _("Seller"))],
        widget=forms.RadioSelect,
        initial=User.Role.BUYER,
    )
    email = forms.EmailField(label=_("E-mail"), help_text=_("Answers and password resets go here."))
    display_name = forms.CharField(label=_("Name"), max_length=80)
    store_name = forms.CharField(label=_("Store name"), max_length=120, required=False)
    seller_id = forms.CharField(
        label=_("Seller ID"),
        max_length=40,
        required=False,
        validators=[
            RegexValidator(
                r"^[a-z0-9][a-z0-9_-]{2,39}$",
                _("Use 3 to 40 lowercase letters, digits, - or _."),
            )
        ],
    )
    preferred_language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "display_name", "email", "preferred_language")

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account with this e-mail already exists. Log in instead.")
            )
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("role") == User.Role.SELLER:
            if not data.get("store_name"):
                self.add_error("store_name", _("Sellers give the name of their store."))
            seller_id = data.get("seller_id")
            if not seller_id and "seller_id" not in self.errors:
                self.add_error("seller_id", _("Sellers give their seller ID."))
            clashes = store_identity_clashes(
                name=data.get("store_name") or "", seller_id=seller_id or ""
            )
            for field, message in clashes.items():
                if field not in self.errors:
                    self.add_error(field, message)
        return data


class ProfileForm(forms.ModelForm[User]):
    class Meta:
        model = User
        fields = ("display_name", "email", "preferred_language")

    def clean_display_name(self) -> str:
        return one_line(self.cleaned_data["display_name"])  # as register_person stores it


class OutboxPasswordResetForm(PasswordResetForm):
    """Password reset mail goes through the outbox like every other e-mail."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        from django.template import loader

        from outbox.services import queue_email

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        queue_email(to=to_email, subject=subject, body_text=body)


class InviteForm(forms.Form):
    """The owner's invitation: who, by e-mail (the store is the one whose section holds it)."""

    store = forms.CharField(widget=forms.HiddenInput, max_length=40)
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("We send them a link to join the team as a manager."),
    )

    def __init__(self, *args: Any, store_id: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # One form per store on the page: its own ids, so labels and errors stay paired.
        self.auto_id = f"invite-{store_id}-%s" if store_id else "id_%s"
        self.fields["store"].initial = store_id
