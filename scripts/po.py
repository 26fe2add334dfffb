#!/usr/bin/env python3
"""Catalog upkeep for translators.

scripts/po.py fill-en                 every English msgstr = its msgid (the source language)
scripts/po.py apply-ko FILE.tsv       set Korean msgstrs from "msgid<TAB>msgstr" lines
scripts/po.py missing LANG            list the msgids still untranslated (or fuzzy)
"""

import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENTRY = re.compile(
    r'((?:#[^\n]*\n)*)msgid ((?:"(?:[^"\\]|\\.)*"\n)+)msgstr ((?:"(?:[^"\\]|\\.)*"\n)+)'
)


def catalog(lang: str) -> Path:
    return ROOT / "locale" / lang / "LC_MESSAGES" / "django.po"


def join(quoted: str) -> str:
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', quoted))


def rewrite(lang: str, translate: Callable[[str, str], str | None]) -> None:
    path = catalog(lang)
    text = path.read_text(encoding="utf-8")

    def replace(match: re.Match[str]) -> str:
        comments, msgid_q, msgstr_q = match.groups()
        msgid = join(msgid_q)
        if not msgid:
            return match.group(0)
        new = translate(msgid, join(msgstr_q))
        if new is None:
            return match.group(0)
        comments = "".join(
            line + "\n"
            for line in comments.splitlines()
            if not line.startswith("#, fuzzy") and line != "#, fuzzy"
        )
        comments = comments.replace(", fuzzy", "")
        return f'{comments}msgid {msgid_q}msgstr "{new}"\n'

    path.write_text(ENTRY.sub(replace, text), encoding="utf-8")


def main() -> int:
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "fill-en":
        rewrite("en", lambda msgid, old: msgid)
    elif command == "apply-ko":
        pairs = {}
        for line in Path(sys.argv[2]).read_text(encoding="utf-8").splitlines():
            if "\t" in line:
                key, value = line.split("\t", 1)
                pairs[key] = value
        rewrite("ko", lambda msgid, old: pairs.get(msgid))
    elif command == "missing":
        text = catalog(sys.argv[2]).read_text(encoding="utf-8")
        for comments, msgid_q, msgstr_q in ENTRY.findall(text):
            if join(msgid_q) and (not join(msgstr_q) or "fuzzy" in comments):
                print(join(msgid_q))
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
