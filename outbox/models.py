"""Outgoing e-mail as rows: written with the event that causes it, delivered by a task."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboundEmail(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=250)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    language = models.CharField(_("language"), max_length=8, default="ko")
    # Stops the same notice being queued twice (e.g. "ack:<ticket id>").
    dedupe_key = models.CharField(max_length=120, unique=True, null=True, blank=True)
    # Our own Message-ID, set when the row is written: a reply names it in In-Reply-To or
    # References, and the e-mail channel finds the ticket through reply_to (mail/).
    message_id = models.CharField(
        _("Message-ID"), max_length=250, unique=True, null=True, blank=True
    )
    # Where replies go: help+<signed token>@..., which names the ticket and the recipient.
    reply_to = models.CharField(_("reply to"), max_length=250, blank=True, default="")
    state = models.CharField(_("state"), max_length=8, choices=State, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mail")
        ordering = ["-created_at"]
        # The delivery sweep: queued mail whose next attempt has come.
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=Q(state="queued"), name="outbox_due")
        ]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"
