"""The audit trail: who did what, when and from where; rows are only ever added."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helpdesk.terms import render


class AppendOnly(Exception):
    """An audit entry was about to be changed or deleted."""


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        SIGN_IN = "sign_in", _("Signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-in")
        PERMISSIONS = "permissions", _("Permissions changed")
        ROLE = "role", _("Role changed")
        ASSIGNMENT = "assignment", _("Ticket assigned")
        STATUS = "status", _("Ticket status changed")
        EXPORT = "export", _("Data exported")
        FILE_DOWNLOAD = "file_download", _("Staff downloaded a file")
        MODERATION = "moderation", _("Community moderation")

    at = models.DateTimeField(_("at"), default=timezone.now, editable=False)
    # No database constraint and no cascade: deleting a person must not touch their trail.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.DO_NOTHING,
        null=True,
        blank=True,
        db_constraint=False,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_name = models.CharField(_("who (as then)"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action)
    object_type = models.CharField(_("object type"), max_length=40, blank=True)
    object_id = models.CharField(_("object"), max_length=64, blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    # The summary as a term (helpdesk/terms.py) for each reader's language; ``summary`` keeps
    # it as written then, for search and for rows from before.
    params = models.JSONField(
        _("parameters"), default=dict, blank=True, db_default=Value({}, models.JSONField())
    )
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-at", "-id"]
        # The supervisor page: newest first, filtered by action or by person.
        indexes = [
            models.Index(fields=["at"], name="audit_at"),
            models.Index(fields=["action", "at"], name="audit_action_at"),
            models.Index(fields=["actor", "at"], name="audit_actor_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnly("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnly("Audit entries cannot be deleted.")

    @property
    def shown_summary(self) -> str:
        return render(self.params) if self.params else self.summary
