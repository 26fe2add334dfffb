"""Reads about people and stores that more than one interface needs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Store, StoreInvitation, StoreMembership, User


def stores_named(value: str) -> QuerySet[Store]:
    """Stores whose seller ID or name is ``value``, ignoring case."""
    value = value.strip()
    return Store.objects.filter(Q(seller_id__iexact=value) | Q(name__iexact=value))


def store_identity_clashes(
    *, name: str, seller_id: str, exclude_pk: int | None = None
) -> dict[str, str]:
    """Why this name or seller ID would make a store ambiguous, by field (empty: none).

    Buyers name a store by its seller ID or its name, so each must be unique against every
    other store's ID *and* name, ignoring case: a newcomer whose ID is another store's name
    would otherwise receive that store's inquiries."""
    errors: dict[str, str] = {}
    others = Store.objects.exclude(pk=exclude_pk) if exclude_pk is not None else Store.objects
    if seller_id.strip() and others.filter(pk__in=stores_named(seller_id)).exists():
        errors["seller_id"] = _("This seller ID is already taken by another store's ID or name.")
    if name.strip() and others.filter(pk__in=stores_named(name)).exists():
        errors["store_name"] = _("This store name is already taken by another store's name or ID.")
    return errors


def _is_cjk(word: str) -> bool:
    return all("\uac00" <= c <= "\ud7a3" or "\u4e00" <= c <= "\u9fff" for c in word)


def _masked_word(word: str) -> str:
    if len(word) >= 3 and _is_cjk(word):
        return f"{word[0]}{'*' * (len(word) - 2)}{word[-1]}"  # 홍길동 -> 홍*동
    return f"{word[0]}{'*' * (len(word) - 1)}"  # Jamie -> J****, 서연 -> 서*


def masked_name(name: str) -> str:
    """A person's name as someone outside the conversation's staff sees it: each word's first
    letter (and a Korean name's last syllable), the rest as stars: 홍*동, J**** L**."""
    return " ".join(_masked_word(word) for word in name.split())


# --- Store teams ------------------------------------------------------------------------------


def member_store_ids(user: User) -> list[int]:
    """The ids of the stores this person is on the team of, read from the database: who may
    see a store's inquiries is never decided from a copy that could still hold a removed
    member. Read once per person object (like tickets.selectors.agent_queue_ids): a request
    loads its user afresh, so the next request after a removal sees the store gone."""
    held: list[int] | None = getattr(user, "_store_ids", None)
    if held is None:
        held = list(
            StoreMembership.objects.filter(user=user)
            .order_by("store_id")
            .values_list("store_id", flat=True)
        )
        user._store_ids = held  # type: ignore[attr-defined]
    return held


def forget_store_ids(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A membership saved or deleted in this process: the person object it holds (the one a
    test or a script goes on using) reads its stores again."""
    if isinstance(instance, StoreMembership) and StoreMembership.user.is_cached(instance):
        instance.user.__dict__.pop("_store_ids", None)


def is_store_member(user: User | AnonymousUser, store: Store) -> bool:
    """On the store's team (owner or manager), and an active account."""
    return bool(
        user.is_authenticated
        and isinstance(user, User)
        and user.is_active
        and store.pk in member_store_ids(user)
    )


def is_store_owner(user: User | AnonymousUser, store: Store) -> bool:
    """The one member who manages the store's team."""
    return bool(
        user.is_authenticated
        and isinstance(user, User)
        and user.is_active
        and StoreMembership.objects.filter(
            store=store, user=user, role=StoreMembership.Role.OWNER
        ).exists()
    )


def member_stores(user: User) -> QuerySet[Store]:
    """The stores this person is on the team of, by name."""
    if not user.is_active:
        return Store.objects.none()
    return Store.objects.filter(pk__in=member_store_ids(user)).order_by("name")


def pending_invitations(store: Store) -> QuerySet[StoreInvitation]:
    """Invitations of the store still waiting for an answer, newest first."""
    return store.invitations.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("invited_by")


@dataclass(frozen=True)
class StoreTeam:
    """One store's team as a member sees it: the owner also sees the open invitations."""

    store: Store
    my_role: str
    members: list[StoreMembership]
    invitations: list[StoreInvitation]

    @property
    def is_owner(self) -> bool:
        return self.my_role == StoreMembership.Role.OWNER


def store_teams(user: User) -> list[StoreTeam]:
    """The teams of every store this person is on (none: not a member anywhere)."""
    mine = {
        m.store_id: m for m in StoreMembership.objects.filter(user=user).select_related("store")
    }
    if not user.is_active or not mine:
        return []
    everyone: dict[int, list[StoreMembership]] = {store_id: [] for store_id in mine}
    for membership in (
        StoreMembership.objects.filter(store_id__in=list(mine))
        .select_related("user")
        .order_by("store_id", "-role", "created_at", "pk")  # the owner first
    ):
        everyone[membership.store_id].append(membership)
    owned = [m.store_id for m in mine.values() if m.is_owner]
    invitations: dict[int, list[StoreInvitation]] = {store_id: [] for store_id in owned}
    for invitation in (
        StoreInvitation.objects.filter(
            store_id__in=owned,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("invited_by")
        .order_by("store_id", "-created_at", "-pk")
    ):
        invitations[invitation.store_id].append(invitation)
    return [
        StoreTeam(
            store=m.store,
            my_role=m.role,
            members=everyone[m.store_id],
            invitations=invitations.get(m.store_id, []),
        )
        for m in sorted(mine.values(), key=lambda m: m.store.name)
    ]


def store_people(store: Store) -> list[User]:
    """Who answers for the store and hears of its inquiries: the active members of its team,
    the owner first."""
    return [
        membership.user
        for membership in StoreMembership.objects.filter(store=store, user__is_active=True)
        .select_related("user")
        .order_by("-role", "created_at", "pk")  # the owner first ("owner" > "manager")
    ]
