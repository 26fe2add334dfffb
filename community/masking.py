"""Personal data typed into a public post, masked before the post is stored.

People paste their order number, phone number or e-mail address into a question ("my order
2026111412345678 never came, call me on 010-1234-5678"). A public board is the wrong place
for them: the service masks them before anything is saved and tells the author what it
masked. Patterns are deliberately broad; masking a harmless number costs less than showing
a real one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

# The mask: not "*", which Markdown would read as emphasis ("010-****-****" shows as "010--").
MASK = "•"
EMAIL = re.compile(r"(?<![\w.+-])([\w.+-])[\w.+-]*@[\w-]+(?:\.[\w-]+)*\.([a-z]{2,})", re.I)
# Korean mobile and landline numbers, with or without +82, separated by -, . or spaces.
PHONE = re.compile(
    r"(?<![\d•])(?:\+82[\s.-]?0?|0)(1[016789]|2|[3-6][1-5]|70|50\d?)[\s.-]?\d{3,4}[\s.-]?\d{4}(?![\d•])"
)
# Order numbers: 8 to 20 digits (the inquiry form's rule), or groups of digits joined by
# hyphens or spaces that add up to 12 or more (a date, 2026-11-14, has only 8).
DIGITS = re.compile(r"(?<![\d•])\d{8,20}(?![\d•])")
GROUPED_DIGITS = re.compile(r"(?<![\d•-])\d{2,8}(?:[ -]\d{2,8}){1,5}(?![\d•])")


@dataclass(frozen=True)
class Masked:
    text: str
    counts: dict[str, int] = field(default_factory=dict)  # {"email": 1, "phone": 1, ...}

    def __bool__(self) -> bool:
        return bool(self.counts)


def _stars(text: str, keep_end: int = 0) -> str:
    """Every digit masked but the last ``keep_end`` ones; separators stay."""
    digits = sum(character.isdigit() for character in text)
    seen, out = 0, []
    for character in text:
        if character.isdigit():
            seen += 1
            out.append(character if seen > digits - keep_end else MASK)
        else:
            out.append(character)
    return "".join(out)


def mask_personal_data(text: str) -> Masked:
    """The text with e-mail addresses, phone numbers and order numbers masked, and how many
    of each were found."""
    counts: Counter[str] = Counter()

    def email(match: re.Match[str]) -> str:
        counts["email"] += 1
        return f"{match.group(1)}{MASK * 3}@{MASK * 3}.{match.group(2)}"

    def phone(match: re.Match[str]) -> str:
        counts["phone"] += 1
        number = match.group(0)
        prefix_end = match.end(1) - match.start(0)  # the area or mobile code stays
        return number[:prefix_end] + _stars(number[prefix_end:])

    def order(match: re.Match[str]) -> str:
        if sum(character.isdigit() for character in match.group(0)) < 8:
            return match.group(0)
        counts["order_number"] += 1
        return _stars(match.group(0), keep_end=4)

    def grouped(match: re.Match[str]) -> str:
        if sum(character.isdigit() for character in match.group(0)) < 12:
            return match.group(0)
        return order(match)

    text = EMAIL.sub(email, text)
    text = PHONE.sub(phone, text)
    text = GROUPED_DIGITS.sub(grouped, text)
    text = DIGITS.sub(order, text)
    return Masked(text, dict(counts))
