"""The case details a category asks for: one definition serves the web form, the API and the
service that validates them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrPromise

from accounts.models import Store
from accounts.selectors import stores_named
from catalog.fields import FIELD_LABELS
from catalog.models import Category
from helpdesk import copies

# Spaces and dashes people type in an order number ("2026-1114-1234-5678", "2026 1114 ..."),
# the Unicode dashes and the full-width space included; order numbers are stored as digits.
ORDER_NUMBER_NOISE = re.compile(r"[\s\-\u2010-\u2015\u2212\uff0d]")


def normalise_order_number(value: object) -> str:
    """An order number as stored and compared: its digits, without spaces and dashes."""
    return ORDER_NUMBER_NOISE.sub("", str(value or ""))


class OrderNumberField(forms.CharField):
    """Accepts the order number in any spelling; validated and cleaned as digits."""

    def to_python(self, value: Any) -> str:
        return normalise_order_number(super().to_python(value))


class PaymentMethod:
    CHOICES = [
        ("card", _("Credit or debit card")),
        ("bank_transfer", _("Bank transfer")),
        ("virtual_account", _("Virtual account")),
        ("easy_pay", _("Easy pay (Naver Pay, Kakao Pay)")),
        ("mobile", _("Mobile phone billing")),
        ("points", _("Points")),
    ]


@dataclass(frozen=True)
class DetailField:
    name: str
    label: StrPromise
    help_text: StrPromise

    def form_field(self, *, required: bool) -> forms.Field:
        match self.name:
            case "order_number":
                return OrderNumberField(
                    label=self.label,
                    help_text=self.help_text,
                    required=required,
                    # Room for the dashes and spaces of a copied number; checked without them.
                    max_length=40,
                    validators=[
                        RegexValidator(
                            r"^\d{8,20}$",
                            _(
                                "Enter the order number as 8 to 20 digits, "
                                "as shown in your order history."
                            ),
                        )
                    ],
                    widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
                )
            case "tracking_number":
                return forms.CharField(
                    label=self.label,
                    help_text=self.help_text,
                    required=required,
                    max_length=24,
                    validators=[
                        RegexValidator(
                            r"^[A-Za-z0-9]{8,20}$",
                            _("Enter the tracking number as 8 to 20 letters or digits."),
                        )
                    ],
                    widget=forms.TextInput(attrs={"autocomplete": "off"}),
                )
            case "store_id":
                return forms.CharField(
                    label=self.label,
                    help_text=self.help_text,
                    required=required,
                    max_length=40,
                    widget=forms.TextInput(attrs={"autocomplete": "off", "list": "store-list"}),
                )
            case "payment_method":
                return forms.ChoiceField(
                    label=self.label,
                    help_text=self.help_text,
                    required=required,
                    choices=[("", _("Choose one")), *PaymentMethod.CHOICES],
                )
            case "amount":
                return forms.IntegerField(
                    label=self.label,
                    help_text=self.help_text,
                    required=required,
                    min_value=1,
                    max_value=1_000_000_000,
                    error_messages={
                        "invalid": _("Enter the amount in won, digits only."),
                        "min_value": _("The amount must be at least 1 won."),
                        "max_value": _("The amount is too large."),
                    },
                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                )
            case _:
                return forms.CharField(
                    label=self.label, help_text=self.help_text, required=required, max_length=120
                )


DETAIL_FIELDS: dict[str, DetailField] = {
    field.name: field
    for field in [
        DetailField("order_number", FIELD_LABELS["order_number"], _("16 digits, in My orders.")),
        DetailField(
            "product_name", FIELD_LABELS["product_name"], _("As shown on the product page.")
        ),
        DetailField(
            "store_id", FIELD_LABELS["store_id"], _("Choose the store from the list (its ID).")
        ),
        DetailField(
            "tracking_number", FIELD_LABELS["tracking_number"], _("From the delivery notice.")
        ),
        DetailField("payment_method", FIELD_LABELS["payment_method"], _("How you paid.")),
        DetailField("amount", FIELD_LABELS["amount"], _("The amount charged or to refund.")),
    ]
}


def category_fields(category: Category) -> list[tuple[DetailField, bool]]:
    """The category's detail fields with whether each is required, in the category's order."""
    result = []
    for spec in category.fields or []:
        field = DETAIL_FIELDS.get(str(spec.get("name")))
        if field is not None:
            result.append((field, bool(spec.get("required"))))
    return result


REQUIRED_MESSAGE = _("Please fill this in.")


def mark_required(form: forms.Form) -> None:
    """Required fields say so to screen readers too (aria-required beside the required
    attribute), and an empty one asks to be filled in (its label is shown beside it)."""
    for field in form.fields.values():
        if field.required and not field.widget.is_hidden:
            field.widget.attrs["aria-required"] = "true"
            field.error_messages["required"] = REQUIRED_MESSAGE


class DetailsForm(forms.Form):
    """The details of one category's case; prefix "details" keeps names apart from the ticket's."""

    def __init__(self, category: Category, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "details")
        super().__init__(*args, **kwargs)
        self.category = category
        for field, required in category_fields(category):
            self.fields[field.name] = field.form_field(required=required)

    def clean_store_id(self) -> str:
        value = (self.cleaned_data.get("store_id") or "").strip()
        if value and find_store(value) is None:
            if stores_named(value).exists():
                raise forms.ValidationError(
                    _("More than one store answers to this name. Choose the store by its ID.")
                )
            raise forms.ValidationError(
                _("No store has this seller ID or name. Check the spelling.")
            )
        return value


# Stores by what people typed, kept in this process for the current reference generation (a
# saved or deleted store starts a new one; helpdesk.copies): filing reads the store three
# times (the form, the service's validation, the ticket), and the same few stores are named
# all day.
_stores: copies.Copies[Store | None] = copies.Copies("stores", kept=2048)


def find_store(value: str) -> Store | None:
    value = value.strip()
    if not value:
        return None
    return _stores.get_or_build(value.casefold(), partial(_read_store, value))


def _read_store(value: str) -> Store | None:
    # By seller ID or name, only when exactly one store answers to it: with a value that is
    # one store's ID and another's name (older data), nobody gets the inquiry by guesswork.
    matches = list(stores_named(value)[:2])
    return matches[0] if len(matches) == 1 else None


def validate_details(
    category: Category, raw: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Clean raw details (unprefixed names); returns (details, errors by field name)."""
    data = {f"details-{key}": value for key, value in raw.items()}
    form = DetailsForm(category, data)
    if not form.is_valid():
        return {}, {name: [str(e) for e in errors] for name, errors in form.errors.items()}
    details = {key: value for key, value in form.cleaned_data.items() if value not in (None, "")}
    return details, {}


def detail_label(name: str) -> str:
    field = DETAIL_FIELDS.get(name)
    return str(field.label) if field else name


def detail_display(name: str, value: Any) -> str:
    if name == "payment_method":
        return str(dict(PaymentMethod.CHOICES).get(str(value), value))
    if name == "amount":
        try:
            return f"{int(value):,}"
        except (TypeError, ValueError):
            return str(value)
    return str(value)
