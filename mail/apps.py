from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "mail"
    verbose_name = _("E-mail in")

    def ready(self) -> None:
        # Provider webhooks (django-anymail) hand their messages to the same intake.
        from anymail.signals import inbound

        from . import webhooks

        inbound.connect(webhooks.store_webhook_message, dispatch_uid="mail.inbound")
