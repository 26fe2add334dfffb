"""The report's tables as rows of plain values: the CSV export writes exactly these.

The page shows the same numbers (formatted, with links); each table on it links to its
export here, ``?format=csv&table=<name>``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from .selectors import Report

# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(...)):
# such text is written with a leading quote, so it stays text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A cell as a spreadsheet will read it: text that could start a formula is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    # A byte-order mark: spreadsheet programs then read the Korean text as UTF-8.
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([neutralise(h) for h in headers])
    for row in rows:
        writer.writerow(["" if cell is None else neutralise(cell) for cell in row])
    return buffer.getvalue()


def _rate(value: float | None) -> object:
    return None if value is None else round(value * 100, 1)


def _minutes(value: float | None) -> object:
    return None if value is None else round(value)


@dataclass(frozen=True)
class TableSpec:
    title: Any
    build: Callable[[Report], tuple[list[str], list[list[object]]]]


def _compliance(report: Report) -> tuple[list[str], list[list[object]]]:
    headers = [
        _("Category"),
        pgettext("report column", "Filed"),
        _("First responses measured"),
        _("First responses late"),
        _("Breach rate (%)"),
        _("Late while unassigned"),
        _("Late while assigned"),
        _("Median first response (business minutes)"),
        _("90th percentile first response (business minutes)"),
        _("Resolutions late"),
        _("Resolution breach rate (%)"),
    ]
    rows = [
        [
            row.category.name if row.category else "",
            row.filed,
            row.first_measured,
            row.first_breached,
            _rate(row.first_breach_rate),
            row.first_breached_unassigned,
            row.first_breached_assigned,
            _minutes(row.times.first_median),
            _minutes(row.times.first_p90),
            row.resolution_breached,
            _rate(row.resolution_breach_rate),
        ]
        for row in report.by_category
    ]
    return headers, rows


def _priority(report: Report) -> tuple[list[str], list[list[object]]]:
    headers = [
        _("Priority"),
        pgettext("report column", "Filed"),
        _("First responses on time"),
        _("First responses late"),
        _("Breach rate (%)"),
        _("Resolutions on time"),
        _("Resolutions late"),
        _("Resolution breach rate (%)"),
    ]
    rows = [
        [
            row.label,
            row.filed,
            row.first_met,
            row.first_breached,
            _rate(row.first_breach_rate),
            row.resolution_met,
            row.resolution_breached,
            _rate(row.resolution_breach_rate),
        ]
        for row in report.by_priority
    ]
    return headers, rows


def _days(report: Report) -> tuple[list[str], list[list[object]]]:
    headers = [_("Day"), pgettext("report column", "Filed"), _("Open at end of day")]
    rows = [
        [filed.day.isoformat(), filed.value, backlog.value]
        for filed, backlog in zip(report.per_day, report.backlog, strict=True)
    ]
    return headers, rows


def _queues(report: Report) -> tuple[list[str], list[list[object]]]:
    return [_("Queue"), pgettext("report column", "Filed"), _("Still open")], [
        [row.label, row.filed, row.open] for row in report.by_queue
    ]


def _channels(report: Report) -> tuple[list[str], list[list[object]]]:
    return [_("Channel"), pgettext("report column", "Filed")], [
        [row.label, row.filed] for row in report.by_channel
    ]


def _times(report: Report) -> tuple[list[str], list[list[object]]]:
    headers = [
        _("Category"),
        _("Median first response (business minutes)"),
        _("90th percentile first response (business minutes)"),
        _("Median resolution (business minutes)"),
        _("90th percentile resolution (business minutes)"),
    ]
    overall = report.times[0]
    rows: list[list[object]] = [
        [
            _("All categories"),
            _minutes(overall.first_median),
            _minutes(overall.first_p90),
            _minutes(overall.resolution_median),
            _minutes(overall.resolution_p90),
        ]
    ]
    rows += [
        [
            row.category.name if row.category else "",
            _minutes(row.times.first_median),
            _minutes(row.times.first_p90),
            _minutes(row.times.resolution_median),
            _minutes(row.times.resolution_p90),
        ]
        for row in report.by_category
    ]
    return headers, rows


def _satisfaction(report: Report) -> tuple[list[str], list[list[object]]]:
    return [_("Score"), _("Ratings")], [
        [score, count] for score, count in report.satisfaction.distribution
    ]


def _comments(report: Report) -> tuple[list[str], list[list[object]]]:
    headers = [_("Rated at"), _("Ticket"), _("Score"), _("Comment")]
    rows: list[list[object]] = [
        [rating.created_at.isoformat(), rating.ticket.reference, rating.score, rating.comment]
        for rating in report.comments
    ]
    return headers, rows


def _agents(report: Report) -> tuple[list[str], list[list[object]]]:
    headers = [_("Agent"), _("Open tickets held now"), _("Resolved"), _("Replies sent")]
    rows = [[row.name, row.open_assigned, row.resolved, row.replies] for row in report.agents]
    return headers, rows


def _ticket_rows(tickets: Iterable[Any]) -> list[list[object]]:
    return [
        [
            ticket.reference,
            ticket.subject,
            ticket.category.name,
            ticket.get_priority_display(),
            ticket.get_status_display(),
            str(ticket.assignee) if ticket.assignee else "",
            ticket.reopened_count,
            ticket.created_at.isoformat(),
        ]
        for ticket in tickets
    ]


TICKET_HEADERS = [
    gettext_lazy("Ticket"),
    gettext_lazy("Subject"),
    gettext_lazy("Category"),
    gettext_lazy("Priority"),
    gettext_lazy("Status"),
    gettext_lazy("Assignee"),
    gettext_lazy("Times reopened"),
    gettext_lazy("Filed at"),
]


def _reopened(report: Report) -> tuple[list[str], list[list[object]]]:
    return [str(h) for h in TICKET_HEADERS], _ticket_rows(report.reopened_tickets)


def _breached(report: Report) -> tuple[list[str], list[list[object]]]:
    return [str(h) for h in TICKET_HEADERS], _ticket_rows(report.breached_tickets)


def _self_service(report: Report) -> tuple[list[str], list[list[object]]]:
    headers = [
        _("Category"),
        _("Searches without a result"),
        _("Suggestions opened"),
        _("Inquiries avoided"),
        _("Community answers opened"),
        _("Ended at a community answer"),
    ]
    rows = [
        [
            row.category.name,
            row.searches_without_result,
            row.suggestions_opened,
            row.inquiries_avoided,
            community.opened,
            community.solved,
        ]
        for row, community in report.funnel_rows
    ]
    return headers, rows


def _notices(report: Report) -> tuple[list[str], list[list[object]]]:
    headers = [
        _("Category"),
        _("Saw a notice on the form"),
        _("Filed anyway"),
        _("Left without filing"),
    ]
    rows = [
        [row.category.name, row.saw_notice, row.filed_anyway, row.left_without_filing]
        for row in report.notice_funnel
    ]
    return headers, rows


def _searches(report: Report) -> tuple[list[str], list[list[object]]]:
    return [_("Search words"), _("Searches")], [
        [miss.query, miss.count] for miss in report.search_misses
    ]


TABLES: dict[str, TableSpec] = {
    "compliance": TableSpec(gettext_lazy("Target compliance by category"), _compliance),
    "priority": TableSpec(gettext_lazy("Target compliance by priority"), _priority),
    "days": TableSpec(gettext_lazy("Inquiries and backlog per day"), _days),
    "queues": TableSpec(gettext_lazy("Inquiries by queue"), _queues),
    "channels": TableSpec(gettext_lazy("Inquiries by channel"), _channels),
    "times": TableSpec(gettext_lazy("Response times"), _times),
    "satisfaction": TableSpec(gettext_lazy("Satisfaction"), _satisfaction),
    "comments": TableSpec(gettext_lazy("Recent comments"), _comments),
    "agents": TableSpec(gettext_lazy("Agent workload"), _agents),
    "reopened": TableSpec(gettext_lazy("Reopened tickets"), _reopened),
    "breached": TableSpec(gettext_lazy("Tickets that missed a target"), _breached),
    "self_service": TableSpec(gettext_lazy("FAQ deflection"), _self_service),
    "searches": TableSpec(gettext_lazy("Searches with no result"), _searches),
    "notices": TableSpec(gettext_lazy("Known-issue notices"), _notices),
}
