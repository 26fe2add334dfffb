"""What people come with (categories), who handles it (queues), and when we work (calendars).

Shared reference data: tickets, the FAQ and the contact directory all point here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from helpdesk.copies import ReferenceQuerySet


def localized(obj: object, field: str) -> str:
    """The Korean or English value of a bilingual field, for the active language."""
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    value = getattr(obj, f"{field}_{language}", "") or getattr(obj, f"{field}_ko", "")
    return str(value)


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")

    @classmethod
    def raised(cls, value: str) -> str:
        """One step more urgent; urgent stays urgent."""
        order = [cls.LOW, cls.NORMAL, cls.HIGH, cls.URGENT]
        return order[min(order.index(cls(value)) + 1, len(order) - 1)].value


class Audience(models.TextChoices):
    BUYER = "buyer", _("Buyers")
    SELLER = "seller", _("Sellers")
    EVERYONE = "everyone", _("Everyone")


class BusinessCalendar(models.Model):
    """Weekly opening hours plus holidays: the clock response-time targets run on."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    time_zone = models.CharField(_("time zone"), max_length=40, default="Asia/Seoul")
    observes_korean_holidays = models.BooleanField(
        _("closed on Korean public holidays"), default=True
    )
    is_default = models.BooleanField(_("default calendar"), default=False)

    objects = ReferenceQuerySet["BusinessCalendar"].as_manager()

    class Meta:
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_calendar"
            )
        ]

    def __str__(self) -> str:
        return self.name


class OpeningHours(models.Model):
    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    calendar = models.ForeignKey(BusinessCalendar, models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday)
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))

    objects = ReferenceQuerySet["OpeningHours"].as_manager()

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__lt=models.F("closes_at")), name="opens_before_closes"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}-{self.closes_at:%H:%M}"


class Closure(models.Model):
    """A day the team is closed beyond the public holidays (company holiday, office move)."""

    calendar = models.ForeignKey(BusinessCalendar, models.CASCADE, related_name="closures")
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=120, blank=True)

    objects = ReferenceQuerySet["Closure"].as_manager()

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "date"], name="one_closure_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.reason}"


class QueueQuerySet(ReferenceQuerySet["Queue"]):
    # Round-robin's turn (tickets.routing.pick_assignee) is read fresh, under a row lock.
    unshared_fields = frozenset({"last_assigned_to", "last_assigned_to_id"})


class Queue(models.Model):
    """A team of agents that handles some categories."""

    class AutoAssign(models.TextChoices):
        OFF = "off", _("Off")
        ROUND_ROBIN = "round_robin", _("Round-robin")
        LEAST_OPEN = "least_open", _("Fewest open tickets")

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name_ko = models.CharField(_("name (Korean)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="QueueMembership",
        related_name="queues",
        verbose_name=_("agents"),
    )
    auto_assign = models.CharField(
        _("automatic assignment"), max_length=16, choices=AutoAssign, default=AutoAssign.OFF
    )
    calendar = models.ForeignKey(
        BusinessCalendar,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="queues",
        verbose_name=_("business calendar"),
        help_text=_("Leave empty to use the default calendar."),
    )
    last_assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = QueueQuerySet.as_manager()

    class Meta:
        verbose_name = _("queue")
        verbose_name_plural = _("queues")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class QueueMembership(models.Model):
    queue = models.ForeignKey(
        Queue, models.CASCADE, related_name="memberships", verbose_name=_("queue")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="memberships",
        verbose_name=_("person"),
    )
    is_available = models.BooleanField(
        _("available for assignment"),
        default=True,
        help_text=_("Off while the agent is away: automatic assignment skips them."),
    )

    objects = ReferenceQuerySet["QueueMembership"].as_manager()

    class Meta:
        verbose_name = _("queue membership")
        verbose_name_plural = _("queue memberships")
        constraints = [models.UniqueConstraint(fields=["queue", "user"], name="one_membership")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.queue}"


class Category(models.Model):
    """A situation people write about; it decides the form's fields, the queue and priority."""

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name_ko = models.CharField(_("name (Korean)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    description_ko = models.CharField(_("description (Korean)"), max_length=200, blank=True)
    description_en = models.CharField(_("description (English)"), max_length=200, blank=True)
    audience = models.CharField(
        _("audience"), max_length=16, choices=Audience, default=Audience.BUYER
    )
    fields = models.JSONField(
        _("case fields"),
        default=list,
        blank=True,
        help_text=_(
            'The details this case needs, in order: [{"name": "order_number", "required": true}]. '
            "Names: order_number, product_name, store_id, tracking_number, payment_method, amount."
        ),
    )
    default_priority = models.CharField(
        _("default priority"), max_length=16, choices=Priority, default=Priority.NORMAL
    )
    queue = models.ForeignKey(
        Queue, models.PROTECT, related_name="categories", verbose_name=_("queue")
    )
    keywords = models.TextField(
        _("keywords"),
        blank=True,
        help_text=_(
            "Words in Korean or English, one per line, that point an unsorted inquiry here."
        ),
    )
    concerns_store = models.BooleanField(
        _("concerns a store's order"),
        default=False,
        help_text=_("The store's seller sees these inquiries and can answer them."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ReferenceQuerySet["Category"].as_manager()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["sort_order", "slug"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")

    @property
    def keyword_list(self) -> list[str]:
        return [word.strip().lower() for word in self.keywords.splitlines() if word.strip()]
