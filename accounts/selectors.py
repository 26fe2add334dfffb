"""Reads about people and stores that more than one interface needs."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from .models import Store, User


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


def store_people(store: Store) -> list[User]:
    """Who answers for the store and hears of its inquiries: its active owner."""
    owner = User.objects.filter(pk=store.owner_id, is_active=True).first()
    return [owner] if owner is not None else []
