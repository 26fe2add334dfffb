from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AskOnceConfig(AppConfig):
    name = "askonce"
    verbose_name = _("Ask once")

    def ready(self) -> None:
        from tickets.signals import ticket_merged

        from .services import merged_elsewhere

        # A suggested pair merged from the ticket page's merge form counts as accepted too.
        ticket_merged.connect(merged_elsewhere, dispatch_uid="askonce-merged-elsewhere")
