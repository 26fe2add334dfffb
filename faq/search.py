"""How a search box's words become search terms, the same way on every database.

Korean is written with or without spaces ("배송지연", "배송 지연") and glues particles to
words ("환불은"); English has plurals. Terms therefore come in variants, and long Korean
words also as syllable pairs, so "배송지연" still finds "배송이 지연되면".

People also type half a word and mistype. The last word may be one syllable, the word
being typed ("환" for 환불); a word found nowhere in the titles, tags and category keywords is
compared with their words letter by letter, Korean spelt out in jamo so that "홤불" is one
edit from "환불" (ㅁ for ㄴ), and the nearest become extra spellings of it (``fixes``).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace

from .models import SQUEEZED_CHARACTERS

MAX_QUERY_LENGTH = 100
MAX_TERMS = 8
HANGUL = re.compile(r"[\uac00-\ud7a3]")
HANGUL_SYLLABLE = re.compile(r"^[\uac00-\ud7a3]$")
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


# Words the articles rarely use, searched as the words they do use ("지연" as 늦어지다).
SYNONYMS = {
    "지연": ("늦",),
    "변경": ("바꾸", "바꿀"),
    "shipping": ("delivery",),
    "shipment": ("delivery",),
    "package": ("parcel",),
    "delayed": ("late",),
    "delay": ("late",),
    "money": ("refund",),
    "reimburse": ("refund",),
    "reimbursement": ("refund",),
    "sold": ("stock",),
    "seller": ("store",),
}


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
    # Words found in no title, with the title words a typo away: they rank below exact hits.
    fixes: tuple[Term, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.terms)


def normalize(query: str) -> str:
    """Lower case, NFKC (full-width letters, compatibility jamo), words separated by one space."""
    text = unicodedata.normalize("NFKC", query or "")[:MAX_QUERY_LENGTH].lower()
    for character in SQUEEZED_CHARACTERS:
        text = text.replace(character, " ")
    return " ".join(SEPARATORS.sub(" ", text).replace("_", " ").split())


def _spellings(word: str) -> tuple[str, ...]:
    """The word, and without its particle or plural s."""
    variants = [word]
    if HANGUL.search(word):
        for particle in PARTICLES:
            if word.endswith(particle) and len(word) - len(particle) >= 2:
                variants.append(word[: -len(particle)])
                break
    elif len(word) >= 5 and word.endswith("s") and not word.endswith("ss"):
        variants.append(word[:-1])
    return tuple(variants)


def _variants(word: str) -> tuple[str, ...]:
    spellings = _spellings(word)
    return spellings + SYNONYMS.get(spellings[-1], ())


def _keeps(word: str, *, last: bool = False) -> bool:
    if word in STOP_WORDS:
        return False
    # One syllable is the start of the word being typed, so only at the end of the query.
    return len(word) >= 2 or word.isdigit() or (last and bool(HANGUL_SYLLABLE.match(word)))


def search_terms(query: str) -> SearchTerms:
    text = normalize(query)
    split = text.split()
    kept = (word for i, word in enumerate(split) if _keeps(word, last=i == len(split) - 1))
    words = list(dict.fromkeys(kept))[:MAX_TERMS]
    terms = tuple(Term(word, _variants(word)) for word in words)
    pairs: list[str] = []
    for term in terms:
        for run in HANGUL_RUN.findall(_spellings(term.word)[-1]):
            pairs += [run[i : i + 2] for i in range(len(run) - 1)]
    return SearchTerms(
        text=text,
        terms=terms,
        compact="".join(word for word in text.split() if word not in STOP_WORDS),
        syllable_pairs=tuple(dict.fromkeys(pairs)),
        typo_words=tuple(w for w in words if w.isascii() and w.isalpha() and len(w) >= 4),
    )


@functools.lru_cache(maxsize=50_000)  # a pure function of its text: nothing to go stale
def jamo(text: str) -> str:
    """Hangul syllables spelt out as their jamo (환 → ᄒ ᅪ ᆫ); other letters unchanged."""
    return unicodedata.normalize("NFD", text)


def edit_distance(a: str, b: str, *, limit: int | None = None) -> int:
    """Insertions, deletions, substitutions and swaps of neighbours turning a into b; past
    ``limit``, any number above it (the comparison stops as soon as it is certain)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        if limit is not None and min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def allowed_edits(spelt: str) -> int:
    """Edits a word may be away from a title word: none for short words, which too many
    words are near; one from four letters or jamo (two syllables), two from eight."""
    return 0 if len(spelt) < 4 else 1 if len(spelt) < 8 else 2


def vocabulary(texts: Iterable[str]) -> frozenset[str]:
    """The words of titles, tags and category keywords, with their particles cut."""
    words: set[str] = set()
    for text in texts:
        for word in normalize(text).split():
            if _keeps(word) and not word.isdigit():
                words.update(_spellings(word))
    return frozenset(words)


def _is_known(variant: str, words: frozenset[str]) -> bool:
    if variant in words:
        return True
    if HANGUL.search(variant):
        return any(variant in word for word in words)
    return any(word.startswith(variant) for word in words)


def _nearest(word: str, words: frozenset[str], *, limit: int = 3) -> tuple[str, ...]:
    spelt = jamo(word)
    allowed = allowed_edits(spelt)
    if not allowed:
        return ()
    found: dict[str, int] = {}
    for candidate in words:
        # A title word or its start as long as the typed word ("입점하려면" for "입덤").
        for shown in {candidate, candidate[: len(word)]}:
            other = jamo(shown)
            if abs(len(other) - len(spelt)) > allowed or shown == word:
                continue
            distance = edit_distance(spelt, other, limit=allowed)
            if distance <= allowed and distance < found.get(shown, allowed + 1):
                found[shown] = distance
    return tuple(sorted(found, key=lambda shown: (found[shown], -len(shown), shown))[:limit])


def with_fixes(terms: SearchTerms, words: frozenset[str]) -> SearchTerms:
    """The terms, with the title words a typo away from each word found in no title."""
    fixes = []
    for term in terms.terms:
        if any(_is_known(variant, words) for variant in term.variants):
            continue
        nearest = _nearest(_spellings(term.word)[-1], words)
        if nearest:
            fixes.append(Term(term.word, nearest))
    return replace(terms, fixes=tuple(fixes))
