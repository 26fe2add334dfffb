"""How alike two subjects are, where the database cannot say: character bigrams (Korean has
no spaces to rely on, and "배송 지연" is "배송지연"), compared with the Dice coefficient.
PostgreSQL answers the same question with pg_trgm's word_similarity (askonce.selectors)."""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def bigrams(text: str) -> set[str]:
    """The text's character pairs, case and spacing ignored (NFC, as stored)."""
    squeezed = _NOT_WORD.sub("", unicodedata.normalize("NFC", text).casefold())
    if len(squeezed) < 2:
        return {squeezed} if squeezed else set()
    return {squeezed[index : index + 2] for index in range(len(squeezed) - 1)}


def similarity(one: str, other: str) -> float:
    """0 (nothing alike) to 1 (the same words)."""
    first, second = bigrams(one), bigrams(other)
    if not first or not second:
        return 0.0
    return 2 * len(first & second) / (len(first) + len(second))
