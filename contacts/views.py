"""The contact directory: which channel suits a situation, and whether it is open now."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from catalog.fields import fields_to_prepare
from catalog.models import Audience, Category
from helpdesk.http import HtmxHttpRequest

from .models import ContactChannel
from .presentation import channel_card
from .selectors import (
    active_channels,
    channel_statuses,
    channels_for_category,
    measured_wait_source,
)


def _situations() -> list[Category]:
    # Public information: prospective sellers look for "seller registration" too.
    return list(Category.objects.filter(is_active=True))


@require_GET
@vary_on_headers("HX-Request")
def index(request: HtmxHttpRequest) -> HttpResponse:
    now = timezone.now()
    situations = _situations()
    slug = request.GET.get("category", "")
    category = next((item for item in situations if item.slug == slug), None)
    measured_wait = measured_wait_source()
    picked = []
    if category is not None:
        picked = [
            channel_card(status, now)
            for status in channels_for_category(category, now, measured_wait=measured_wait)
        ]
    context = {
        "now": now,
        "situations": situations,
        "buyer_situations": [s for s in situations if s.audience != Audience.SELLER],
        "seller_situations": [s for s in situations if s.audience == Audience.SELLER],
        "category": category,
        "picked": picked,
        "prepare": fields_to_prepare(category) if category else [],
    }
    if request.htmx and request.htmx.target == "situation-result":
        return render(request, "contacts/index.html#situation", context)
    channels = active_channels().prefetch_related(
        Prefetch("categories", queryset=Category.objects.filter(is_active=True))
    )
    by_category: dict[int, list[ContactChannel]] = {}
    for channel in channels:
        for served in channel.categories.all():
            by_category.setdefault(served.pk, []).append(channel)
    context["directory"] = [
        channel_card(status, now) for status in channel_statuses(now, measured_wait=measured_wait)
    ]
    context["summary"] = [
        (item, by_category.get(item.pk, []), fields_to_prepare(item)) for item in situations
    ]
    return render(request, "contacts/index.html", context)
