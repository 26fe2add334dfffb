"""Changes to people and stores: sign-up (a seller comes with their store), a store's team
(invitations, members) and who owns a store. One function per change."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditEntry
from audit.services import log as audit_log
from helpdesk.errors import DomainError
from helpdesk.text import one_line

from . import notifications
from .models import Store, StoreInvitation, StoreMembership, User
from .selectors import pending_invitations, store_identity_clashes


class StoreIdentityTaken(DomainError):
    """The seller ID or store name is another store's ID or name (``field`` says which)."""


class InvalidEmail(DomainError):
    """The address to invite is not an e-mail address."""


class AlreadyOnTheTeam(DomainError):
    """The person invited is already a member of the store."""


class InvitationPending(DomainError):
    """An invitation to this address is still waiting for an answer."""


class OwnerStays(DomainError):
    """A store keeps its owner: they cannot be removed from its team."""


class InvitationNotUsable(DomainError):
    """The invitation link is unknown, expired, withdrawn or used already (``reason``)."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class InvitationNotForYou(DomainError):
    """The signed-in account may not take this invitation (another address, or staff)."""


class InvitationAlreadyClosed(DomainError):
    """The invitation was accepted or withdrawn already."""


# --- Sign-up and stores -------------------------------------------------------------------------


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
                create_store(Store(name=store_name, seller_id=seller_id, owner=user))
        except IntegrityError:
            # Another sign-up took the same ID or name since the check (unique, ignoring case).
            raise StoreIdentityTaken(
                _("This seller ID or store name was just taken by another store."),
                field="seller_id",
            ) from None
    return user


@transaction.atomic
def create_store(store: Store) -> Store:
    """Save a new store; its owner becomes the first member of its team, as its owner."""
    store.save(force_insert=True)
    StoreMembership.objects.create(store=store, user=store.owner, role=StoreMembership.Role.OWNER)
    return store


@transaction.atomic
def change_store_owner(store: Store, *, to: User) -> Store:
    """Hand the store to ``to``: they hold its one owner membership from now on, and the
    former owner stays on the team as a manager (the owner removes them if need be)."""
    store = Store.objects.select_for_update().get(pk=store.pk)
    StoreMembership.objects.filter(store=store, role=StoreMembership.Role.OWNER).exclude(
        user=to
    ).update(role=StoreMembership.Role.MANAGER)
    StoreMembership.objects.update_or_create(
        store=store, user=to, defaults={"role": StoreMembership.Role.OWNER}
    )
    if store.owner_id != to.pk:
        store.owner = to
        store.save(update_fields=["owner"])
    return store


# --- Store teams ----------------------------------------------------------------------------------


def token_hash(token: str) -> str:
    """What is kept of an invitation's token: its SHA-256 (the token itself is 256 random
    bits, so no salt or slow hash is needed to make a copy of the table worthless)."""
    return hashlib.sha256(token.encode()).hexdigest()


def _lock_as_owner(store: Store, by: User) -> Store:
    """The store, locked, if ``by`` owns it (PermissionDenied otherwise): team changes of
    one store happen one at a time, so two clicks cannot send two invitations."""
    store = Store.objects.select_for_update().get(pk=store.pk)
    if not (
        by.is_active
        and StoreMembership.objects.filter(
            store=store, user=by, role=StoreMembership.Role.OWNER
        ).exists()
    ):
        raise PermissionDenied(_("Only the store's owner manages its team."))
    return store


@transaction.atomic
def invite_member(store: Store, email: str, *, by: User) -> StoreInvitation:
    """The owner invites a person by e-mail to join the store as a manager; the e-mail (in
    the invitee's language) carries the only copy of the link's token."""
    store = _lock_as_owner(store, by)
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidEmail(_("Enter a valid e-mail address."), field="email") from None
    if StoreMembership.objects.filter(store=store, user__email__iexact=email).exists():
        raise AlreadyOnTheTeam(
            _("The person with this e-mail address is already on the team."), field="email"
        )
    if pending_invitations(store).filter(email__iexact=email).exists():
        raise InvitationPending(
            _("An invitation to this address is still waiting for an answer."), field="email"
        )
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation = StoreInvitation.objects.create(
        store=store,
        email=email,
        token_hash=token_hash(token),
        invited_by=by,
        created_at=now,
        expires_at=now + timedelta(days=settings.STORE_INVITATION_DAYS),
    )
    notifications.invitation_sent(invitation, token)
    return invitation


def _by_token(token: str) -> QuerySet[StoreInvitation]:
    if not 20 <= len(token) <= 100:
        return StoreInvitation.objects.none()
    return StoreInvitation.objects.select_related("store", "invited_by").filter(
        token_hash=token_hash(token)
    )


def _usable(invitation: StoreInvitation | None) -> StoreInvitation:
    if invitation is None:
        raise InvitationNotUsable(_("This invitation link is not valid."), reason="unknown")
    if invitation.revoked_at is not None:
        raise InvitationNotUsable(
            _("The store's owner withdrew this invitation."), reason="revoked"
        )
    if invitation.accepted_at is not None:
        raise InvitationNotUsable(_("This invitation was used already."), reason="used")
    if invitation.expires_at <= timezone.now():
        raise InvitationNotUsable(_("This invitation has expired."), reason="expired")
    return invitation


def invitation_for_token(token: str) -> StoreInvitation:
    """The invitation this link's token opens, usable now; InvitationNotUsable otherwise,
    with the reason to show (unknown, revoked, used, expired)."""
    return _usable(_by_token(token).first())


def invitation_refusal(invitation: StoreInvitation, user: User) -> str:
    """Why this signed-in person may not take the invitation ("" if they may)."""
    if user.is_agent or user.is_staff or user.is_superuser:
        return _("Help center staff accounts cannot join a store's team.")
    if user.email.strip().lower() != invitation.email.lower():
        return _(
            "This invitation was sent to another e-mail address. Sign in with the account "
            "that uses that address, or ask the store's owner to invite this one."
        )
    return ""


@transaction.atomic
def accept_invitation(token: str, user: User) -> StoreMembership:
    """The signed-in person the invitation was sent to joins the store as a manager; a
    buyer account becomes a seller account (it keeps its own inquiries). Each invitation
    is taken once."""
    # Locked: two tabs accepting at once give one membership; a withdrawal waits for us.
    invitation = _usable(_by_token(token).select_for_update(of=("self",)).first())
    refusal = invitation_refusal(invitation, user)
    if refusal:
        raise InvitationNotForYou(refusal)
    now = timezone.now()
    membership, created = StoreMembership.objects.get_or_create(
        store=invitation.store,
        user=user,
        defaults={"role": invitation.role, "created_at": now},
    )
    invitation.accepted_at, invitation.accepted_by = now, user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    if user.role == User.Role.BUYER:
        # A store's manager works as a seller: seller categories, the store's inquiries. The
        # audit trail records the role change itself (audit.signals).
        user.role = User.Role.SELLER
        user.save(update_fields=["role"])
    if created:
        audit_log(
            AuditEntry.Action.PERMISSIONS,
            actor=user,
            obj=membership,
            summary=f"{user.get_username()}: joined store {invitation.store.seller_id} "
            f"as {membership.role} (invited by {invitation.invited_by.get_username()})",
        )
    return membership


@transaction.atomic
def revoke_invitation(invitation: StoreInvitation, *, by: User) -> StoreInvitation:
    """The owner withdraws an invitation that was not taken yet; its link stops working."""
    _lock_as_owner(invitation.store, by)
    invitation = StoreInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise InvitationAlreadyClosed(_("This invitation was accepted already."))
    if invitation.revoked_at is not None:
        raise InvitationAlreadyClosed(_("This invitation was withdrawn already."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation


@transaction.atomic
def remove_member(membership: StoreMembership, *, by: User) -> None:
    """The owner takes a manager off the team; from their next request on they see none of
    the store's inquiries. The owner cannot be removed (the store would have nobody)."""
    store = _lock_as_owner(membership.store, by)
    removed_pk = membership.pk
    current = (
        StoreMembership.objects.select_related("user").filter(pk=removed_pk, store=store).first()
    )
    if current is None:
        return  # removed already (a second click): nothing left to do
    if current.is_owner:
        raise OwnerStays(_("The store's owner cannot be removed from its team."))
    current.delete()
    audit_log(
        AuditEntry.Action.PERMISSIONS,
        actor=by,
        object_type="accounts.storemembership",
        object_id=str(removed_pk),
        summary=f"{current.user.get_username()}: removed from store {store.seller_id} "
        f"by {by.get_username()}",
    )
