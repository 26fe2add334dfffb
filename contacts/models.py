"""The ways to reach the marketplace's customer centre, and when each is open."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.models import Audience, localized


class ContactChannel(models.Model):
    class Kind(models.TextChoices):
        PHONE = "phone", _("Phone")
        CHAT = "chat", _("Chat")
        ONLINE = "online", _("1:1 online inquiry")
        EMAIL = "email", _("E-mail")
        COMMUNITY = "community", _("Community")
        SELLER_CENTER = "seller_center", _("Seller center")

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    name_ko = models.CharField(_("name (Korean)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    address = models.CharField(
        _("number or address"), max_length=200, help_text=_("Phone number, e-mail address or path.")
    )
    calendar = models.ForeignKey(
        "catalog.BusinessCalendar",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="channels",
        verbose_name=_("opening hours"),
        help_text=_("Leave empty for a channel that is open at any hour."),
    )
    audience = models.CharField(
        _("audience"), max_length=16, choices=Audience, default=Audience.EVERYONE
    )
    categories = models.ManyToManyField(
        "catalog.Category", related_name="channels", blank=True, verbose_name=_("serves")
    )
    strengths_ko = models.CharField(_("strengths (Korean)"), max_length=200, blank=True)
    strengths_en = models.CharField(_("strengths (English)"), max_length=200, blank=True)
    limits_ko = models.CharField(_("limits (Korean)"), max_length=200, blank=True)
    limits_en = models.CharField(_("limits (English)"), max_length=200, blank=True)
    expected_wait_minutes = models.PositiveIntegerField(
        _("expected wait (minutes)"),
        null=True,
        blank=True,
        help_text=_("For phone and chat. Online inquiries are measured from real tickets."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("contact channel")
        verbose_name_plural = _("contact channels")
        ordering = ["sort_order", "slug"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def strengths(self) -> str:
        return localized(self, "strengths")

    @property
    def limits(self) -> str:
        return localized(self, "limits")
