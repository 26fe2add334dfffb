"""People and the stores sellers run."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from helpdesk.copies import ReferenceQuerySet

# What the per-process copies of reference data show of a person (queue members, assignable
# agents); a login (last_login) or a new password changes none of them.
PERSON_FIELDS = frozenset(
    {"username", "display_name", "first_name", "last_name", "role", "is_active"}
)


class PersonQuerySet(ReferenceQuerySet["User"]):
    shared_fields = PERSON_FIELDS


class PersonManager(UserManager.from_queryset(PersonQuerySet)):  # type: ignore[misc]
    """Django's UserManager; a bulk change of a role or a name reaches the copies."""

    use_in_migrations = True


class User(AbstractUser):
    class Role(models.TextChoices):
        BUYER = "buyer", _("Buyer")
        SELLER = "seller", _("Seller")
        AGENT = "agent", _("Agent")
        SUPERVISOR = "supervisor", _("Supervisor")

    role = models.CharField(_("role"), max_length=16, choices=Role, default=Role.BUYER)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    display_name = models.CharField(_("display name"), max_length=80, blank=True)

    objects: ClassVar[UserManager[User]] = PersonManager()

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("person")  # type: ignore[assignment]
        verbose_name_plural = _("people")  # type: ignore[assignment]

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    @property
    def is_agent(self) -> bool:
        """Platform staff who work tickets: agents and supervisors."""
        return self.is_active and self.role in (self.Role.AGENT, self.Role.SUPERVISOR)

    @property
    def is_supervisor(self) -> bool:
        return self.is_active and (self.role == self.Role.SUPERVISOR or self.is_superuser)

    @property
    def is_seller(self) -> bool:
        return self.role == self.Role.SELLER


class Store(models.Model):
    """A shop on the marketplace; its seller follows inquiries about its orders."""

    name = models.CharField(_("store name"), max_length=120)
    seller_id = models.CharField(_("seller ID"), max_length=40, unique=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="stores",
        verbose_name=_("owner"),
        limit_choices_to={"role": User.Role.SELLER},
    )
    answer_target_minutes = models.PositiveIntegerField(
        _("store answer window (business minutes)"),
        default=9 * 60,
        help_text=_(
            "How quickly the store answers buyer inquiries about its orders and the help "
            "center's requests, in business time on the store's calendar (540 minutes is one "
            "business day of 09:00-18:00). When it passes, the help center steps in."
        ),
    )
    calendar = models.ForeignKey(
        "catalog.BusinessCalendar",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("business calendar"),
        help_text=_("The store's own business hours and holidays; empty: the help center's."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ReferenceQuerySet["Store"].as_manager()

    class Meta:
        verbose_name = _("store")
        verbose_name_plural = _("stores")
        ordering = ["name"]
        # Buyers name a store by its ID or its name: neither may be another store's, in any
        # case. (A name equal to another store's ID is refused by clean() and sign-up.)
        constraints = [
            models.UniqueConstraint(
                Lower("seller_id"),
                name="store_seller_id_unique_ci",
                violation_error_message=_("This seller ID is already taken."),
            ),
            models.UniqueConstraint(
                Lower("name"),
                name="store_name_unique_ci",
                violation_error_message=_("This store name is already taken."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.seller_id})"
