"""Live chat: a chat is a ticket with channel ``chat`` (its lines are the ticket's public
messages); these rows hold what only the live conversation has: its state, who holds it,
when it was answered, and which agents are there to take one."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

User = settings.AUTH_USER_MODEL


class Availability(models.Model):
    """An agent's availability for chats. Online counts only while the console's heartbeat is
    fresh (``seen_at``): a closed laptop drops out on its own, within a minute."""

    class Status(models.TextChoices):
        ONLINE = "online", _("Online")
        AWAY = "away", _("Away")
        OFFLINE = "offline", _("Offline")

    agent = models.OneToOneField(
        User,
        models.CASCADE,
        primary_key=True,
        related_name="chat_availability",
        verbose_name=_("agent"),
    )
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.OFFLINE)
    seen_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("chat availability")
        verbose_name_plural = _("chat availability")
        # The chat button and routing: who is online now, by freshness of the heartbeat.
        indexes = [models.Index(fields=["status", "seen_at"], name="chat_availability_online")]

    def __str__(self) -> str:
        return f"{self.agent_id}: {self.status}"


class Chat(models.Model):
    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting for an agent")
        ACTIVE = "active", _("In conversation")
        ENDED = "ended", _("Ended")
        CONVERTED = "converted", _("Turned into an inquiry")

    class EndReason(models.TextChoices):
        LEFT = "left", _("The requester left")
        GONE = "gone", _("The requester's window closed")
        IDLE = "idle", _("Nobody wrote for a while")
        AGENT = "agent", _("The agent ended the chat")
        CONVERTED = "converted", _("Turned into an inquiry")

    LIVE_STATES = (State.WAITING, State.ACTIVE)

    # Names the chat in its addresses; random, so one chat's address says nothing of another.
    key = models.CharField(max_length=40, unique=True, editable=False)
    ticket = models.OneToOneField(
        "tickets.Ticket", models.PROTECT, related_name="chat", verbose_name=_("ticket")
    )
    queue = models.ForeignKey(
        "catalog.Queue",
        models.PROTECT,
        related_name="chats",
        verbose_name=_("queue"),
        db_index=False,  # chat_waiting leads with it
    )
    requester = models.ForeignKey(
        User,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="chats",
        verbose_name=_("requester"),
    )
    agent = models.ForeignKey(
        User,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="held_chats",
        verbose_name=_("agent"),
        db_index=False,  # chat_agent leads with it
    )
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.WAITING)
    end_reason = models.CharField(_("ended because"), max_length=10, choices=EndReason, blank=True)
    language = models.CharField(_("language"), max_length=8, default="ko")
    started_at = models.DateTimeField(_("started at"), default=timezone.now, editable=False)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    # The first line an agent wrote: "time to first answer" is measured from it.
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    first_answer_seconds = models.PositiveIntegerField(
        _("first answer (seconds)"), null=True, blank=True
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("last message at"), default=timezone.now)
    requester_seen_at = models.DateTimeField(_("requester last seen at"), default=timezone.now)
    # Answers written after the requester left are e-mailed together at this moment.
    batch_due_at = models.DateTimeField(_("answers e-mailed at"), null=True, blank=True)
    # The last message already e-mailed (a message id): the next batch starts after it.
    emailed_through = models.BigIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("chat")
        verbose_name_plural = _("chats")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["waiting", "active"], ended_at__isnull=True)
                | Q(state__in=["ended", "converted"], ended_at__isnull=False),
                name="chat_ended_at_if_ended",
            ),
            models.CheckConstraint(
                condition=~Q(state="active") | Q(agent__isnull=False),
                name="chat_active_has_agent",
            ),
        ]
        indexes = [
            # The waiting line per queue (position in it, offers to the queue's agents).
            models.Index(fields=["queue", "state", "started_at"], name="chat_waiting"),
            # An agent's live chats (capacity) and the console's list.
            models.Index(fields=["agent", "state"], name="chat_agent"),
            # Reports: chats started in a period.
            models.Index(fields=["started_at"], name="chat_started"),
            # The sweep: live chats by their last activity, and batches that fell due.
            models.Index(
                fields=["last_activity_at"],
                condition=Q(state__in=["waiting", "active"]),
                name="chat_live_activity",
            ),
            models.Index(
                fields=["batch_due_at"],
                condition=Q(batch_due_at__isnull=False),
                name="chat_batch_due",
            ),
        ]

    def __str__(self) -> str:
        return f"chat {self.pk} ({self.state})"

    @property
    def is_live(self) -> bool:
        return self.state in self.LIVE_STATES
