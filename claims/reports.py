"""Claims in figures, for the agents' reports and the stores' scorecards: claims by kind,
store and outcome, the median time to refund, late refunds and automatic acceptances.

Each figure is an aggregate in the database, grouped: a fixed number of queries whatever
the number of claims or stores (``store_claims`` adds one query to a whole ranking)."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Q,
    QuerySet,
)

from .models import Claim

if TYPE_CHECKING:
    from reports.selectors import Percentile

REFUNDED = Q(refunded_at__isnull=False)


@dataclass(frozen=True)
class StoreClaims:
    """One store's claims made in a period."""

    total: int = 0
    refunded: int = 0
    late_refunds: int = 0
    auto_accepted: int = 0
    escalated: int = 0
    open: int = 0


@dataclass(frozen=True)
class StoreRow:
    seller_id: str
    name: str
    figures: StoreClaims


@dataclass(frozen=True)
class ClaimReport:
    total: int = 0
    by_kind: list[tuple[str, int]] = field(default_factory=list)  # (label, count)
    by_outcome: list[tuple[str, int]] = field(default_factory=list)  # (state label, count)
    by_store: list[StoreRow] = field(default_factory=list)
    median_hours_to_refund: float | None = None
    late_refunds: int = 0
    auto_accepted: int = 0


def _aggregates() -> dict[str, Count]:
    return {
        "total": Count("pk"),
        "refunded": Count("pk", filter=REFUNDED),
        "late_refunds": Count("pk", filter=Q(refund_late=True)),
        "auto_accepted": Count("pk", filter=Q(auto_accepted=True)),
        "escalated": Count("pk", filter=Q(is_escalated=True)),
        "open": Count("pk", filter=~Q(state__in=Claim.DONE_STATES)),
    }


def _median_seconds() -> Percentile:
    """PostgreSQL's median of the time from the claim to its refund, in seconds."""
    from reports.selectors import Percentile

    wait = Func(
        ExpressionWrapper(F("refunded_at") - F("created_at"), output_field=DurationField()),
        template="EXTRACT(EPOCH FROM %(expressions)s)",
        output_field=FloatField(),
    )
    return Percentile(wait, 0.5, filter=REFUNDED)  # type: ignore[arg-type]


def _python_median_hours(claims: QuerySet[Claim]) -> float | None:
    """Without percentile_cont (SQLite): the period's refunded claims' waits, read."""
    waits = [
        (refunded_at - created_at).total_seconds() / 3600
        for created_at, refunded_at in claims.filter(REFUNDED).values_list(
            "created_at", "refunded_at"
        )
        if refunded_at is not None
    ]
    return statistics.median(waits) if waits else None


def claim_report(
    start: datetime,
    end: datetime,
    *,
    queue_ids: Sequence[int] | None = None,
    store_limit: int = 20,
) -> ClaimReport:
    """Claims made in [start, end) (of these queues' inquiries; None: all): by kind, outcome
    (the state now) and store, and the refunds. Two queries (three on SQLite)."""
    claims = Claim.objects.filter(created_at__gte=start, created_at__lt=end)
    if queue_ids is not None:
        claims = claims.filter(ticket__queue_id__in=list(queue_ids))
    figures: dict[str, Any] = dict(_aggregates())
    for value in Claim.Kind.values:
        figures[f"kind_{value}"] = Count("pk", filter=Q(kind=value))
    for value in Claim.State.values:
        figures[f"state_{value}"] = Count("pk", filter=Q(state=value))
    if settings.IS_POSTGRES:
        figures["median"] = _median_seconds()
    totals = claims.aggregate(**figures)
    grouped: Any = claims.order_by().values("store__seller_id", "store__name")
    stores = grouped.annotate(**_aggregates()).order_by("-total", "store__seller_id")[:store_limit]
    if settings.IS_POSTGRES:
        seconds = totals.get("median")
        median = None if seconds is None else float(seconds) / 3600
    else:
        median = _python_median_hours(claims)
    return ClaimReport(
        total=int(totals["total"] or 0),
        by_kind=[
            (str(label), int(totals[f"kind_{value}"] or 0)) for value, label in Claim.Kind.choices
        ],
        by_outcome=[
            (str(label), int(totals[f"state_{value}"]))
            for value, label in Claim.State.choices
            if totals[f"state_{value}"]
        ],
        by_store=[
            StoreRow(
                row["store__seller_id"],
                row["store__name"],
                StoreClaims(**{key: int(row[key]) for key in _aggregates()}),
            )
            for row in stores
        ],
        median_hours_to_refund=median,
        late_refunds=int(totals["late_refunds"] or 0),
        auto_accepted=int(totals["auto_accepted"] or 0),
    )


def store_claims(store_ids: Sequence[int] | None, *, since: datetime) -> dict[int, StoreClaims]:
    """The claims made since ``since`` per store (None: every store): one grouped query."""
    claims = Claim.objects.filter(created_at__gte=since)
    if store_ids is not None:
        claims = claims.filter(store_id__in=list(store_ids))
    rows: Any = claims.order_by().values("store_id").annotate(**_aggregates())
    return {
        row["store_id"]: StoreClaims(**{key: int(row[key]) for key in _aggregates()})
        for row in rows
    }
