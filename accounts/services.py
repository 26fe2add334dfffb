"""Creating people: the one path sign-up takes (a seller comes with their store)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from helpdesk.errors import DomainError
from helpdesk.text import one_line

from .models import Store, User
from .selectors import store_identity_clashes


class StoreIdentityTaken(DomainError):
    """The seller ID or store name is another store's ID or name (``field`` says which)."""


@transaction.atomic
def register_person(
    *,
    username: str,
    password: str,
    email: str,
    display_name: str,
    role: str,
    preferred_language: str,
    store_name: str = "",
    seller_id: str = "",
) -> User:
    """Create a buyer, or a seller together with their store; never staff. A store's seller ID
    and name must each be unlike every other store's ID and name (StoreIdentityTaken)."""
    if role not in (User.Role.BUYER, User.Role.SELLER):
        role = User.Role.BUYER
    seller_id, store_name = seller_id.strip().lower(), one_line(store_name)
    display_name, email = one_line(display_name), email.strip()
    if role == User.Role.SELLER:
        for field, message in store_identity_clashes(name=store_name, seller_id=seller_id).items():
            raise StoreIdentityTaken(message, field=field)
    user = User(
        username=username,
        email=email,
        display_name=display_name,
        role=role,
        preferred_language=preferred_language,
    )
    user.set_password(password)
    user.save()
    if role == User.Role.SELLER:
        try:
            with transaction.atomic():
                Store.objects.create(name=store_name, seller_id=seller_id, owner=user)
        except IntegrityError:
            # Another sign-up took the same ID or name since the check (unique, ignoring case).
            raise StoreIdentityTaken(
                _("This seller ID or store name was just taken by another store."),
                field="seller_id",
            ) from None
    return user
