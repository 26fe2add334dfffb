from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = _("Known-issue notices")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from tickets.signals import ticket_filed

        from .models import Notice
        from .selectors import forget_notices
        from .services import link_new_ticket

        # A ticket filed while a notice of its category is open is linked to the notice.
        ticket_filed.connect(link_new_ticket, dispatch_uid="notices-link-new-ticket")
        # Filing reads the notices from each process's copy (notices_filed_about).
        post_save.connect(forget_notices, sender=Notice, dispatch_uid="notices-forget-save")
        post_delete.connect(forget_notices, sender=Notice, dispatch_uid="notices-forget-del")
        m2m_changed.connect(
            forget_notices, sender=Notice.categories.through, dispatch_uid="notices-forget-m2m"
        )
