"""Text as people write it, made safe to store once: the services call these on what arrives
from any interface (web form, API, admin, inbound mail), so every path stores the same."""

from __future__ import annotations

import re
import unicodedata

# Everything Python's str.splitlines() breaks on, and the tab: a one-line field holds none.
_LINE_BREAKS = re.compile(r"[\t\n\v\f\r\x1c\x1d\x1e\x85\u2028\u2029]+")
_SPACES = re.compile(r" {2,}")


def as_written(text: str) -> str:
    """Text in Unicode NFC: Korean typed on macOS arrives decomposed (ᄒ+ᅡ+ᆫ for 한), and
    search, comparison and length limits must see the same characters as the screen."""
    return unicodedata.normalize("NFC", text)


def one_line(text: str) -> str:
    """A one-line field (a subject, a name): NFC, line breaks and tabs turned into single
    spaces, no space at either end. A CR or LF must never reach an e-mail header."""
    return _SPACES.sub(" ", _LINE_BREAKS.sub(" ", as_written(text))).strip()
