"""Korean phone numbers: which are valid, how they are written, and how they are masked.

Mobile 010 (and the old 011, 016-019), Seoul 02, the regional area codes 031-064, internet
phones 070, and the nationwide business numbers 15xx/16xx/18xx (1588-1234). A leading +82
or 82 stands for the 0 of the area code."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

AREA_CODES = frozenset(
    {"02", "031", "032", "033", "041", "042", "043", "044", "051", "052", "053", "054", "055"}
    | {"061", "062", "063", "064", "070"}
)
MOBILE = re.compile(r"^(01[016789])(\d{3,4})(\d{4})$")
SEOUL = re.compile(r"^(02)([1-9]\d{2,3})(\d{4})$")
REGIONAL = re.compile(r"^(0\d{2})([1-9]\d{2,3})(\d{4})$")
BUSINESS = re.compile(r"^(1[568]\d{2})(\d{4})$")
SEPARATORS = re.compile(r"[\s.\-()]")


def normalize_phone(raw: str) -> str:
    """The number written the Korean way (010-1234-5678), or ValidationError."""
    digits = SEPARATORS.sub("", raw or "")
    if digits.startswith("+82"):
        digits = "0" + digits[3:].lstrip("0")
    elif digits.startswith("82") and len(digits) >= 11:
        digits = "0" + digits[2:].lstrip("0")
    if not digits.isdigit():
        raise ValidationError(
            _("Enter a phone number with digits only, e.g. 010-1234-5678."), code="invalid"
        )
    if match := MOBILE.match(digits):
        return "-".join(match.groups())
    if match := SEOUL.match(digits):
        return "-".join(match.groups())
    if (match := REGIONAL.match(digits)) and match.group(1) in AREA_CODES:
        return "-".join(match.groups())
    if match := BUSINESS.match(digits):
        return "-".join(match.groups())
    raise ValidationError(
        _(
            "This is not a Korean phone number we can call: use a mobile number "
            "(010-1234-5678), a landline with its area code (02-123-4567) or a 1588-style number."
        ),
        code="invalid",
    )


def masked_phone(phone: str) -> str:
    """Everything but the area code and the last four digits hidden: 010-****-5678; a
    business number keeps its prefix only: 1588-****."""
    if not phone:
        return ""
    parts = phone.split("-")
    if len(parts) == 3:
        return f"{parts[0]}-{'*' * len(parts[1])}-{parts[2]}"
    if len(parts) == 2:
        return f"{parts[0]}-****"
    return "*" * max(len(phone) - 4, 0) + phone[-4:]
