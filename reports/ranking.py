"""The supervisors' ranking of stores: every store's scorecard, sorted, as page rows and as
CSV rows with the same columns.

The ranking reads every store's scorecard at once (reports.scorecard.store_scorecards: a
fixed number of grouped queries), then sorts them here: a store without a figure (nothing
counted yet) sorts last whichever the direction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import Store

from .scorecard import Scorecard, store_scorecards


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise
    # The cell as a plain value (the CSV's, and what the page formats).
    value: Callable[[Scorecard], Any]
    # How the page shows it: "text", "share" (a share 0-1 as a percentage), "minutes"
    # (business minutes as hours and minutes), "score", "number".
    kind: str = "number"
    sortable: bool = True


def _share(days: int) -> Callable[[Scorecard], float | None]:
    return lambda card: card.share(days).share


COLUMNS: tuple[Column, ...] = (
    Column("store", _("Store"), lambda card: card.store.name, "text"),
    Column("seller_id", _("Seller ID"), lambda card: card.store.seller_id, "text"),
    Column("on_time_30d", _("Answered on time, 30 days"), _share(30), "share"),
    Column("counted_30d", _("Inquiries counted, 30 days"), lambda card: card.on_time_30d.counted),
    Column("on_time_7d", _("Answered on time, 7 days"), _share(7), "share"),
    Column("on_time_90d", _("Answered on time, 90 days"), _share(90), "share"),
    Column(
        "median",
        _("Median first answer, 30 days"),
        lambda card: card.median_first_answer_minutes,
        "minutes",
    ),
    Column("escalations", _("Escalations, 30 days"), lambda card: card.escalations),
    Column(
        "satisfaction",
        _("Satisfaction, 30 days"),
        lambda card: card.satisfaction.average,
        "score",
    ),
    Column(
        "rated_good",
        _("Rated 4 or 5, 30 days"),
        lambda card: card.satisfaction.good_share,
        "share",
    ),
    Column("ratings", _("Ratings, 30 days"), lambda card: card.satisfaction.count),
    Column("open", _("Waiting for the store"), lambda card: card.open.total),
    Column("overdue", _("Overdue"), lambda card: card.open.overdue),
)
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}
DEFAULT_SORT = "-on_time_30d"
SORTS = frozenset(
    f"{sign}{column.key}" for column in COLUMNS if column.sortable for sign in ("", "-")
)


@dataclass(frozen=True)
class RankedStore:
    rank: int
    scorecard: Scorecard

    @property
    def store(self) -> Store:
        return self.scorecard.store

    def cells(self) -> list[tuple[Column, Any]]:
        return [(column, column.value(self.scorecard)) for column in COLUMNS]


def _sort_key(column: Column, descending: bool) -> Callable[[Scorecard], tuple[Any, ...]]:
    def key(card: Scorecard) -> tuple[Any, ...]:
        value = column.value(card)
        if value is None:
            return (1, 0, card.store.name.casefold(), card.store.pk)
        if isinstance(value, str):
            value = value.casefold()
        elif descending:
            value = -value
        # Ties: more inquiries counted first, then by name.
        return (0, value, -card.on_time_30d.counted, card.store.name.casefold(), card.store.pk)

    return key


def ranked(cards: Iterable[Scorecard], sort: str = DEFAULT_SORT) -> list[RankedStore]:
    """The scorecards in the order ``sort`` names (a column key, ``-`` first for descending);
    the rank is the place in that order."""
    if sort not in SORTS:
        sort = DEFAULT_SORT
    descending = sort.startswith("-")
    column = COLUMNS_BY_KEY[sort.lstrip("-")]
    ordered = sorted(cards, key=_sort_key(column, descending))
    if descending and column.kind == "text":
        present = [card for card in ordered if column.value(card) is not None]
        ordered = present[::-1] + [card for card in ordered if column.value(card) is None]
    return [RankedStore(index, card) for index, card in enumerate(ordered, start=1)]


def store_ranking(stores: Sequence[Store], sort: str = DEFAULT_SORT) -> list[RankedStore]:
    """Every store of ``stores`` (all of them) ranked by ``sort``."""
    return ranked(store_scorecards(stores, every_store=True).values(), sort)


def _csv_value(column: Column, value: Any) -> object:
    if value is None:
        return None
    if column.kind == "share":
        return round(value * 100, 1)
    if column.kind == "minutes":
        return round(value)
    if column.kind == "score":
        return round(value, 2)
    return value


def ranking_table(rows: Iterable[RankedStore]) -> tuple[list[str], list[list[object]]]:
    """The CSV: the page's columns, with the rank first; shares in per cent."""
    headers = [str(_("Rank"))] + [_csv_header(column) for column in COLUMNS]
    body = [
        [row.rank] + [_csv_value(column, value) for column, value in row.cells()] for row in rows
    ]
    return headers, body


def _csv_header(column: Column) -> str:
    if column.kind == "share":
        return f"{column.label} (%)"
    if column.kind == "minutes":
        return str(_("%(column)s (business minutes)") % {"column": column.label})
    return str(column.label)
