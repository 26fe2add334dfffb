"""The community's inverted index: the tokens a question's search columns hold, and the
tokens a search term needs, so that PostgreSQL narrows a search by a GIN index before it
checks the FAQ's conditions (faq.selectors._contains) on the few questions left.

A question holds every pair of neighbouring characters of ``search_compact`` ("배송", "송지")
and, marked with ``*``, the first syllable of each Korean word and the first one or two
letters of each Latin word, in either column. A term needs what any text it matches must
hold: the pairs of a part of a word (LIKE '%배송지연%'), the start of a word and its pairs
(a regex anchored to a word start). Needing proves nothing: the conditions still decide.
"""

from __future__ import annotations

import math
import re
from itertools import combinations, pairwise

# Never in search_compact (whitespace and * are squeezed out): a start token is never a pair.
WORD_START = "*"
LATIN_WORD = re.compile(r"^[a-z0-9]+$")  # as faq.selectors._contains tells them apart
# Past this many ways of choosing the syllable pairs a long word needs, any one of them will do.
MAX_PAIR_CHOICES = 16


def _is_hangul(character: str) -> bool:
    return "가" <= character <= "힣"


def _is_latin(character: str) -> bool:
    return "a" <= character <= "z" or "0" <= character <= "9"


def _starts(text: str) -> set[str]:
    """The word starts as the regexes (^|[^가-힣])X and (^|[^a-z0-9])X see them."""
    found: set[str] = set()
    previous = ""
    for i, character in enumerate(text):
        if _is_hangul(character) and not _is_hangul(previous):
            found.add(WORD_START + character)
        elif _is_latin(character) and not _is_latin(previous):
            found.add(WORD_START + character)
            if i + 1 < len(text) and _is_latin(text[i + 1]):
                found.add(WORD_START + text[i : i + 2])
        previous = character
    return found


def search_grams(text: str, compact: str) -> str:
    """The tokens of a question's search_text and search_compact, space separated, sorted."""
    grams = {a + b for a, b in pairwise(compact)} | _starts(text) | _starts(compact)
    return " ".join(sorted(grams))


def needed_grams(variant: str) -> list[str] | None:
    """Tokens every question that _contains(variant) finds holds, in either column; None when
    no token says so (a lone character found anywhere): then only the conditions can tell."""
    if len(variant) == 1 and (_is_hangul(variant) or _is_latin(variant)):
        return [WORD_START + variant]
    pairs = [a + b for a, b in pairwise(variant)]
    if LATIN_WORD.match(variant):
        return [WORD_START + variant[:2], *dict.fromkeys(pairs)]
    return list(dict.fromkeys(pairs)) or None


def pair_choices(pairs: tuple[str, ...], needed: int) -> list[list[str]] | None:
    """The sets of syllable pairs of which a question holding ``needed`` of ``pairs`` holds
    one whole; None when there are too many ways, and any one pair must do."""
    if math.comb(len(pairs), needed) > MAX_PAIR_CHOICES:
        return None
    return [list(chosen) for chosen in combinations(pairs, needed)]
