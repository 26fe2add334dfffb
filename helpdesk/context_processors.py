from typing import Any

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Which sections the navigation offers this person."""
    user = getattr(request, "user", None)
    is_agent = bool(user and user.is_authenticated and getattr(user, "is_agent", False))
    return {
        "nav_is_agent": is_agent,
        "nav_is_supervisor": bool(is_agent and getattr(user, "is_supervisor", False)),
        "nav_is_seller": bool(user and user.is_authenticated and getattr(user, "is_seller", False)),
    }
