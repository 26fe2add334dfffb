"""Claims in figures, for the agents' reports and the stores' scorecards: claims by kind,
store and outcome, the median time to refund, late refunds and automatic acceptances.

Each figure is an aggregate in the database, grouped: a fixed number of queries whatever
the number of claims or stores (``store_claims`` adds one query to a whole ranking)."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

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


def _median_hours(claims: QuerySet[Claim]) -> float | None:
    """The median time from the claim to its refund, in hours (calendar time: what the buyer
    waits). PostgreSQL takes it with percentile_cont; elsewhere the refunded claims' times
    are read (the period's, a report's worth)."""
    refunded = claims.filter(REFUNDED)
    if settings.IS_POSTGRES:
        from reports.selectors import Percentile

        wait = Func(
            ExpressionWrapper(F("refunded_at") - F("created_at"), output_field=DurationField()),
            template="EXTRACT(EPOCH FROM %(expressions)s)",
            output_field=FloatField(),
        )
        seconds = refunded.aggregate(median=Percentile(wait, 0.5))["median"]  # type: ignore[arg-type]
        return None if seconds is None else float(seconds) / 3600
    waits = [
        (refunded_at - created_at).total_seconds() / 3600
        for created_at, refunded_at in refunded.values_list("created_at", "refunded_at")
        if refunded_at is not None
    ]
    return statistics.median(waits) if waits else None


def claim_report(start: datetime, end: datetime, *, store_limit: int = 20) -> ClaimReport:
    """Claims made in [start, end): by kind, outcome (state now) and store, and the refunds."""
    claims = Claim.objects.filter(created_at__gte=start, created_at__lt=end)
    kinds = dict(claims.order_by().values_list("kind").annotate(count=Count("pk")))
    states = dict(claims.order_by().values_list("state").annotate(count=Count("pk")))
    grouped: Any = claims.order_by().values("store__seller_id", "store__name")
    stores = grouped.annotate(**_aggregates()).order_by("-total", "store__seller_id")[:store_limit]
    totals = claims.aggregate(**_aggregates())
    return ClaimReport(
        total=int(totals["total"] or 0),
        by_kind=[(str(label), int(kinds.get(value, 0))) for value, label in Claim.Kind.choices],
        by_outcome=[
            (str(label), int(states[value]))
            for value, label in Claim.State.choices
            if value in states
        ],
        by_store=[
            StoreRow(
                row["store__seller_id"],
                row["store__name"],
                StoreClaims(**{key: int(row[key]) for key in _aggregates()}),
            )
            for row in stores
        ],
        median_hours_to_refund=_median_hours(claims),
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
