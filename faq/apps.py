from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FaqConfig(AppConfig):
    name = "faq"
    verbose_name = _("FAQ")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from catalog.models import Category

        from .models import Article
        from .selectors import forget_searches

        # Cached search results (selectors.search_articles) follow every saved change.
        for model in (Article, Category):
            uid = f"faq-search-{model.__name__}"
            post_save.connect(forget_searches, sender=model, dispatch_uid=uid)
            post_delete.connect(forget_searches, sender=model, dispatch_uid=uid)
