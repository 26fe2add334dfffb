"""Categories as people may choose them."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from accounts.models import User

from . import reference
from .models import Audience, Category


def categories_for(user: User | AnonymousUser) -> QuerySet[Category]:
    """Active categories for this person: sellers see seller matters too, buyers do not."""
    categories = Category.objects.filter(is_active=True).select_related("queue")
    if _sees_seller_matters(user):
        return categories
    return categories.exclude(audience=Audience.SELLER)


def _sees_seller_matters(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and isinstance(user, User) and (user.is_seller or user.is_agent)


def category_choices(user: User | AnonymousUser) -> list[Category]:
    """categories_for as a list, from the cached reference data (no query)."""
    sees_all = _sees_seller_matters(user)
    return [
        category
        for category in reference.active_categories()
        if sees_all or category.audience != Audience.SELLER
    ]


def category_named(user: User | AnonymousUser, slug: str) -> Category | None:
    """The active category ``slug`` if this person may choose it (no query)."""
    return next((category for category in category_choices(user) if category.slug == slug), None)
