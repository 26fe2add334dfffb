from __future__ import annotations

from django.conf import settings
from django.utils import translation
from rest_framework.request import Request

from accounts.models import User


class PreferredLanguageMixin:
    """Answers in the caller's language: LocaleMiddleware honours Accept-Language (and the
    language cookie); without either, a signed-in person gets their preferred language."""

    def perform_authentication(self, request: Request) -> None:
        user = request.user  # authenticates; a bad token raises here, in the default language
        if (
            isinstance(user, User)
            and "HTTP_ACCEPT_LANGUAGE" not in request.META
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
            and user.preferred_language
        ):
            translation.activate(user.preferred_language)
