#!/usr/bin/env python3
"""Catalog upkeep for translators.

scripts/po.py fill-en                 every English msgstr = its msgid (the source language)
scripts/po.py apply-ko FILE.tsv       set Korean msgstrs from "msgid<TAB>msgstr" lines
scripts/po.py missing LANG            list the msgids still untranslated (or fuzzy)

PO_DOMAIN=djangojs picks the JavaScript catalog (djangojs.po, served at /jsi18n/).
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEY = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$')


@dataclass
class Entry:
    comments: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)  # key -> unquoted, still escaped
    raw: str = ""  # the block as read; written back unchanged unless the entry changed
    changed: bool = False

    @property
    def msgid(self) -> str:
        return self.fields.get("msgid", "")

    @property
    def key(self) -> str:
        """msgid, prefixed by "context\x04" when the entry has a msgctxt (as gettext does)."""
        context = self.fields.get("msgctxt")
        return f"{context}\x04{self.msgid}" if context is not None else self.msgid

    @property
    def is_fuzzy(self) -> bool:
        return any(line.startswith("#,") and "fuzzy" in line for line in self.comments)

    def translations(self) -> list[str]:
        return [value for key, value in self.fields.items() if key.startswith("msgstr")]

    def render(self) -> str:
        if self.raw and not self.changed:
            return self.raw
        lines = list(self.comments)
        lines += [f'{key} "{value}"' for key, value in self.fields.items()]
        return "\n".join(lines)


DOMAIN = os.environ.get("PO_DOMAIN", "django")


def catalog(lang: str) -> Path:
    return ROOT / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def parse(text: str) -> list[Entry]:
    entries = []
    for block in re.split(r"\n\s*\n", text.strip()):
        entry, last = Entry(raw=block), ""
        for line in block.splitlines():
            if line.startswith("#"):
                entry.comments.append(line)
            elif line.startswith('"') and last:
                entry.fields[last] += line[1:-1]
            elif match := KEY.match(line):
                last = match.group(1)
                entry.fields[last] = match.group(2)
        entries.append(entry)
    return entries


def write(lang: str, entries: list[Entry]) -> None:
    catalog(lang).write_text("\n\n".join(e.render() for e in entries) + "\n", encoding="utf-8")


def unfuzzy(entry: Entry) -> None:
    kept = []
    for line in entry.comments:
        if line.startswith("#,"):
            flags = [f.strip() for f in line[2:].split(",") if f.strip() and f.strip() != "fuzzy"]
            if not flags:
                continue
            line = "#, " + ", ".join(flags)
        if not line.startswith("#|"):
            kept.append(line)
    entry.comments = kept


def missing(lang: str) -> list[str]:
    return [
        e.msgid
        for e in parse(catalog(lang).read_text(encoding="utf-8"))
        if e.msgid and (e.is_fuzzy or not all(e.translations()))
    ]


def msgids(path: Path) -> set[str]:
    return {e.msgid for e in parse(path.read_text(encoding="utf-8")) if e.msgid}


def fill_en() -> None:
    entries = parse(catalog("en").read_text(encoding="utf-8"))
    for entry in entries:
        if not entry.msgid:
            continue
        plural = entry.fields.get("msgid_plural")
        for key in [k for k in entry.fields if k.startswith("msgstr")]:
            entry.fields[key] = plural if plural and key != "msgstr[0]" else entry.msgid
        unfuzzy(entry)
        entry.changed = True
    write("en", entries)


def apply_ko(pairs: dict[str, str]) -> None:
    entries = parse(catalog("ko").read_text(encoding="utf-8"))
    for entry in entries:
        # A TSV line names a plain msgid; one for a msgid with a context names "context\x04msgid".
        value = pairs.get(entry.key)
        if value is not None:
            for key in [k for k in entry.fields if k.startswith("msgstr")]:
                entry.fields[key] = value
            unfuzzy(entry)
            entry.changed = True
    write("ko", entries)


def main() -> int:
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "fill-en":
        fill_en()
    elif command == "apply-ko" and len(sys.argv) == 3:
        source = Path(sys.argv[2])
        if source.suffix == ".po":
            apply_ko(
                {
                    e.key: e.translations()[0]
                    for e in parse(source.read_text(encoding="utf-8"))
                    if e.msgid and e.translations() and e.translations()[0] and not e.is_fuzzy
                }
            )
        else:
            lines = source.read_text(encoding="utf-8").splitlines()
            apply_ko(dict(line.split("\t", 1) for line in lines if "\t" in line))
    elif command == "missing" and len(sys.argv) == 3:
        print("\n".join(missing(sys.argv[2])))
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
