"""Claims: cancellation, return, exchange, not received and not as described, as a typed
process beside an inquiry ticket. A claim's moves live in ``claims.transitions``; its history
rows (``ClaimEvent``) keep a kind and parameters and are said in the reader's language."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Claim(models.Model):
    class Kind(models.TextChoices):  # values: the stable slugs of PRODUCT.md
        CANCEL = "cancel", _("Cancellation")
        RETURN = "return", _("Return")
        EXCHANGE = "exchange", _("Exchange")
        NOT_RECEIVED = "not_received", _("Not received")
        NOT_AS_DESCRIBED = "not_as_described", _("Not as described")

    class Fault(models.TextChoices):
        BUYER = "buyer", _("Buyer (change of mind; the buyer pays return shipping)")
        SELLER = "seller", _("Seller (defect, wrong or damaged item; the store pays shipping)")

    class State(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        ESCALATED = "escalated", _("With the help center")
        RETURN_SHIPPED = "return_shipped", _("Sent back")
        RECEIVED = "received", _("Received by the store")
        REFUNDED = "refunded", _("Refunded")
        EXCHANGE_SHIPPED = "exchange_shipped", _("Exchange sent")
        COMPLETED = "completed", _("Completed")
        CLOSED = "closed", _("Closed")

    DONE_STATES = (State.WITHDRAWN, State.COMPLETED, State.CLOSED)

    reference = models.CharField(  # noqa: DJ001 - NULL only until the insert returns the id
        _("reference"), max_length=20, unique=True, null=True, editable=False
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    reason = models.TextField(_("reason"), max_length=2000)
    fault = models.CharField(_("whose fault"), max_length=8, choices=Fault)
    state = models.CharField(
        _("state"), max_length=20, choices=State, default=State.REQUESTED, db_index=True
    )
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="claims", verbose_name=_("buyer")
    )
    store = models.ForeignKey(
        "accounts.Store", models.PROTECT, related_name="claims", verbose_name=_("store")
    )
    ticket = models.ForeignKey(
        "tickets.Ticket", models.PROTECT, related_name="claims", verbose_name=_("inquiry")
    )
    order_number = models.CharField(_("order number"), max_length=40)
    product_name = models.CharField(_("product"), max_length=120, blank=True)
    amount = models.PositiveIntegerField(_("amount (won)"))
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    discovered_at = models.DateTimeField(_("problem found at"), null=True, blank=True)
    return_tracking_number = models.CharField(
        _("return tracking number"), max_length=40, blank=True
    )
    exchange_tracking_number = models.CharField(
        _("exchange tracking number"), max_length=40, blank=True
    )
    is_in_policy = models.BooleanField(
        _("in policy"),
        default=True,
        help_text=_("Accepted automatically when the store does not answer in time."),
    )
    seller_answer_due_at = models.DateTimeField(_("store answers by"), null=True, blank=True)
    refund_due_at = models.DateTimeField(_("refund due by"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    auto_accepted = models.BooleanField(_("accepted automatically"), default=False)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    refunded_at = models.DateTimeField(_("refunded at"), null=True, blank=True)
    refund_late = models.BooleanField(_("refund late"), default=False)
    is_escalated = models.BooleanField(_("escalated to the help center"), default=False)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    done_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    submission_key = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=["cancel", "return", "exchange", "not_received", "not_as_described"]
                ),
                name="claim_kind_known",
            ),
            models.CheckConstraint(
                condition=Q(fault__in=["buyer", "seller"]), name="claim_fault_known"
            ),
            models.CheckConstraint(
                condition=Q(
                    state__in=[
                        "requested",
                        "accepted",
                        "rejected",
                        "withdrawn",
                        "escalated",
                        "return_shipped",
                        "received",
                        "refunded",
                        "exchange_shipped",
                        "completed",
                        "closed",
                    ]
                ),
                name="claim_state_known",
            ),
            models.CheckConstraint(
                condition=Q(kind="not_as_described") | Q(discovered_at__isnull=True),
                name="claim_discovered_only_not_as_described",
            ),
            models.CheckConstraint(
                condition=Q(is_escalated=False, escalated_at__isnull=True)
                | Q(is_escalated=True, escalated_at__isnull=False),
                name="claim_escalated_at_if_escalated",
            ),
            models.CheckConstraint(
                condition=~Q(state="return_shipped") | ~Q(return_tracking_number=""),
                name="claim_return_tracking_if_shipped",
            ),
            models.CheckConstraint(
                condition=~Q(state="exchange_shipped") | ~Q(exchange_tracking_number=""),
                name="claim_exchange_tracking_if_shipped",
            ),
            models.CheckConstraint(
                condition=~Q(state="refunded") | Q(refunded_at__isnull=False),
                name="claim_refunded_at_if_refunded",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["withdrawn", "completed", "closed"], done_at__isnull=False)
                | (~Q(state__in=["withdrawn", "completed", "closed"]) & Q(done_at__isnull=True)),
                name="claim_done_at_if_done",
            ),
            # One open claim per order of a buyer: a double submit or a second tab gives one.
            models.UniqueConstraint(
                fields=["buyer", "store", "order_number"],
                condition=~Q(state__in=["withdrawn", "completed", "closed"]),
                name="claim_one_open_per_order",
            ),
        ]
        indexes = [
            # A buyer's claims, latest first.
            models.Index(fields=["buyer", "updated_at"], name="claim_buyer"),
            # A store's claims, latest first; reports by store and period.
            models.Index(fields=["store", "updated_at"], name="claim_store"),
            models.Index(fields=["store", "created_at"], name="claim_store_created"),
            # Agent views: open claims by their deadlines.
            models.Index(fields=["state", "refund_due_at"], name="claim_refund_due"),
            models.Index(fields=["state", "seller_answer_due_at"], name="claim_answer_due"),
            # The agents' "all open" view, in its order: read from the front until a page of
            # the agent's queues is full, instead of sorting every open claim.
            models.Index(
                fields=["seller_answer_due_at", "refund_due_at", "id"],
                condition=~Q(state__in=["withdrawn", "completed", "closed"]),
                name="claim_open_by_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("claims:detail", args=[self.reference])

    @property
    def is_open(self) -> bool:
        return self.state not in self.DONE_STATES

    @property
    def next_due_at(self) -> datetime | None:
        """The deadline running now: the store's answer, else the refund."""
        return self.due_of(
            self.state, self.seller_answer_due_at, self.refund_due_at, self.refunded_at
        )

    @classmethod
    def due_of(
        cls,
        state: str,
        seller_answer_due_at: datetime | None,
        refund_due_at: datetime | None,
        refunded_at: datetime | None,
    ) -> datetime | None:
        """next_due_at from the values alone (the lists read values, not claims)."""
        if state == cls.State.REQUESTED:
            return seller_answer_due_at
        if refund_due_at is not None and refunded_at is None and state not in cls.DONE_STATES:
            return refund_due_at
        return None


class ClaimEvent(models.Model):
    """One line of a claim's history: what happened (kind, states, parameters), never a
    sentence; ``claims.selectors.event_text`` says it in the reader's language."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Claim made")
        MOVED = "moved", _("State changed")
        REMINDED = "reminded", _("Reminder sent")

    class Party(models.TextChoices):
        BUYER = "buyer", _("Buyer")
        STORE = "store", _("Store")
        AGENT = "agent", _("Help center")
        SYSTEM = "system", _("System")

    claim = models.ForeignKey(Claim, models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    party = models.CharField(_("party"), max_length=8, choices=Party)
    old_state = models.CharField(_("from"), max_length=20, blank=True)
    new_state = models.CharField(_("to"), max_length=20, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("claim event")
        verbose_name_plural = _("claim events")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="moved") | (~Q(new_state="") & ~Q(old_state="")),
                name="claim_event_move_has_states",
            ),
            models.CheckConstraint(
                condition=Q(party="system", actor__isnull=True) | ~Q(party="system"),
                name="claim_event_system_has_no_actor",
            ),
        ]
        indexes = [models.Index(fields=["claim", "created_at"], name="claim_event_claim")]

    def __str__(self) -> str:
        return f"{self.claim_id} {self.kind} {self.old_state}→{self.new_state}"


class ClaimReminder(models.Model):
    """A claim's deadline is a row: the sweep claims due rows, so each automatic move (and
    each reminder) happens exactly once, with two beat processes or after an outage."""

    class Kind(models.TextChoices):
        STORE_ANSWER = "store_answer", _("Store answer window ends")
        REFUND_REMINDER = "refund_reminder", _("Refund due tomorrow")
        REFUND_DUE = "refund_due", _("Refund due")
        AUTO_COMPLETE = "auto_complete", _("Automatic completion")
        AUTO_CLOSE = "auto_close", _("Closing after no activity")

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        SENT = "sent", _("Done")
        CANCELLED = "cancelled", _("Cancelled")
        FAILED = "failed", _("Failed")

    claim = models.ForeignKey(Claim, models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    due_at = models.DateTimeField(_("due at"))
    state = models.CharField(_("state"), max_length=12, choices=State, default=State.SCHEDULED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("done at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("claim reminder")
        verbose_name_plural = _("claim reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "kind", "due_at"], name="one_claim_reminder_per_due"
            )
        ]
        indexes = [
            # The sweep: only scheduled rows, by due time.
            models.Index(
                fields=["due_at"], condition=Q(state="scheduled"), name="claim_reminder_sweep"
            )
        ]

    def __str__(self) -> str:
        return f"{self.claim_id} {self.kind} @ {self.due_at:%Y-%m-%d %H:%M}"
