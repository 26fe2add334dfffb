"""History rows written before terms: what can be recognised becomes a term, read in the
reader's language from now on; anything else stays the text it was written as.

Recognised, in English or Korean: choice labels (status, priority, channel, message kind and
visibility, reminder kind), category and queue names, due times ("First response: 2026-11-23
17:00" and bare moments), and the catalog's reasons, with their arguments where those are a
category, a queue, a priority, a clock, a number or a name. Rule matches ("Rule … matched: …")
and anything an older release wrote differently stay as text.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations
from django.utils import translation

BATCH = 2000

CHOICE_FIELDS = {
    "status": "tickets.Ticket.status",
    "priority": "tickets.Ticket.priority",
    "channel": "tickets.Ticket.channel",
    "message_kind": "tickets.Message.kind",
    "visibility": "tickets.Message.visibility",
    "reminder_kind": "tickets.Reminder.kind",
}
# Labels a choice had before (rows written then say them): pending was "Waiting for your
# reply" for everyone until staff got their own words (0012_staff_status_words).
FORMER_LABELS = {"status": {"Waiting for your reply": "pending"}}

# Catalog sentences without arguments that services wrote as reasons (or as the "after").
FIXED = [
    "Taken",
    "Reopened",
    "Spam",
    "Bulk change",
    "Clock paused",
    "Not an agent of the new queue",
    "Logged the incoming call",
    "The buyer asked the help center to step in",
    "The buyer wrote again",
    "The requester wrote again",
    "An inquiry about the store's order",
    "Closed by the requester",
]
# Sentences with arguments, and the Korean forms earlier catalogs had for them.
PATTERNS: dict[str, list[str]] = {
    "%(target)s: %(due)s": [],
    "%(target)s target met": [],
    "%(target)s target missed": [],
    "Targets for %(priority)s priority": [],
    "Priority changed from %(old)s to %(new)s": [],
    "Category changed to %(category)s": [],
    "Clock resumed after %(minutes)d business minutes paused": [],
    "Category %(category)s routes to queue %(queue)s with priority %(priority)s": [
        "%(category)s 유형은 %(queue)s, 우선순위 %(priority)s로 배정"
    ],
    "Classified as %(category)s from the words: %(words)s": [],
    "Assigned in turn (round-robin) in queue %(queue)s": [],
    "Assigned to the agent with the fewest open tickets in queue %(queue)s": [],
    "No reply for %(days)d business days: resolved automatically": [],
    "Closed automatically %(days)d days after it was resolved": [],
    "Canned response: %(name)s": [],
    "Merged into %(reference)s": [],
}
CLOCK_TITLES = ["First response", "Next response", "Resolution"]
LOCAL = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}$")


def _text(msgid: str, **args: Any) -> dict[str, Any]:
    return {"text": msgid, "args": args} if args else {"text": msgid}


class Reader:
    """Everything the rows are compared with, in both languages, read once."""

    def __init__(self, apps: Any) -> None:
        self.choices: dict[str, dict[str, str]] = {}
        for name, path in CHOICE_FIELDS.items():
            app_label, model_name, field_name = path.split(".")
            field = apps.get_model(app_label, model_name)._meta.get_field(field_name)
            labels: dict[str, str] = {}
            for value, label in field.flatchoices:
                with translation.override("en"):
                    source = str(label)  # the msgid (a lazy label would say it in Korean)
                labels[source] = value
                with translation.override("ko"):
                    labels[translation.gettext(source)] = value
            for source, value in FORMER_LABELS.get(name, {}).items():
                labels.setdefault(source, value)
                with translation.override("ko"):
                    labels.setdefault(translation.gettext(source), value)
            self.choices[name] = labels
        self.names: dict[str, dict[str, dict[str, str]]] = {}
        for name, model in (("category", "Category"), ("queue", "Queue")):
            found: dict[str, dict[str, str]] = {}
            for row in apps.get_model("catalog", model).objects.all():
                term = {"ko": row.name_ko, "en": row.name_en}
                found.setdefault(row.name_en, term)
                found.setdefault(row.name_ko, term)
            self.names[name] = found
        self.fixed: dict[str, str] = {}
        for msgid in FIXED:
            for language in ("en", "ko"):
                with translation.override(language):
                    self.fixed[translation.gettext(msgid)] = msgid
            self.fixed[msgid] = msgid
        self.clocks: dict[str, str] = {}
        for title in CLOCK_TITLES:
            for language in ("en", "ko"):
                with translation.override(language):
                    self.clocks[translation.gettext(title)] = title
                    self.clocks[translation.gettext(title.lower()).capitalize()] = title
        self.patterns: list[tuple[re.Pattern[str], str]] = []
        for msgid, older in PATTERNS.items():
            forms = {msgid, *older}
            with translation.override("ko"):
                forms.add(translation.gettext(msgid))
            for form in forms:
                self.patterns.append((_regex(form), msgid))
        self.zone = ZoneInfo(settings.BUSINESS_TIME_ZONE)

    def choice(self, name: str, text: str) -> dict[str, Any] | None:
        value = self.choices[name].get(text)
        return None if value is None else {"choice": CHOICE_FIELDS[name], "value": value}

    def named(self, name: str, text: str) -> dict[str, Any] | None:
        term = self.names[name].get(text)
        return None if term is None else {"names": term}

    def moment(self, text: str, *, utc: bool = False) -> dict[str, Any] | None:
        if not LOCAL.match(text):
            return None
        naive = datetime.fromisoformat(text.replace(" ", "T"))
        zone = ZoneInfo("UTC") if utc else self.zone
        return {"at": naive.replace(tzinfo=zone).isoformat(), "zone": str(self.zone)}

    def sentence(self, text: str) -> dict[str, Any] | None:
        if text in self.fixed:
            return _text(self.fixed[text])
        for pattern, msgid in self.patterns:
            found = pattern.match(text)
            if found is None:
                continue
            args = {}
            for name, value in found.groupdict().items():
                arg = self.argument(name, value)
                if arg is None:
                    break
                args[name] = arg
            else:
                return _text(msgid, **args)
        return None

    def argument(self, name: str, value: str) -> Any:
        if name in ("category", "queue"):
            return self.named(name, value)
        if name in ("priority", "old", "new"):
            return self.choice("priority", value)
        if name == "target":
            title = self.clocks.get(value)
            return None if title is None else _text(title)
        if name == "due":
            return self.moment(value)
        if name in ("minutes", "days"):
            return int(value)
        return value  # a name, a reference, words a person wrote: the same in any language


def _regex(form: str) -> re.Pattern[str]:
    parts = re.split(r"(%\(\w+\)[sd])", form)
    out = []
    for part in parts:
        found = re.fullmatch(r"%\((\w+)\)([sd])", part)
        if found:
            out.append(rf"(?P<{found[1]}>\d+)" if found[2] == "d" else rf"(?P<{found[1]}>.+?)")
        else:
            out.append(re.escape(part))
    return re.compile("^" + "".join(out) + "$")


def _term(reader: Reader, kind: str, field: str, text: str) -> dict[str, Any] | None:
    if not text:
        return None
    if field in ("old", "new"):
        if kind == "status":
            return reader.choice("status", text)
        if kind == "priority":
            return reader.choice("priority", text)
        if kind == "created":
            return reader.choice("channel", text)
        if kind in ("replied", "noted"):
            return reader.choice("message_kind", text) or reader.choice("visibility", text)
        if kind == "reminder":
            return reader.choice("reminder_kind", text)
        if kind in ("category", "queue"):
            return reader.named(kind, text)
        if kind == "no_answer":
            return reader.moment(text, utc=True)
        if kind in ("due", "store_asked", "store_late"):
            return reader.moment(text) or reader.sentence(text)
        return None
    return reader.choice("status", text) or reader.sentence(text)


def forwards(apps: Any, schema_editor: Any) -> None:
    TicketEvent = apps.get_model("tickets", "TicketEvent")
    reader = Reader(apps)
    rows = TicketEvent.objects.filter(params={}).only("pk", "kind", "old", "new", "reason")
    changed = []
    for event in rows.iterator(chunk_size=BATCH):
        params = {}
        for field in ("old", "new", "reason"):
            term = _term(reader, event.kind, field, getattr(event, field))
            if term is not None:
                params[field] = term
        if params:
            event.params = params
            changed.append(event)
        if len(changed) >= BATCH:
            TicketEvent.objects.bulk_update(changed, ["params"])
            changed = []
    if changed:
        TicketEvent.objects.bulk_update(changed, ["params"])


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_initial"),
        ("tickets", "0012_reader_language"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
