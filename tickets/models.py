"""Tickets, their thread, history and everything that acts on them over time."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from catalog.models import Priority
from helpdesk.copies import ReferenceQuerySet
from helpdesk.terms import render

User = settings.AUTH_USER_MODEL


class Tag(models.Model):
    name = models.SlugField(_("name"), max_length=40, unique=True, allow_unicode=True)

    objects = ReferenceQuerySet["Tag"].as_manager()

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# The open statuses as an index condition (Ticket.OPEN_STATUSES, spelled out for Meta).
OPEN_TICKET = Q(status__in=["new", "open", "pending", "on_hold"])


class TicketQuerySet(models.QuerySet["Ticket"]):
    """Tickets; with_reference() fills in each one's category and queue from the cached
    reference data after the fetch instead of joining them. Planning a join of the category
    and queue tables as well costs PostgreSQL about 5 ms per query at a million tickets
    (against 0.5 ms without), more than reading the rows."""

    _with_reference = False

    def with_reference(self) -> TicketQuerySet:
        clone: TicketQuerySet = self._chain()  # type: ignore[attr-defined]
        clone._with_reference = True
        return clone

    def _clone(self) -> TicketQuerySet:
        clone: TicketQuerySet = super()._clone()  # type: ignore[misc]
        clone._with_reference = self._with_reference
        return clone

    def _fetch_all(self) -> None:
        fresh = self._result_cache is None
        super()._fetch_all()
        if fresh and self._with_reference and self._result_cache:
            from catalog import reference

            reference.attach(self._result_cache)


class Ticket(models.Model):
    class Status(models.TextChoices):  # values: the stable slugs of PRODUCT.md
        NEW = "new", _("New")
        OPEN = "open", _("Open")
        # Staff wording; the requester reads it as "Waiting for your reply"
        # (Ticket.status_label_for).
        PENDING = "pending", _("Pending (waiting on requester)")
        ON_HOLD = "on_hold", _("On hold")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed")

    Priority = Priority

    class RequesterKind(models.TextChoices):
        BUYER = "buyer", _("Buyer")
        SELLER = "seller", _("Seller")
        GUEST = "guest", _("Guest")

    class Channel(models.TextChoices):
        WEB = "web", _("Web form")
        API = "api", _("API")
        EMAIL = "email", _("E-mail")
        PHONE = "phone", _("Phone")
        CHAT = "chat", _("Chat")

    OPEN_STATUSES = (Status.NEW, Status.OPEN, Status.PENDING, Status.ON_HOLD)

    # Filled from the primary key right after insert: a sequence, never max()+1.
    reference = models.CharField(  # noqa: DJ001 - NULL only until the insert returns the id
        _("reference"), max_length=20, unique=True, null=True, editable=False
    )
    requester = models.ForeignKey(
        User,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("requester"),
        # Led by the requester: ticket_requester_latest serves every lookup by it.
        db_index=False,
    )
    requester_kind = models.CharField(
        _("requester kind"), max_length=8, choices=RequesterKind, default=RequesterKind.BUYER
    )
    requester_name = models.CharField(_("name"), max_length=80)
    requester_email = models.EmailField(_("e-mail"))
    # A guest's private tracking link carries this random 256-bit token; the reference never
    # grants access. Kept so that every e-mail to the guest can carry the link again.
    guest_token = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    store = models.ForeignKey(
        "accounts.Store",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("store"),
        db_index=False,  # ticket_store leads with it
    )
    category = models.ForeignKey(
        "catalog.Category", models.PROTECT, related_name="tickets", verbose_name=_("category")
    )
    queue = models.ForeignKey(
        "catalog.Queue",
        models.PROTECT,
        related_name="tickets",
        verbose_name=_("queue"),
        db_index=False,  # ticket_queue leads with it
    )
    subject = models.CharField(_("subject"), max_length=200)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.NEW)
    priority = models.CharField(
        _("priority"), max_length=16, choices=Priority, default=Priority.NORMAL
    )
    assignee = models.ForeignKey(
        User,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_tickets",
        verbose_name=_("assignee"),
        db_index=False,  # ticket_assignee leads with it
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel, default=Channel.WEB)
    # The language the requester wrote in: their e-mails go out in it.
    language = models.CharField(_("language"), max_length=8, default="ko")
    details = models.JSONField(_("case details"), default=dict, blank=True)
    # Copied out of details: agents and requesters search by it.
    order_number = models.CharField(_("order number"), max_length=40, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="tickets", verbose_name=_("tags"))
    # Double submissions (double-click, reload, API retry) carry the same key: one ticket.
    submission_key = models.CharField(
        max_length=128, unique=True, null=True, blank=True, editable=False
    )
    merged_into = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="merged_tickets", editable=False
    )
    # Filed by writing again on an inquiry closed past its reopen window: the thread it
    # continues, one click away (its reference follows from the id, so no join is needed).
    follows = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        editable=False,
        verbose_name=_("follow-up of"),
    )
    is_spam = models.BooleanField(_("spam"), default=False)
    reopened_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)

    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    first_response_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    first_response_due_at = models.DateTimeField(_("first response due"), null=True, blank=True)
    next_response_due_at = models.DateTimeField(_("next response due"), null=True, blank=True)
    resolution_due_at = models.DateTimeField(_("resolution due"), null=True, blank=True)
    # While waiting on the requester or on hold the response clock stops; resumes shift due times.
    sla_paused_at = models.DateTimeField(_("clock paused at"), null=True, blank=True)
    # Computed by the database, so the workspace can sort and page on them with an index.
    # The target that runs now: the first response until it is given, then the next response
    # while the requester waits on one, else the resolution.
    next_due_at = models.GeneratedField(
        expression=Case(
            When(
                first_response_at__isnull=True,
                first_response_due_at__isnull=False,
                then=F("first_response_due_at"),
            ),
            When(next_response_due_at__isnull=False, then=F("next_response_due_at")),
            default=F("resolution_due_at"),
        ),
        output_field=models.DateTimeField(null=True),
        db_persist=True,
        verbose_name=_("next due"),
    )
    # low < normal < high < urgent as a number: the slugs do not sort in that order.
    priority_rank = models.GeneratedField(
        expression=Case(
            When(priority="urgent", then=Value(4)),
            When(priority="high", then=Value(3)),
            When(priority="normal", then=Value(2)),
            default=Value(1),
        ),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )
    # Business minutes from filing to the first answer: the live "usually answered within"
    # shown to requesters is the median of these, so the database can compute it.
    first_response_minutes = models.PositiveIntegerField(
        _("first response (business minutes)"), null=True, blank=True, editable=False
    )
    # Business minutes from filing to resolution, kept when a resolved ticket is closed and
    # cleared when it reopens: reports take medians and percentiles of it in the database.
    resolution_minutes = models.PositiveIntegerField(
        _("resolution (business minutes)"), null=True, blank=True, editable=False
    )
    # The store's first public answer to an inquiry about its order, and how many business
    # minutes it took: the seller's statistics compare it with the store's answer target.
    store_answered_at = models.DateTimeField(
        _("store answered at"), null=True, blank=True, editable=False
    )
    store_answer_minutes = models.PositiveIntegerField(
        _("store answer (business minutes)"), null=True, blank=True, editable=False
    )
    # The store's answer is awaited until this moment (business time on the store's calendar):
    # set when an order inquiry is filed and when an agent asks the store, cleared when the
    # store answers (to the buyer or to the platform) or marks the buyer's message as needing
    # no answer. The reminders to the store and the escalation are rows due at its times.
    store_answer_due_at = models.DateTimeField(
        _("store answer due"), null=True, blank=True, editable=False
    )
    store_requested_at = models.DateTimeField(
        _("store asked at"), null=True, blank=True, editable=False
    )
    # The flag "store did not answer": the deadline passed and the platform took the ticket.
    store_missed_at = models.DateTimeField(
        _("store did not answer at"), null=True, blank=True, editable=False
    )
    # The buyer asked the help center to step in (after the store's deadline).
    escalated_at = models.DateTimeField(
        _("help center asked to step in at"), null=True, blank=True, editable=False
    )
    # The seller marked the buyer's message as needing no answer before answering: the
    # inquiry is left out of the store's on-time share.
    store_answer_not_needed = models.BooleanField(
        _("no store answer needed"), default=False, db_default=False, editable=False
    )

    objects = TicketQuerySet.as_manager()

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="closed") | Q(closed_at__isnull=True), name="closed_at_if_closed"
            ),
            models.CheckConstraint(
                condition=Q(requester__isnull=False) | Q(guest_token__isnull=False),
                name="requester_or_guest_token",
            ),
        ]
        indexes = [
            # Agent queue: open work per queue, oldest first.
            models.Index(fields=["queue", "status", "created_at"], name="ticket_queue"),
            # "Mine": an agent's open tickets.
            models.Index(fields=["assignee", "status", "updated_at"], name="ticket_assignee"),
            # Requester portal and API: my inquiries, latest first, the page read in index
            # order (with id, the order's tie-break) even for a requester with thousands.
            models.Index(fields=["requester", "updated_at", "id"], name="ticket_requester_latest"),
            # API ticket list: a requester's inquiries newest first by creation, the order its
            # cursor pages by, read in index order rather than sorted.
            models.Index(fields=["requester", "created_at", "id"], name="ticket_requester_created"),
            # Seller portal: the store's inquiries, latest first.
            models.Index(fields=["store", "updated_at"], name="ticket_store"),
            # Agent search by e-mail, and a guest's other tickets on the ticket page.
            models.Index(fields=["requester_email"], name="ticket_requester_email"),
            # Search by order number (portal and agent search).
            models.Index(fields=["order_number"], name="ticket_order_number"),
            # Reports: volume per day.
            models.Index(fields=["created_at"], name="ticket_created"),
            # Agent workspace views, each sorted by last update, due time or priority; the
            # primary key breaks ties so keyset pages never skip or repeat a row.
            # "Recently resolved" is counted from this index alone (the sidebar's counts).
            models.Index(
                fields=["status", "updated_at", "id", "queue", "is_spam"],
                name="ticket_status_updated",
            ),
            models.Index(
                fields=["queue", "status", "updated_at", "id"], name="ticket_queue_updated"
            ),
            models.Index(fields=["status", "next_due_at", "id"], name="ticket_status_due"),
            # Agent workspace, the views of open work ("All open", "Unassigned", due soon,
            # breached) in each sort order: only open tickets are in these indexes, so the first
            # page never walks past the closed history of a million tickets.
            models.Index(
                fields=["next_due_at", "id"], condition=OPEN_TICKET, name="ticket_open_due"
            ),
            models.Index(
                fields=["-priority_rank", "id"], condition=OPEN_TICKET, name="ticket_open_priority"
            ),
            models.Index(
                fields=["updated_at", "id"], condition=OPEN_TICKET, name="ticket_open_updated"
            ),
            models.Index(fields=["status", "priority_rank", "id"], name="ticket_status_priority"),
            # Agent workspace, open work of one category latest first (the filtered view), its
            # count read from the index alone.
            models.Index(
                fields=["category", "updated_at", "id", "queue"],
                condition=OPEN_TICKET,
                name="ticket_open_category",
            ),
            # The sidebar's counts of "Mine" and "Unassigned", read from the index alone.
            models.Index(
                fields=["assignee", "queue"], condition=OPEN_TICKET, name="ticket_open_assignee"
            ),
            # The sidebar's counts of "Due soon" and "Breached": the running clocks per queue.
            models.Index(
                fields=["queue", "next_due_at"],
                condition=Q(status__in=["new", "open"]),
                name="ticket_running_due",
            ),
            # Expected wait: a category's answered tickets of the last 30 days.
            models.Index(
                fields=["category", "first_response_at"],
                condition=Q(first_response_minutes__isnull=False),
                name="ticket_answered",
            ),
            # Reports: resolved per day, per agent, and the backlog (open or resolved later).
            models.Index(fields=["resolved_at"], name="ticket_reports_resolved"),
            # Seller statistics: a store's inquiries filed in a period.
            models.Index(fields=["store", "created_at"], name="ticket_reports_store"),
            # Agent workspace: open tickets the store did not answer in time.
            models.Index(
                fields=["store_missed_at", "id", "queue"],
                condition=OPEN_TICKET & Q(store_missed_at__isnull=False),
                name="ticket_open_store_missed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("tickets:detail", args=[self.reference])

    def status_label_for(self, party: str) -> str:
        """The status in the words of who reads it: pending waits for the requester, so the
        requester reads "waiting for your reply" and the store "waiting for the buyer"."""
        if self.status == Ticket.Status.PENDING:
            if party == "requester":
                return str(_("Waiting for your reply"))
            if party == "store":
                return str(_("Waiting for the buyer's reply"))
        return str(self.get_status_display())

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def follows_reference(self) -> str:
        """The reference of the inquiry this one follows up, read without a query."""
        return f"HD-{self.follows_id:06d}" if self.follows_id else ""

    @property
    def is_guest(self) -> bool:
        return self.requester_id is None

    @property
    def requester_display(self) -> str:
        return self.requester_name or self.requester_email


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name is random: the person's file name is kept in original_name only.
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Message(models.Model):
    class Kind(models.TextChoices):
        REPLY = "reply", _("Public reply")
        NOTE = "note", _("Internal note")
        SYSTEM = "system", _("System")

    class Visibility(models.TextChoices):
        """Who reads the message (values: the stable names of PRODUCT.md)."""

        PUBLIC = "public", _("Everyone on the inquiry")
        STORE = "store", _("Help center and store")
        INTERNAL = "internal", _("Help center only")

    ticket = models.ForeignKey(
        Ticket, models.CASCADE, related_name="messages", verbose_name=_("ticket")
    )
    author = models.ForeignKey(
        User,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("author"),
    )
    # Kept as written: a guest or a later-renamed person still shows as they were.
    author_name = models.CharField(_("author name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind, default=Kind.REPLY)
    # Who reads it: the requester, the store and the platform (public); the platform and the
    # store (the side conversation); the platform only (notes and system lines).
    visibility = models.CharField(
        _("visibility"),
        max_length=8,
        choices=Visibility,
        default=Visibility.PUBLIC,
        db_default=Visibility.PUBLIC,
    )
    # A seller marked this buyer message as needing no answer (recorded, see the history).
    no_answer_needed_at = models.DateTimeField(_("no answer needed since"), null=True, blank=True)
    # A seller answering a buyer's order inquiry speaks as the store.
    as_store = models.BooleanField(_("written as the store"), default=False)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            # Ticket page: the thread in order.
            models.Index(fields=["ticket", "created_at"], name="message_thread"),
            # Reports: public replies per agent in a period.
            models.Index(
                fields=["created_at", "author"],
                condition=Q(kind="reply"),
                name="message_reports_replies",
            ),
        ]
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.body[:40]}"

    @property
    def is_public(self) -> bool:
        """Seen by everyone on the ticket; notes and system lines stay with the platform."""
        return self.visibility == self.Visibility.PUBLIC


class Attachment(models.Model):
    ticket = models.ForeignKey(Ticket, models.CASCADE, related_name="attachments")
    message = models.ForeignKey(Message, models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(_("content type"), max_length=60)
    size_bytes = models.PositiveIntegerField(_("size"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class TicketEvent(models.Model):
    """One line of a ticket's history: who changed what, when and why."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        ROUTED = "routed", _("Routed")
        STATUS = "status", _("Status changed")
        PRIORITY = "priority", _("Priority changed")
        CATEGORY = "category", _("Category changed")
        QUEUE = "queue", _("Queue changed")
        ASSIGNEE = "assignee", _("Assignee changed")
        TAGS = "tags", _("Tags changed")
        REPLIED = "replied", _("Reply added")
        NOTED = "noted", _("Note added")
        MERGED = "merged", _("Merged")
        SPAM = "spam", _("Marked as spam")
        REOPENED = "reopened", _("Reopened")
        RATED = "rated", _("Rated")
        DUE = "due", _("Due times set")
        REMINDER = "reminder", _("Reminder sent")
        ESCALATED = "escalated", _("Escalated")
        STORE_ASKED = "store_asked", _("Store asked to answer")
        STORE_ANSWERED = "store_done", _("Store answered")
        STORE_MISSED = "store_late", _("Store did not answer in time")
        NO_ANSWER = "no_answer", _("Marked as needing no answer")
        STEP_IN = "step_in", _("Help center asked to step in")
        CLAIM = "claim", _("Claim")  # old: the claim's reference, new: its state (a term)
        FOLLOW_UP = "follow_up", _("Follow-up")
        LINKED = "linked", _("Linked")
        NOT_SIMILAR = "not_similar", _("Not similar")

    ticket = models.ForeignKey(Ticket, models.CASCADE, related_name="events")
    actor = models.ForeignKey(User, models.PROTECT, null=True, blank=True, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    old = models.CharField(_("before"), max_length=200, blank=True)
    new = models.CharField(_("after"), max_length=200, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    # What old, new and reason say, as terms (helpdesk/terms.py) rendered for each reader; the
    # text columns keep the writer's words, for rows from before and for search.
    params = models.JSONField(
        _("parameters"), default=dict, blank=True, db_default=Value({}, models.JSONField())
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        # Ticket page: the history in order.
        indexes = [models.Index(fields=["ticket", "created_at"], name="event_history")]
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.shown_old} → {self.shown_new}"

    def _shown(self, name: str) -> str:
        if name in (self.params or {}):
            return render(self.params[name])
        return str(getattr(self, name))

    @property
    def shown_old(self) -> str:
        return self._shown("old")

    @property
    def shown_new(self) -> str:
        return self._shown("new")

    @property
    def shown_reason(self) -> str:
        return self._shown("reason")


class SatisfactionRating(models.Model):
    ticket = models.OneToOneField(
        Ticket, models.CASCADE, related_name="rating", verbose_name=_("ticket")
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("rated at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("satisfaction rating")
        verbose_name_plural = _("satisfaction ratings")
        constraints = [
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="score_1_to_5")
        ]
        # Reports: ratings given in a period.
        indexes = [models.Index(fields=["created_at"], name="rating_reports")]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.score}"


class RoutingRule(models.Model):
    """When a new ticket matches every condition set here, the actions apply, in order."""

    name = models.CharField(_("name"), max_length=80)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    # Conditions: an empty one matches everything.
    category = models.ForeignKey(
        "catalog.Category", models.CASCADE, null=True, blank=True, verbose_name=_("category is")
    )
    requester_kind = models.CharField(
        _("requester is"), max_length=8, choices=Ticket.RequesterKind, blank=True
    )
    store = models.ForeignKey(
        "accounts.Store", models.CASCADE, null=True, blank=True, verbose_name=_("store is")
    )
    text_contains = models.TextField(
        _("text contains any of"), blank=True, help_text=_("One word or phrase per line.")
    )
    detail_name = models.CharField(_("detail"), max_length=20, blank=True)
    detail_value = models.CharField(_("detail equals"), max_length=80, blank=True)
    # Actions.
    set_queue = models.ForeignKey(
        "catalog.Queue",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("set queue"),
    )
    set_priority = models.CharField(_("set priority"), max_length=16, choices=Priority, blank=True)
    add_tags = models.ManyToManyField(Tag, blank=True, related_name="+", verbose_name=_("add tags"))
    set_assignee = models.ForeignKey(
        User, models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("assign to")
    )
    stop_processing = models.BooleanField(_("stop after this rule"), default=False)

    objects = ReferenceQuerySet["RoutingRule"].as_manager()

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class Macro(models.Model):
    """A canned response: text to insert, and changes to apply with it. The text comes in
    Korean and English: the one in the ticket's language is inserted, with its placeholders
    ({requester}, {reference}, {due}, {agent}) filled (tickets.macros)."""

    name = models.CharField(_("name (Korean)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80, blank=True)
    body = models.TextField(
        _("text (Korean)"),
        help_text=_(
            "Placeholders: {requester} the requester's name as every reader of the reply may"
            " see it, {reference} the ticket's reference, {due} when the ticket is due to be"
            " resolved, {agent} your name."
        ),
    )
    body_en = models.TextField(
        _("text (English)"), blank=True, help_text=_("Left empty, the Korean text is used.")
    )
    set_status = models.CharField(_("set status"), max_length=16, choices=Ticket.Status, blank=True)
    set_priority = models.CharField(_("set priority"), max_length=16, choices=Priority, blank=True)
    add_tags = models.ManyToManyField(Tag, blank=True, related_name="+", verbose_name=_("add tags"))
    queue = models.ForeignKey(
        "catalog.Queue",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="macros",
        verbose_name=_("only for queue"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ReferenceQuerySet["Macro"].as_manager()

    class Meta:
        verbose_name = _("canned response")
        verbose_name_plural = _("canned responses")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.shown_name

    @property
    def shown_name(self) -> str:
        """The name in the reader's language (the Korean one when there is no English)."""
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name

    def body_in(self, language: str) -> str:
        """The text in ``language`` (the Korean one when there is no English text)."""
        return self.body_en if language == "en" and self.body_en.strip() else self.body


class SLAPolicy(models.Model):
    """Response-time targets in business minutes, per category (or any) and priority."""

    category = models.ForeignKey(
        "catalog.Category",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="sla_policies",
        verbose_name=_("category"),
        help_text=_("Leave empty for the default of every category."),
    )
    priority = models.CharField(_("priority"), max_length=16, choices=Priority)
    first_response_minutes = models.PositiveIntegerField(_("first response (business minutes)"))
    next_response_minutes = models.PositiveIntegerField(_("next response (business minutes)"))
    resolution_minutes = models.PositiveIntegerField(_("resolution (business minutes)"))

    objects = ReferenceQuerySet["SLAPolicy"].as_manager()

    class Meta:
        verbose_name = _("response-time target")
        verbose_name_plural = _("response-time targets")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "priority"],
                condition=Q(category__isnull=False),
                name="one_policy_per_category_priority",
            ),
            models.UniqueConstraint(
                fields=["priority"], condition=Q(category__isnull=True), name="one_default_policy"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category or '*'} / {self.get_priority_display()}"


class Reminder(models.Model):
    """A reminder is a row: the sweep claims due rows, so none is lost or sent twice."""

    class Kind(models.TextChoices):
        FIRST_RESPONSE_WARNING = "first_response_warning", _("First response due soon")
        FIRST_RESPONSE_BREACH = "first_response_breach", _("First response overdue")
        NEXT_RESPONSE_WARNING = "next_response_warning", _("Next response due soon")
        NEXT_RESPONSE_BREACH = "next_response_breach", _("Next response overdue")
        RESOLUTION_WARNING = "resolution_warning", _("Resolution due soon")
        RESOLUTION_BREACH = "resolution_breach", _("Resolution overdue")
        PENDING_NUDGE = "pending_nudge", _("Reminder to the requester")
        AUTO_RESOLVE = "auto_resolve", _("Automatic resolution")
        AUTO_CLOSE = "auto_close", _("Automatic closing")
        SATISFACTION = "satisfaction", _("Satisfaction survey")
        STORE_ANSWER_WARNING = "store_answer_warning", _("Store answer due soon")
        STORE_ANSWER_MISSED = "store_answer_missed", _("Store answer overdue")

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        SENT = "sent", _("Sent")
        CANCELLED = "cancelled", _("Cancelled")
        FAILED = "failed", _("Failed")

    ticket = models.ForeignKey(
        Ticket, models.CASCADE, related_name="reminders", verbose_name=_("ticket")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind)
    due_at = models.DateTimeField(_("due at"))
    state = models.CharField(_("state"), max_length=12, choices=State, default=State.SCHEDULED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "kind", "due_at"], name="one_reminder_per_due"
            )
        ]
        indexes = [
            # The sweep: only scheduled rows, by due time, so it never scans sent history.
            models.Index(fields=["due_at"], condition=Q(state="scheduled"), name="reminder_sweep")
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind} @ {self.due_at:%Y-%m-%d %H:%M}"


class RelayAddress(models.Model):
    """The stable address through which a buyer and a store write to each other by e-mail:
    the store never learns the buyer's address, and the buyer's mail to it reaches the
    inquiry. One per buyer (by e-mail address, so guests have one too) and store."""

    store = models.ForeignKey(
        "accounts.Store", models.CASCADE, related_name="+", verbose_name=_("store")
    )
    buyer_email = models.EmailField(_("buyer's e-mail"))
    token = models.CharField(_("token"), max_length=24, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("relay address")
        verbose_name_plural = _("relay addresses")
        constraints = [
            models.UniqueConstraint(fields=["store", "buyer_email"], name="one_relay_per_pair")
        ]

    def __str__(self) -> str:
        return self.address

    @property
    def address(self) -> str:
        return f"relay-{self.token}@{settings.HELPDESK_RELAY_DOMAIN}"


class Notification(models.Model):
    """An in-app notice for an agent or requester, shown with an unread count."""

    recipient = models.ForeignKey(User, models.CASCADE, related_name="notifications")
    ticket = models.ForeignKey(Ticket, models.CASCADE, null=True, blank=True, related_name="+")
    kind = models.CharField(_("kind"), max_length=32)
    text = models.CharField(_("text"), max_length=300)
    # The notice as a term (helpdesk/terms.py), rendered in the reader's language when read;
    # ``text`` keeps it as written for the recipient then (and is all older rows have).
    params = models.JSONField(
        _("parameters"), default=dict, blank=True, db_default=Value({}, models.JSONField())
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        # Workspace header: my unread notices.
        indexes = [
            models.Index(fields=["recipient", "read_at", "created_at"], name="notification_inbox")
        ]

    def __str__(self) -> str:
        return self.shown_text

    @property
    def shown_text(self) -> str:
        if self.params:
            return render(self.params)[:300]
        return self.text
