"""What a record says, stored as data and said in the reader's language when it is read.

A term is JSON. Its shapes:

- a plain string: language-neutral (a person's name, a reference, a number);
- ``{"choice": "app.Model.field", "value": slug}``: the label of a model field's choice;
- ``{"names": {"ko": ..., "en": ...}}``: something named in both languages (a category, a
  queue); both are kept so a later rename does not rewrite the record;
- ``{"at": iso-datetime, "zone": time zone}``: a moment, in that zone and the reader's format;
- ``{"text": msgid, "args": {name: term}}``: a sentence from the catalog (its msgid marked
  with gettext_noop where it is written), translated when read, its arguments rendered first;
- ``{"join": [term, ...]}``: terms in a comma-separated list.

``render`` turns any of them into text in the active language, without a database query.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.utils import dateformat, translation
from django.utils.translation import gettext

from . import particles

Term = str | dict[str, Any]

# A moment as each language reads it; others fall back to the first.
MOMENT_FORMATS = {"ko": "Y-m-d H:i", "en": "M j, Y, H:i"}


def text(msgid: str, **args: Any) -> dict[str, Any]:
    """A catalog sentence; ``msgid`` is the English source, marked with gettext_noop."""
    term: dict[str, Any] = {"text": str(msgid)}
    if args:
        term["args"] = {name: _jsonable(value) for name, value in args.items()}
    return term


def choice(field: str, value: str) -> dict[str, Any]:
    """A choice of ``field`` ("tickets.Ticket.status"), shown by its label."""
    return {"choice": field, "value": str(value)}


def names(ko: str, en: str) -> dict[str, Any]:
    return {"names": {"ko": ko, "en": en}}


def moment(value: datetime, zone: str) -> dict[str, Any]:
    return {"at": value.isoformat(), "zone": zone}


def join(terms: list[Any]) -> dict[str, Any]:
    return {"join": [_jsonable(term) for term in terms]}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict | int | float) and not isinstance(value, bool):
        return value
    return str(value)


def is_term(value: Any) -> bool:
    """A structured term (a plain string is a term too, but says the same in any language)."""
    return isinstance(value, dict) and bool(
        {"text", "choice", "names", "at", "join"} & value.keys()
    )


@cache
def _labels(field: str) -> dict[str, Any]:
    app_label, model_name, field_name = field.split(".")
    model = apps.get_model(app_label, model_name)
    return dict(model._meta.get_field(field_name).flatchoices)


def render(term: Any) -> str:
    """``term`` as text in the active language ("" for nothing)."""
    if term is None or term == "":
        return ""
    if not isinstance(term, dict):
        return str(term)
    language = (translation.get_language() or "ko")[:2]
    if "text" in term:
        args = {name: _arg(value) for name, value in (term.get("args") or {}).items()}
        sentence = gettext(term["text"])
        try:
            sentence = sentence % args if args else sentence
        except (KeyError, TypeError, ValueError):
            sentence = term["text"] % args if args else term["text"]
        return particles.resolve(sentence)
    if "choice" in term:
        try:
            label = _labels(term["choice"]).get(str(term.get("value", "")))
        except (LookupError, ValueError):
            label = None
        return str(label) if label is not None else str(term.get("value", ""))
    if "names" in term:
        shown: dict[str, str] = term["names"]
        return shown.get(language) or next((name for name in shown.values() if name), "")
    if "at" in term:
        local = datetime.fromisoformat(term["at"]).astimezone(ZoneInfo(term.get("zone") or "UTC"))
        return dateformat.format(local, MOMENT_FORMATS.get(language, MOMENT_FORMATS["ko"]))
    if "join" in term:
        return ", ".join(render(part) for part in term["join"])
    return ""


def _arg(value: Any) -> Any:
    """An argument as the sentence takes it: numbers stay numbers for %(days)d."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return render(value)
