"""Creating people: the one path sign-up takes (a seller comes with their store)."""

from __future__ import annotations

from django.db import transaction

from .models import Store, User


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
    """Create a buyer, or a seller together with their store; never staff."""
    if role not in (User.Role.BUYER, User.Role.SELLER):
        role = User.Role.BUYER
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
        Store.objects.create(name=store_name, seller_id=seller_id.lower(), owner=user)
    return user
