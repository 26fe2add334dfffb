"""What people are told about store teams, in their own language, through the outbox."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from outbox.services import queue_email

from .models import StoreInvitation, User


def invitation_link(token: str) -> str:
    return f"{settings.SITE_URL}{reverse('accounts:invitation', args=[token])}"


def invitee_language(email: str) -> str:
    """The language of the account that uses this address; Korean (the default) for a person
    who has no account yet."""
    language = (
        User.objects.filter(email__iexact=email)
        .order_by("pk")
        .values_list("preferred_language", flat=True)
        .first()
    )
    return language or settings.LANGUAGE_CODE


def invitation_sent(invitation: StoreInvitation, token: str) -> None:
    """The invitation e-mail: the only place the link's token is ever written down."""
    language = invitee_language(invitation.email)
    with translation.override(language):
        context = {
            "invitation": invitation,
            "store": invitation.store,
            "inviter": invitation.invited_by,
            "link": invitation_link(token),
            "LANGUAGE_CODE": language,
        }
        subject = render_to_string("emails/store_invitation_subject.txt", context).strip()
        body_text = render_to_string("emails/store_invitation.txt", context)
        body_html = render_to_string("emails/store_invitation.html", context)
    queue_email(
        to=invitation.email,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        language=language,
        dedupe_key=f"store-invitation:{invitation.pk}",
        key_is_new=True,  # the invitation row was inserted in this same transaction
    )
