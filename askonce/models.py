"""Similar tickets suggested to agents, what became of each suggestion (shown, merged, linked,
dismissed: the precision the reports show), and tickets linked as related."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Suggestion(models.Model):
    """One similar ticket suggested beside another, once per pair and in the order it was
    first shown; its state says what the agents did with it."""

    class Reason(models.TextChoices):
        REQUESTER = "requester", _("Same requester and category")
        ORDER = "order", _("Same order number")
        TEXT = "text", _("Similar words")

    class State(models.TextChoices):
        SHOWN = "shown", _("Shown")
        MERGED = "merged", _("Merged")
        LINKED = "linked", _("Linked")
        DISMISSED = "dismissed", _("Dismissed")

    ACCEPTED = (State.MERGED, State.LINKED)

    ticket = models.ForeignKey(
        "tickets.Ticket", models.CASCADE, related_name="+", verbose_name=_("ticket")
    )
    suggested = models.ForeignKey(
        "tickets.Ticket", models.CASCADE, related_name="+", verbose_name=_("similar ticket")
    )
    reason = models.CharField(_("why"), max_length=12, choices=Reason)
    score = models.FloatField(_("similarity"), default=1.0)
    state = models.CharField(_("state"), max_length=12, choices=State, default=State.SHOWN)
    shown_at = models.DateTimeField(_("shown at"), default=timezone.now, editable=False)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        verbose_name = _("similar-ticket suggestion")
        verbose_name_plural = _("similar-ticket suggestions")
        constraints = [
            models.UniqueConstraint(fields=["ticket", "suggested"], name="one_suggestion_per_pair"),
            models.CheckConstraint(condition=~Q(ticket=models.F("suggested")), name="not_itself"),
        ]
        indexes = [
            # Reports: suggestions shown in a period, by what became of them.
            models.Index(fields=["shown_at", "state"], name="suggestion_reports"),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} ~ {self.suggested_id} ({self.state})"


class TicketLink(models.Model):
    """Two tickets an agent said are related (without merging them): each shows the other."""

    ticket = models.ForeignKey(
        "tickets.Ticket", models.CASCADE, related_name="+", verbose_name=_("ticket")
    )
    other = models.ForeignKey(
        "tickets.Ticket", models.CASCADE, related_name="+", verbose_name=_("related ticket")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("linked at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("ticket link")
        verbose_name_plural = _("ticket links")
        constraints = [
            # Stored once, lower id first, whichever ticket the agent was on.
            models.UniqueConstraint(fields=["ticket", "other"], name="one_link_per_pair"),
            models.CheckConstraint(condition=Q(ticket__lt=models.F("other")), name="link_ordered"),
        ]
        indexes = [models.Index(fields=["other"], name="ticketlink_other")]

    def __str__(self) -> str:
        return f"{self.ticket_id} ↔ {self.other_id}"
