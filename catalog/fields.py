"""Names of the case details a category asks for, as people read them.

Shared by the inquiry form and the contact directory's "prepare this first"; the form's
validation lives in tickets/details.py.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrPromise

from .models import Category

FIELD_LABELS: dict[str, StrPromise] = {
    "order_number": _("Order number"),
    "product_name": _("Product name"),
    "store_id": _("Store (seller ID)"),
    "tracking_number": _("Tracking number"),
    "payment_method": _("Payment method"),
    "amount": _("Amount (won)"),
}


def fields_to_prepare(category: Category) -> list[tuple[str, bool]]:
    """The category's details as (label, required), in the category's order."""
    result = []
    for spec in category.fields or []:
        label = FIELD_LABELS.get(str(spec.get("name")))
        if label is not None:
            result.append((str(label), bool(spec.get("required"))))
    return result
