"""Known-issue notices: what supervisors tell people before they write, the tickets filed
about the same issue, and who saw a notice on the inquiry form (the deflection funnel)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import localized


class Notice(models.Model):
    class State(models.TextChoices):
        INVESTIGATING = "investigating", _("Investigating")
        IDENTIFIED = "identified", _("Cause identified")
        RESOLVED = "resolved", _("Resolved")

    title_ko = models.CharField(_("title (Korean)"), max_length=120)
    title_en = models.CharField(_("title (English)"), max_length=120)
    body_ko = models.TextField(_("text (Korean)"), max_length=2000)
    body_en = models.TextField(_("text (English)"), max_length=2000)
    categories = models.ManyToManyField(
        "catalog.Category", related_name="notices", verbose_name=_("categories")
    )
    state = models.CharField(
        _("state"), max_length=16, choices=State, default=State.INVESTIGATING, editable=False
    )
    starts_at = models.DateTimeField(_("shown from"), default=timezone.now)
    ends_at = models.DateTimeField(
        _("shown until"),
        null=True,
        blank=True,
        help_text=_("Leave empty to show it until resolved."),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("published by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("known-issue notice")
        verbose_name_plural = _("known-issue notices")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="notice_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=(Q(state="resolved") & Q(resolved_at__isnull=False))
                | (~Q(state="resolved") & Q(resolved_at__isnull=True)),
                name="notice_resolved_at_if_resolved",
            ),
        ]
        # Every page with notices: the ones shown now, by when they started and end.
        indexes = [models.Index(fields=["starts_at", "ends_at"], name="notice_shown")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("notices:agent_notice", args=[self.pk])

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def body(self) -> str:
        return localized(self, "body")

    @property
    def is_resolved(self) -> bool:
        return self.state == self.State.RESOLVED

    def is_shown_at(self, at: datetime) -> bool:
        return self.starts_at <= at and (self.ends_at is None or self.ends_at > at)


class NoticeTicket(models.Model):
    """A ticket about the issue a notice describes, and whether the answer to all went out."""

    notice = models.ForeignKey(Notice, models.CASCADE, related_name="links")
    ticket = models.ForeignKey("tickets.Ticket", models.CASCADE, related_name="notice_links")
    linked_at = models.DateTimeField(_("linked at"), default=timezone.now, editable=False)
    # Empty: linked automatically as the ticket was filed.
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    message = models.ForeignKey(
        "tickets.Message", models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("linked ticket")
        verbose_name_plural = _("linked tickets")
        constraints = [
            models.UniqueConstraint(fields=["notice", "ticket"], name="one_link_per_ticket"),
            models.CheckConstraint(
                condition=Q(message__isnull=True) | Q(answered_at__isnull=False),
                name="notice_link_answered_with_message",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.notice_id} ↔ {self.ticket_id}"


class NoticeView(models.Model):
    """A notice shown on one inquiry form (its submission id): the funnel's first step. The
    ticket filed from that form, if any, is the second; the rest left without filing."""

    notice = models.ForeignKey(Notice, models.CASCADE, related_name="views")
    category = models.ForeignKey("catalog.Category", models.PROTECT, related_name="+")
    # Keyed hash of the session: people are counted, not forms.
    visitor = models.CharField(_("visitor"), max_length=64, editable=False)
    # The ticket's submission key the form will file with ("web:<uuid>").
    submission_key = models.CharField(max_length=128, editable=False)
    seen_at = models.DateTimeField(_("seen at"), default=timezone.now, editable=False)
    filed_ticket = models.ForeignKey(
        "tickets.Ticket", models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("notice seen on the inquiry form")
        verbose_name_plural = _("notices seen on the inquiry form")
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "submission_key"], name="one_notice_view_per_form"
            )
        ]
        indexes = [
            # Reports: per category over a period.
            models.Index(fields=["category", "seen_at"], name="notice_view_funnel"),
            # Filing marks the form's rows.
            models.Index(fields=["submission_key"], name="notice_view_submission"),
        ]

    def __str__(self) -> str:
        return f"{self.notice_id} · {self.visitor[:8]}"
