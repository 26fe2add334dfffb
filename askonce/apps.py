from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AskOnceConfig(AppConfig):
    name = "askonce"
    verbose_name = _("Ask once")
