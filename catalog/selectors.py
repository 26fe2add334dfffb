"""Categories as people may choose them."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from accounts.models import User

from .models import Audience, Category


def categories_for(user: User | AnonymousUser) -> QuerySet[Category]:
    """Active categories for this person: sellers see seller matters too, buyers do not."""
    categories = Category.objects.filter(is_active=True).select_related("queue")
    if user.is_authenticated and isinstance(user, User) and (user.is_seller or user.is_agent):
        return categories
    return categories.exclude(audience=Audience.SELLER)
