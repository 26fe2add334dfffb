from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community")

    def ready(self) -> None:
        # The help center's one search box shows community answers beside the FAQ's articles;
        # the FAQ learns of them here, so it never imports this app.
        from faq import sources

        from . import selectors

        sources.register(selectors.search_answers)
