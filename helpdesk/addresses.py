"""Who is asking, by network address: one answer for rate limits, API throttles, the login
lockout (django-axes) and the audit trail.

Behind ``settings.NUM_PROXIES`` trusted proxies the address is the one the outermost of
them saw (counted from the right of X-Forwarded-For, which a client can prepend to but not
append to); with none, REMOTE_ADDR alone, and X-Forwarded-For is never trusted.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings


def client_address(request: Any) -> str | None:
    """The client's address, or None when the request carries none."""
    meta = getattr(request, "META", None) or {}
    remote = str(meta.get("REMOTE_ADDR") or "").strip() or None
    proxies = int(getattr(settings, "NUM_PROXIES", 0) or 0)
    forwarded = str(meta.get("HTTP_X_FORWARDED_FOR") or "")
    if proxies <= 0 or not forwarded.strip():
        return remote
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if not hops:
        return remote
    chosen = hops[-min(proxies, len(hops))]
    try:  # fewer hops than proxies: the client wrote this one, and it may be anything
        return str(ipaddress.ip_address(chosen))
    except ValueError:
        return remote
