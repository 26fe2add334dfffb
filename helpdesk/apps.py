"""Application configs the project sets for libraries it uses."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AxesAppConfig):  # type: ignore[misc]  # axes ships no type hints
    """django-axes (sign-in attempts and lockouts), named for the admin in the reader's
    language."""

    verbose_name = _("Sign-in attempts")
