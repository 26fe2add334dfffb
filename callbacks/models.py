"""Callbacks instead of phone queues: a request to be called, its ticket, and each attempt."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Callback(models.Model):
    class Source(models.TextChoices):
        REQUESTED = "requested", _("Callback request")
        INCOMING = "incoming", _("Incoming call")

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting for a call")
        REACHED = "reached", _("Reached")
        NOT_REACHED = "not_reached", _("Not reached")

    ticket = models.OneToOneField(
        "tickets.Ticket", models.CASCADE, related_name="callback", verbose_name=_("ticket")
    )
    channel = models.ForeignKey(
        "contacts.ContactChannel",
        models.PROTECT,
        related_name="callbacks",
        verbose_name=_("phone channel"),
    )
    source = models.CharField(_("source"), max_length=12, choices=Source, default=Source.REQUESTED)
    # Written 010-1234-5678; shown in full only to the agents who work the callback
    # (selectors.shown_phone), masked to everyone else, and kept for the callback only.
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    # Empty: as soon as possible.
    preferred_at = models.DateTimeField(_("preferred time"), null=True, blank=True)
    due_at = models.DateTimeField(_("call due at"))
    state = models.CharField(_("state"), max_length=12, choices=State, default=State.WAITING)
    attempt_count = models.PositiveSmallIntegerField(_("attempts"), default=0)
    first_attempt_at = models.DateTimeField(_("first attempt at"), null=True, blank=True)
    # Business minutes (the channel's hours) from when the call was wanted to the first
    # attempt: the phone channel's wait on /contacts/ is the median of these.
    wait_minutes = models.PositiveIntegerField(
        _("wait (business minutes)"), null=True, blank=True, editable=False
    )
    reached_at = models.DateTimeField(_("reached at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("callback")
        verbose_name_plural = _("callbacks")
        constraints = [
            models.CheckConstraint(
                condition=Q(source="incoming") | ~Q(phone=""), name="callback_has_a_phone"
            ),
            models.CheckConstraint(
                condition=Q(state="reached") | Q(reached_at__isnull=True),
                name="callback_reached_at_if_reached",
            ),
        ]
        indexes = [
            # The agents' callback view: waiting calls, soonest due first.
            models.Index(fields=["state", "due_at"], name="callback_due"),
            # The measured wait: a channel's first attempts of the last 30 days.
            models.Index(
                fields=["channel", "first_attempt_at"],
                condition=Q(wait_minutes__isnull=False),
                name="callback_wait",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} @ {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def is_waiting(self) -> bool:
        return self.state == self.State.WAITING


class CallbackAttempt(models.Model):
    class Outcome(models.TextChoices):
        REACHED = "reached", _("Reached")
        NO_ANSWER = "no_answer", _("No answer")
        WRONG_NUMBER = "wrong_number", _("Wrong number")

    callback = models.ForeignKey(Callback, models.CASCADE, related_name="attempts")
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome)
    note = models.CharField(_("note"), max_length=1000, blank=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("agent")
    )
    at = models.DateTimeField(_("at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("call attempt")
        verbose_name_plural = _("call attempts")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.callback_id}: {self.outcome}"
