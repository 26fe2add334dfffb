"""Signed reply addresses: help+<token>@..., the Reply-To of every e-mail about a ticket.

The token names the ticket and whom the e-mail went to: ``r`` the requester, ``a<id>`` a
platform person, ``s<id>`` a store's person (their reply goes to the side conversation). The
e-mail channel (mail/) reads it back: a reply lands on that ticket, and speaks for an agent or
a store only when it comes from the very person the e-mail was sent to. The signature is an
HMAC of the secret key (django.core.signing, so SECRET_KEY_FALLBACKS rotate as they do
elsewhere), in lowercase hex because some mail servers lowercase the local part; 96 bits
are far past guessing, and the whole local part stays under the 64 characters mail allows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.utils.crypto import salted_hmac

SALT = "tickets.reply_address"
SIGNATURE_CHARS = 24
TOKEN = re.compile(r"^(\d{1,12})-(r|a\d{1,12}|s\d{1,12})$")


class _HexSigner(signing.Signer):
    """Django's signer with a short, case-insensitive signature."""

    def signature(self, value: str | bytes, key: str | bytes | None = None) -> str:
        salt = str(self.salt) + "signer"  # a str: this module names it (SALT)
        digest = salted_hmac(salt, value, key or self.key, algorithm="sha256").hexdigest()
        return digest[:SIGNATURE_CHARS]


def _signer() -> _HexSigner:
    return _HexSigner(sep=".", salt=SALT)


@dataclass(frozen=True)
class ReplyToken:
    """What a reply address says: the ticket, and who the e-mail it answers went to."""

    ticket_id: int
    recipient: str  # "requester", "agent" or "store"
    user_id: int | None = None


def reply_token(ticket_id: int, *, recipient: str = "requester", user_id: int | None = None) -> str:
    code = {"requester": "r", "agent": "a", "store": "s"}[recipient]
    if recipient != "requester":
        if user_id is None:
            raise ValueError("agents and stores are named by their id")
        code += str(user_id)
    return _signer().sign(f"{ticket_id}-{code}")


def reply_address(
    ticket_id: int, *, recipient: str = "requester", user_id: int | None = None
) -> str:
    """help+<signed token>@domain, for the Reply-To of an e-mail about the ticket."""
    local, _, domain = settings.HELPDESK_HELP_ADDRESS.partition("@")
    token = reply_token(ticket_id, recipient=recipient, user_id=user_id)
    return f"{local}+{token}@{domain}"


def read_reply_address(address: str) -> ReplyToken | None:
    """The token in an address of ours (help+<token>@...), or None when it has none or its
    signature does not hold."""
    local, _, domain = address.strip().lower().rpartition("@")
    help_local, _, help_domain = settings.HELPDESK_HELP_ADDRESS.lower().partition("@")
    base, plus, token = local.partition("+")
    if not plus or base != help_local or domain != help_domain:
        return None
    try:
        value = _signer().unsign(token)
    except signing.BadSignature:
        return None
    match = TOKEN.match(value)
    if match is None:
        return None
    ticket_id, code = int(match.group(1)), match.group(2)
    if code == "r":
        return ReplyToken(ticket_id, "requester")
    return ReplyToken(ticket_id, "agent" if code[0] == "a" else "store", int(code[1:]))
