"""People, the stores sellers run and the teams that run them."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
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


class StoreMembership(models.Model):
    """A person on a store's team: they see and answer its inquiries. The owner (the store's
    ``owner``, exactly one per store) also manages the team; managers do the work."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        MANAGER = "manager", _("Manager")

    store = models.ForeignKey(
        Store, models.CASCADE, related_name="memberships", verbose_name=_("store")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="store_memberships",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=8, choices=Role, default=Role.MANAGER)
    created_at = models.DateTimeField(_("member since"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("store member")
        verbose_name_plural = _("store members")
        ordering = ["store", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["store", "user"], name="store_member_once"),
            # Who manages the team is never ambiguous: one owner per store.
            models.UniqueConstraint(
                fields=["store"], condition=Q(role="owner"), name="store_one_owner"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.store.name} ({self.role})"

    @property
    def is_owner(self) -> bool:
        return self.role == self.Role.OWNER


class StoreInvitation(models.Model):
    """The owner's invitation to join the store as a manager, sent by e-mail. Only a hash of
    the link's token is kept (as for passwords): a copy of this table opens no store."""

    store = models.ForeignKey(
        Store, models.CASCADE, related_name="invitations", verbose_name=_("store")
    )
    email = models.EmailField(_("e-mail"))
    role = models.CharField(
        _("role"),
        max_length=8,
        choices=[(StoreMembership.Role.MANAGER, StoreMembership.Role.MANAGER.label)],
        default=StoreMembership.Role.MANAGER,
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("store invitation")
        verbose_name_plural = _("store invitations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="invitation_accepted_or_revoked",
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True, accepted_by__isnull=True)
                | Q(accepted_at__isnull=False, accepted_by__isnull=False),
                name="invitation_accepted_by_whom",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.store.name}"

    def is_pending(self, now: datetime | None = None) -> bool:
        """Neither accepted nor withdrawn, and not yet expired."""
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and (now or timezone.now()) < self.expires_at
        )
