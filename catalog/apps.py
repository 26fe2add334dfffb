from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = _("Categories, queues and business hours")

    def ready(self) -> None:
        from . import reference  # noqa: F401 - connects the cache's receivers
