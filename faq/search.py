"""How a search box's words become search terms, the same way on every database.

Korean is written with or without spaces ("배송지연", "배송 지연") and glues particles to
words ("환불은"); English has plurals. Terms therefore come in variants, and long Korean
words also as syllable pairs, so "배송지연" still finds "배송이 지연되면".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .models import SQUEEZED_CHARACTERS

MAX_QUERY_LENGTH = 100
MAX_TERMS = 8
HANGUL = re.compile(r"[\uac00-\ud7a3]")
HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]{3,}")
# Punctuation and symbols separate words; letters, digits and "-" (as in 3-7) stay.
SEPARATORS = re.compile(r"[^\w\-]+")
# Longest first: "에서" before "에".
PARTICLES = (
    *("에서는", "으로는"),
    *("으로", "에서", "에게", "까지", "부터", "처럼", "이나", "이랑"),
    *("은", "는", "이", "가", "을", "를", "에", "의", "도", "만", "로", "와", "과", "요"),
)
STOP_WORDS = frozenset(
    (
        *("a", "an", "the", "to", "of", "for", "in", "on", "at", "by", "my", "me", "i", "im"),
        *("is", "are", "was", "be", "been", "it", "its", "do", "does", "did", "how", "what"),
        *("when", "where", "why", "who", "can", "could", "should", "would", "will", "and"),
        *("or", "not", "no", "with", "from", "this", "that", "there", "have", "has", "had"),
        *("get", "got", "please"),
    )
)


@dataclass(frozen=True)
class Term:
    """A word of the query with the spellings that count as a hit."""

    word: str
    variants: tuple[str, ...]


@dataclass(frozen=True)
class SearchTerms:
    text: str  # normalised words joined by one space: what a search log keeps
    terms: tuple[Term, ...]
    compact: str  # the words without spaces, to find "배송 지연" from "배송지연"
    syllable_pairs: tuple[str, ...]  # of the long Korean words
    typo_words: tuple[str, ...]  # Latin words long enough for trigram similarity

    def __bool__(self) -> bool:
        return bool(self.terms)


def normalize(query: str) -> str:
    """Lower case, NFKC (full-width letters, compatibility jamo), words separated by one space."""
    text = unicodedata.normalize("NFKC", query or "")[:MAX_QUERY_LENGTH].lower()
    for character in SQUEEZED_CHARACTERS:
        text = text.replace(character, " ")
    return " ".join(SEPARATORS.sub(" ", text).replace("_", " ").split())


def _variants(word: str) -> tuple[str, ...]:
    variants = [word]
    if HANGUL.search(word):
        for particle in PARTICLES:
            if word.endswith(particle) and len(word) - len(particle) >= 2:
                variants.append(word[: -len(particle)])
                break
    elif len(word) >= 5 and word.endswith("s") and not word.endswith("ss"):
        variants.append(word[:-1])
    return tuple(variants)


def _keeps(word: str) -> bool:
    if word in STOP_WORDS:
        return False
    return len(word) >= 2 or word.isdigit()


def search_terms(query: str) -> SearchTerms:
    text = normalize(query)
    words = list(dict.fromkeys(word for word in text.split() if _keeps(word)))[:MAX_TERMS]
    terms = tuple(Term(word, _variants(word)) for word in words)
    pairs: list[str] = []
    for term in terms:
        for run in HANGUL_RUN.findall(term.variants[-1]):
            pairs += [run[i : i + 2] for i in range(len(run) - 1)]
    return SearchTerms(
        text=text,
        terms=terms,
        compact="".join(word for word in text.split() if word not in STOP_WORDS),
        syllable_pairs=tuple(dict.fromkeys(pairs)),
        typo_words=tuple(w for w in words if w.isascii() and w.isalpha() and len(w) >= 4),
    )
