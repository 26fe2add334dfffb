from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = _("Known-issue notices")

    def ready(self) -> None:
        from tickets.signals import ticket_filed

        from .services import link_new_ticket

        # A ticket filed while a notice of its category is open is linked to the notice.
        ticket_filed.connect(link_new_ticket, dispatch_uid="notices-link-new-ticket")
