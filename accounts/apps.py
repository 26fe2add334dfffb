from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("People and stores")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from .models import StoreMembership
        from .selectors import forget_store_ids

        # A person's stores are read once per person object (selectors.member_store_ids).
        post_save.connect(forget_store_ids, sender=StoreMembership, dispatch_uid="store-ids")
        post_delete.connect(forget_store_ids, sender=StoreMembership, dispatch_uid="store-ids")
