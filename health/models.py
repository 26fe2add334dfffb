"""One row per heartbeat: when beat last sent, a worker last consumed, a sweep last ran."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    BEAT = "beat"  # beat started or sent the heartbeat task
    WORKER = "worker"  # a worker became ready or consumed the heartbeat task
    REMINDER_SWEEP = "sweep:reminders"
    OUTBOX_SWEEP = "sweep:outbox"

    name = models.CharField(_("name"), max_length=40, primary_key=True)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return f"{self.name} @ {self.at:%Y-%m-%d %H:%M:%S}"
