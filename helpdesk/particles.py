"""Korean particles that follow the word before them: 이/가, 은/는, 을/를, (으)로, 와/과.

A Korean catalog string writes the particle after a value in its combined form ("%(reference)s
이(가)" without the space, "%(priority)s(으)로"); ``resolve`` picks the right form once the value
is in, from how the word before it is read aloud. What cannot be told (an English word of
unclear reading) keeps the combined form, which Korean readers accept.
"""

from __future__ import annotations

import re
from typing import Literal

Final = Literal["none", "rieul", "other"]

# Each particle: (after a final consonant, after a vowel); ㄹ takes the vowel form of (으)로.
PAIRS: dict[str, tuple[str, str]] = {
    "이": ("이", "가"),
    "가": ("이", "가"),
    "은": ("은", "는"),
    "는": ("은", "는"),
    "을": ("을", "를"),
    "를": ("을", "를"),
    "과": ("과", "와"),
    "와": ("과", "와"),
    "으로": ("으로", "로"),
    "로": ("으로", "로"),
}
COMBINED = {"이": "이(가)", "은": "은(는)", "을": "을(를)", "과": "와(과)", "으로": "(으)로"}

# How a digit is read as the last one of a number: 일 and 칠 and 팔 end in ㄹ.
DIGITS: dict[str, Final] = {
    "1": "rieul",
    "2": "none",
    "3": "other",
    "4": "none",
    "5": "none",
    "6": "other",
    "7": "rieul",
    "8": "rieul",
    "9": "none",
}
# Letter names as Koreans say them: 엘, 알 end in ㄹ; 엠, 엔 in another consonant.
LETTERS: dict[str, Final] = {
    **dict.fromkeys("ABCDEFGHIJKOPQSTUVWXYZ", "none"),
    "L": "rieul",
    "R": "rieul",
    "M": "other",
    "N": "other",
}
# What may stand between the word and its particle: closing quotes and brackets, tags.
_TRAILING = re.compile(r"(?:<[^>]*>|[\s\"'\u201d\u2019)\]}\u00bb\u203a.,!?:;\u00b7\u2026\-_/])+$")
_LAST_WORD = re.compile(r"([0-9]+|[A-Za-z]+|[가-힣])$")


def final_sound(word: str) -> Final | None:
    """How the last syllable of ``word`` ends when read aloud; None when unknown."""
    word = _TRAILING.sub("", str(word))
    found = _LAST_WORD.search(word)
    if found is None:
        return None
    last = found.group(1)
    if "가" <= last <= "힣":
        tail = (ord(last) - 0xAC00) % 28
        return "none" if tail == 0 else "rieul" if tail == 8 else "other"
    if last.isdigit():
        number = last.lstrip("0")
        if not number:
            return "other"  # 영
        if number.endswith("0"):
            return "other"  # 십, 백, 천, 만, 억
        return DIGITS[number[-1]]
    if last.isupper() or len(last) == 1:  # an acronym: letter by letter
        return LETTERS[last[-1].upper()]
    return _english_word(last.lower())


def _english_word(word: str) -> Final | None:
    """The final sound of a common English word as written in Hangul, when it is clear."""
    if word.endswith("l"):
        return "rieul"  # email 이메일, mail 메일
    if word.endswith(("m", "n", "ng")):
        return "other"  # form 폼, admin 어드민, shipping 쉬핑
    if word.endswith(("a", "i", "o", "u", "y", "er", "or", "ar", "ee")):
        return "none"  # data 데이터, menu 메뉴, server 서버
    return None


def particle(word: str, kind: str) -> str:
    """The particle ``kind`` (either form: "이" or "가", "로" or "으로"...) after ``word``."""
    after_consonant, after_vowel = PAIRS[kind]
    sound = final_sound(word)
    if sound is None:
        return COMBINED[after_consonant]
    if sound == "none" or (sound == "rieul" and after_consonant == "으로"):
        return after_vowel
    return after_consonant


def attach(word: str, kind: str) -> str:
    """``word`` followed by its particle: attach("HD-000013", "가") == "HD-000013이"."""
    return f"{word}{particle(word, kind)}"


_MARKS = {"이(가)": "이", "은(는)": "은", "을(를)": "을", "와(과)": "과", "(으)로": "으로"}
_COMBINED = re.compile("|".join(re.escape(mark) for mark in _MARKS))


def resolve(text: str) -> str:
    """Every combined particle in ``text`` ("이(가)", "(으)로"...) in the form that follows the
    word before it; a combined form whose word cannot be read stays as it is."""
    if "(" not in text:
        return text
    parts: list[str] = []
    done = 0
    for found in _COMBINED.finditer(text):
        before = text[: found.start()]
        if not before or before[-1].isspace():
            continue
        parts.append(text[done : found.start()])
        kind = _MARKS[found.group(0)]
        chosen = particle(before, kind)
        parts.append(chosen)
        done = found.end()
    parts.append(text[done:])
    return "".join(parts)
