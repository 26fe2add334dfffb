"""Inbound e-mail: every raw message stored once, before anything is done with it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class InboundMessage(models.Model):
    """One received message, raw, with what became of it."""

    class State(models.TextChoices):
        RECEIVED = "received", _("Received")  # stored, waiting to be processed
        PROCESSED = "processed", _("Processed")
        HELD = "held", _("Held for a person")  # another sender's reply, or too many at once
        QUARANTINED = "quarantined", _("Quarantined")  # processing failed: the error says why
        IGNORED = "ignored", _("Ignored")  # automatic mail, duplicates of our own, dismissed

    class Source(models.TextChoices):
        SMTP = "smtp", _("SMTP receiver")
        IMAP = "imap", _("IMAP mailbox")
        WEBHOOK = "webhook", _("Provider webhook")

    # The message's own Message-ID, or "sha256:<hash of the raw bytes>" when it has none:
    # the same mail delivered twice (a retry, a second poll, a webhook resent) is one row.
    message_key = models.CharField(_("Message-ID"), max_length=250, unique=True)
    raw = models.BinaryField(_("raw message"))
    source = models.CharField(_("source"), max_length=8, choices=Source)
    envelope_from = models.CharField(_("envelope sender"), max_length=250, blank=True)
    envelope_to = models.TextField(_("envelope recipients"), blank=True)
    sender = models.CharField(_("from"), max_length=250, blank=True)
    subject = models.CharField(_("subject"), max_length=250, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State, default=State.RECEIVED)
    # What the channel made of it (opened, replied, held_sender, auto_reply, bounce, ...).
    outcome = models.CharField(_("outcome"), max_length=24, blank=True)
    error = models.TextField(_("error"), blank=True)
    ticket = models.ForeignKey(
        "tickets.Ticket",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ticket"),
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # A worker processing the row holds it until then; a dead worker's row is free after.
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now, editable=False)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted or dismissed by"),
    )

    class Meta:
        verbose_name = _("inbound e-mail")
        verbose_name_plural = _("inbound e-mail")
        ordering = ["-received_at"]
        indexes = [
            # The sweep: rows still waiting to be processed.
            models.Index(fields=["received_at"], condition=Q(state="received"), name="inbound_due"),
            # The hourly limit per sender.
            models.Index(fields=["sender", "received_at"], name="inbound_sender"),
            # A ticket's held mail in the agent workspace.
            models.Index(fields=["ticket", "state"], name="inbound_ticket"),
        ]

    def __str__(self) -> str:
        return f"{self.sender}: {self.subject}"


class FailingAddress(models.Model):
    """An address our mail bounced from permanently (5.x.x); agents see it, and it clears
    when the person writes to us again from it."""

    email = models.EmailField(_("e-mail"), unique=True)
    status = models.CharField(_("status"), max_length=16, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    bounces = models.PositiveIntegerField(_("bounces"), default=0)
    failing_since = models.DateTimeField(_("failing since"), default=timezone.now)
    last_bounce_at = models.DateTimeField(_("last bounce"), default=timezone.now)

    class Meta:
        verbose_name = _("failing address")
        verbose_name_plural = _("failing addresses")
        ordering = ["-last_bounce_at"]

    def __str__(self) -> str:
        return self.email


class MailboxState(models.Model):
    """How far an IMAP mailbox was read: the last UID stored, valid while UIDVALIDITY holds."""

    mailbox = models.CharField(_("mailbox"), max_length=250, unique=True)
    uidvalidity = models.BigIntegerField(_("UIDVALIDITY"), default=0)
    last_uid = models.BigIntegerField(_("last UID"), default=0)
    polled_at = models.DateTimeField(_("polled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("IMAP mailbox")
        verbose_name_plural = _("IMAP mailboxes")

    def __str__(self) -> str:
        return self.mailbox
