"""Relay addresses: how a buyer and a store write to each other by e-mail without the store
ever learning the buyer's address. One stable address per buyer (by e-mail address, so a
guest has one too) and store; the e-mail channel receives mail sent to it."""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction

from accounts.models import Store

from .models import RelayAddress


def relay_for(store: Store, buyer_email: str) -> RelayAddress:
    """The pair's relay address, made the first time it is asked for, the same ever after."""
    email = buyer_email.strip().lower()
    existing = RelayAddress.objects.filter(store=store, buyer_email=email).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return RelayAddress.objects.create(
                store=store, buyer_email=email, token=secrets.token_hex(8)
            )
    except IntegrityError:  # made by another request meanwhile
        return RelayAddress.objects.get(store=store, buyer_email=email)


def pair_of(address: str) -> RelayAddress | None:
    """The pair a relay address belongs to (None: not one of ours)."""
    local, _, _domain = address.strip().lower().partition("@")
    if not local.startswith("relay-"):
        return None
    return RelayAddress.objects.select_related("store").filter(token=local[6:]).first()
