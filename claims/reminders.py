"""The claims' deadline sweep: claim due reminder rows, re-check the claim, act, mark them done.

The same pattern as the inquiries' sweep (tickets.reminders): each row is claimed by a
conditional update from scheduled to sent inside one transaction with the move it makes, so
each automatic acceptance, escalation, completion and closing happens exactly once however
many sweeps run, at once (``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL) or after an
outage (rows wait in the database, not in the broker)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from helpdesk import sweeps

from . import services
from .models import Claim, ClaimReminder

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
MAX_ATTEMPTS = 5
TIME_BUDGET_SECONDS = 120.0
R = ClaimReminder.Kind
S = Claim.State


@dataclass
class SweepResult:
    done: int = 0
    cancelled: int = 0
    skipped: int = 0
    failed: int = 0


def sweep(
    *, batch_size: int = BATCH_SIZE, budget_seconds: float = TIME_BUDGET_SECONDS
) -> SweepResult:
    """Act on every claim deadline that has come, in batches, oldest first."""
    result = SweepResult()
    sweeps.sweep_in_batches(
        ClaimReminder,
        lambda row: _handle(row, result),
        batch_size=batch_size,
        budget_seconds=budget_seconds,
    )
    if result.done or result.failed:
        logger.info("Claim sweep: %s", result)
    return result


def _handle(row: ClaimReminder, result: SweepResult) -> None:
    now = timezone.now()
    try:
        with transaction.atomic():
            # The claim first, never waiting: a claim being moved right now waits for the next
            # sweep (services lock the claim, then touch its rows: waiting could deadlock).
            claim = (
                Claim.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("store", "ticket", "buyer")
                .filter(pk=row.claim_id)
                .first()
            )
            if claim is None:
                result.skipped += 1
                return
            claimed = ClaimReminder.objects.filter(
                pk=row.pk, state=ClaimReminder.State.SCHEDULED
            ).update(state=ClaimReminder.State.SENT, sent_at=now, attempts=F("attempts") + 1)
            if not claimed:
                result.skipped += 1
                return
            if _act(row, claim, now):
                result.done += 1
            else:
                ClaimReminder.objects.filter(pk=row.pk).update(
                    state=ClaimReminder.State.CANCELLED, sent_at=None
                )
                result.cancelled += 1
    except Exception as error:
        logger.exception("Claim reminder %s failed", row.pk)
        attempts = row.attempts + 1
        ClaimReminder.objects.filter(pk=row.pk, state=ClaimReminder.State.SCHEDULED).update(
            attempts=attempts,
            last_error=f"{type(error).__name__}: {error}"[:300],
            state=(
                ClaimReminder.State.FAILED
                if attempts >= MAX_ATTEMPTS
                else ClaimReminder.State.SCHEDULED
            ),
        )
        result.failed += 1


def _refund_pending(claim: Claim, row: ClaimReminder) -> bool:
    return (
        claim.state in (S.ACCEPTED, S.RECEIVED)
        and claim.refunded_at is None
        and claim.refund_due_at is not None
    )


def _act(row: ClaimReminder, claim: Claim, now: datetime) -> bool:
    """Make the move the deadline stands for; False when the claim has moved on."""
    if row.kind == R.STORE_ANSWER:
        if claim.state != S.REQUESTED or claim.seller_answer_due_at != row.due_at:
            return False
        if claim.is_in_policy:
            services.accept_automatically(claim)
        else:
            services.escalate_automatically(claim, why="late_answer")
        return True
    if row.kind == R.REFUND_REMINDER:
        if not _refund_pending(claim, row) or claim.is_escalated:
            return False
        services.remind_refund(claim, reminder=row)
        return True
    if row.kind == R.REFUND_DUE:
        if not _refund_pending(claim, row) or claim.refund_due_at != row.due_at:
            return False
        services.escalate_automatically(claim, why="late_refund")
        return True
    if row.kind == R.AUTO_COMPLETE:
        if claim.state not in (S.REFUNDED, S.EXCHANGE_SHIPPED):
            return False
        services.complete_automatically(claim)
        return True
    if row.kind == R.AUTO_CLOSE:
        if not claim.is_open:
            return False
        services.close_automatically(claim)
        return True
    return False
