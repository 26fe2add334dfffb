"""Contact channel reads, shared by pages and the API."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import ContactChannel


def active_channels() -> QuerySet[ContactChannel]:
    return ContactChannel.objects.filter(is_active=True).select_related("calendar")


def contact_teaser() -> list[ContactChannel]:
    return list(active_channels()[:4])
