"""Why a claim was refused: each maps to one answer of the API and one message on the page."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _

from helpdesk.errors import DomainError
from tickets.services import NotAllowed


class InvalidClaim(DomainError):
    """Input a claim cannot be made of (400); ``errors`` maps field names to messages."""

    def __init__(self, errors: Mapping[str, list[str]]) -> None:
        self.errors = dict(errors)
        first = next(iter(self.errors.values()), [""])
        super().__init__(first[0] if first else _("Check the form."))


class ClaimTooLate(InvalidClaim):
    """The eligibility window has closed (400, field ``delivered_at`` or ``discovered_at``)."""


class ClaimNotAllowed(NotAllowed):
    """The person may not make this move at all (403)."""


class ClaimConflict(DomainError):
    """The move exists for this person, but not from the claim's state or for its kind (409)."""
