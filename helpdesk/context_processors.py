import functools
from typing import Any

from django.http import HttpRequest

from accounts.models import User
from accounts.selectors import member_store_ids


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Which sections the navigation offers this person."""
    user = getattr(request, "user", None)
    is_agent = bool(user and user.is_authenticated and getattr(user, "is_agent", False))
    is_seller = bool(user and user.is_authenticated and getattr(user, "is_seller", False))
    return {
        "nav_is_agent": is_agent,
        "nav_is_supervisor": bool(is_agent and getattr(user, "is_supervisor", False)),
        "nav_is_seller": is_seller,
        # A store's notices (its requests and reminders), counted only where shown: sellers.
        # (a callable: the template calls it once, in a {% with %}, only when it shows it)
        "nav_unread": functools.cache(lambda: _unread(user)) if is_seller else 0,
        # Called only where a template asks (a seller's navigation): one read of their stores.
        "nav_has_store": lambda: bool(isinstance(user, User) and member_store_ids(user)),
    }


def _unread(user: Any) -> int:
    from tickets.selectors import unread_notification_count

    return unread_notification_count(user)
