"""Response times as people read them: ``{{ minutes|business_duration }}`` and the expected
wait of a category (``{% expected_wait category as wait %}``)."""

from __future__ import annotations

from django import template

from catalog.durations import business_duration
from catalog.models import Category

from ..selectors import ExpectedWait, expected_first_response

register = template.Library()

register.filter("business_duration", business_duration)


@register.simple_tag
def expected_wait(category: Category | None) -> ExpectedWait | None:
    """The online inquiry's expected wait (of the category, or of all when None)."""
    return expected_first_response(category)
