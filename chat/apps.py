from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatConfig(AppConfig):
    name = "chat"
    verbose_name = _("Live chat")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from contacts.models import ContactChannel

        from . import offer

        # The chat button's cached offer names the chat channel and its hours.
        post_save.connect(offer.forget, sender=ContactChannel, dispatch_uid="chat-offer-save")
        post_delete.connect(offer.forget, sender=ContactChannel, dispatch_uid="chat-offer-del")
