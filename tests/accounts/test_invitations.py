"""The owner invites by e-mail; the person it was sent to accepts once, signed in; the owner
alone manages the team. Each rule is a service's (accounts.services)."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts import services
from accounts.models import StoreInvitation, StoreMembership, User
from accounts.selectors import is_store_member, is_store_owner, member_store_ids
from audit.models import AuditEntry
from outbox.models import OutboundEmail
from tests.factories import StoreFactory, UserFactory

from .conftest import invite


def test_an_invitation_is_mailed_through_the_outbox_in_korean_to_a_stranger(
    shop, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invitation, mail, token = invite(shop.store, " New.Manager@Example.com ", by=shop.owner)
    assert callbacks, "delivery is queued after commit"
    assert invitation.email == "new.manager@example.com"
    assert (mail.to, mail.language) == ("new.manager@example.com", "ko")
    assert "하루살림 생활용품" in mail.subject and "초대" in mail.subject
    assert "사장 김민수" in mail.body_text and "haru-living" in mail.body_text
    assert f"/accounts/invitations/{token}/" in mail.body_html
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)


def test_the_invitation_speaks_the_language_of_the_account_that_uses_the_address(shop):
    UserFactory(email="jamie@example.com", preferred_language="en")
    _, mail, _ = invite(shop.store, "JAMIE@example.com", by=shop.owner)
    assert mail.language == "en"
    assert mail.subject == "You are invited to the team of 하루살림 생활용품"
    assert "invites you to help run 하루살림 생활용품 (haru-living) as a manager" in mail.body_text


def test_only_a_hash_of_the_token_is_stored(shop):
    invitation, _, token = invite(shop.store, "someone@example.com", by=shop.owner)
    invitation.refresh_from_db()
    assert invitation.token_hash == services.token_hash(token) != token
    assert len(token) >= 43  # 256 random bits
    assert not StoreInvitation.objects.filter(token_hash=token).exists()
    # The e-mail row is the one copy of the link.
    assert OutboundEmail.objects.filter(body_text__contains=token).count() == 1


def test_expiry_follows_the_setting(shop, settings):
    settings.STORE_INVITATION_DAYS = 2
    invitation, _, _ = invite(shop.store, "someone@example.com", by=shop.owner)
    assert invitation.expires_at - invitation.created_at == timedelta(days=2)


def test_accepting_makes_a_buyer_a_seller_and_a_manager_of_the_store(shop):
    person = UserFactory(email="helper@example.com")
    assert person.role == User.Role.BUYER
    invitation, _, token = invite(shop.store, "helper@example.com", by=shop.owner)
    membership = services.accept_invitation(token, person)
    person.refresh_from_db()
    invitation.refresh_from_db()
    assert person.role == User.Role.SELLER
    assert (membership.store, membership.user, membership.role) == (shop.store, person, "manager")
    assert (invitation.accepted_by, invitation.accepted_at is not None) == (person, True)
    assert is_store_member(person, shop.store) and not is_store_owner(person, shop.store)
    assert member_store_ids(person) == [shop.store.pk]
    # The audit trail has the new right and the role change.
    summaries = list(AuditEntry.objects.values_list("action", "summary"))
    assert (
        "permissions",
        f"{person.username}: joined store haru-living as manager "
        f"(invited by {shop.owner.username})",
    ) in summaries
    assert any(a == "role" and "buyer → seller" in s for a, s in summaries)


def test_a_seller_of_another_store_joins_and_keeps_their_own(shop):
    other_owner = UserFactory(seller=True, email="other@example.com")
    other_store = StoreFactory(owner=other_owner)
    _, _, token = invite(shop.store, "other@example.com", by=shop.owner)
    services.accept_invitation(token, other_owner)
    assert sorted(member_store_ids(other_owner)) == sorted([shop.store.pk, other_store.pk])
    assert is_store_owner(other_owner, other_store) and not is_store_owner(other_owner, shop.store)


def test_a_token_works_once(shop):
    person = UserFactory(email="helper@example.com")
    _, _, token = invite(shop.store, "helper@example.com", by=shop.owner)
    services.accept_invitation(token, person)
    with pytest.raises(services.InvitationNotUsable) as refused:
        services.accept_invitation(token, person)
    assert refused.value.reason == "used"
    assert StoreMembership.objects.filter(store=shop.store, user=person).count() == 1


def test_an_expired_token_is_refused_and_changes_nothing(shop):
    person = UserFactory(email="late@example.com")
    _, _, token = invite(shop.store, "late@example.com", by=shop.owner)
    with (
        time_machine.travel(timezone.now() + timedelta(days=7, seconds=1)),
        pytest.raises(services.InvitationNotUsable) as refused,
    ):
        services.accept_invitation(token, person)
    assert refused.value.reason == "expired"
    assert not is_store_member(person, shop.store)
    person.refresh_from_db()
    assert person.role == User.Role.BUYER


def test_a_token_still_works_just_before_it_expires(shop):
    person = UserFactory(email="justintime@example.com")
    _, _, token = invite(shop.store, "justintime@example.com", by=shop.owner)
    with time_machine.travel(timezone.now() + timedelta(days=7) - timedelta(minutes=1)):
        services.accept_invitation(token, person)
    assert is_store_member(person, shop.store)


def test_a_withdrawn_token_is_refused(shop):
    person = UserFactory(email="helper@example.com")
    invitation, _, token = invite(shop.store, "helper@example.com", by=shop.owner)
    services.revoke_invitation(invitation, by=shop.owner)
    with pytest.raises(services.InvitationNotUsable) as refused:
        services.accept_invitation(token, person)
    assert refused.value.reason == "revoked"
    assert not is_store_member(person, shop.store)


@pytest.mark.parametrize("token", ["", "short", "x" * 43, "y" * 200])
def test_an_unknown_token_is_refused(shop, token):
    with pytest.raises(services.InvitationNotUsable) as refused:
        services.accept_invitation(token, shop.buyer)
    assert refused.value.reason == "unknown"


def test_only_the_account_the_invitation_was_sent_to_accepts(shop):
    _, _, token = invite(shop.store, "intended@example.com", by=shop.owner)
    with pytest.raises(services.InvitationNotForYou):
        services.accept_invitation(token, shop.buyer)
    assert not is_store_member(shop.buyer, shop.store)
    intended = UserFactory(email="Intended@Example.com")  # the address, in any case
    services.accept_invitation(token, intended)
    assert is_store_member(intended, shop.store)


def test_platform_staff_cannot_join_a_store(shop):
    agent = UserFactory(agent=True, email="agent@example.com")
    _, _, token = invite(shop.store, "agent@example.com", by=shop.owner)
    with pytest.raises(services.InvitationNotForYou):
        services.accept_invitation(token, agent)
    agent.refresh_from_db()
    assert agent.role == User.Role.AGENT and not is_store_member(agent, shop.store)


def test_inviting_a_member_or_an_address_already_invited_is_refused(shop):
    manager = shop.add_manager(email="manager@example.com")
    with pytest.raises(services.AlreadyOnTheTeam) as member:
        services.invite_member(shop.store, "MANAGER@example.com", by=shop.owner)
    assert member.value.field == "email"
    with pytest.raises(services.AlreadyOnTheTeam):
        services.invite_member(shop.store, shop.owner.email, by=shop.owner)
    invite(shop.store, "waiting@example.com", by=shop.owner)
    with pytest.raises(services.InvitationPending) as pending:
        services.invite_member(shop.store, "Waiting@example.com", by=shop.owner)
    assert pending.value.field == "email"
    assert StoreInvitation.objects.filter(email="waiting@example.com").count() == 1
    assert manager.role == User.Role.SELLER  # a buyer account until it accepted


def test_an_address_can_be_invited_again_once_the_last_invitation_expired_or_was_withdrawn(shop):
    first, _, _ = invite(shop.store, "again@example.com", by=shop.owner)
    services.revoke_invitation(first, by=shop.owner)
    second, _, _ = invite(shop.store, "again@example.com", by=shop.owner)
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        third, _, token = invite(shop.store, "again@example.com", by=shop.owner)
        person = UserFactory(email="again@example.com")
        services.accept_invitation(token, person)
    assert len({first.pk, second.pk, third.pk}) == 3 and is_store_member(person, shop.store)


def test_a_bad_address_is_refused(shop):
    with pytest.raises(services.InvalidEmail):
        services.invite_member(shop.store, "not an address", by=shop.owner)
    assert not StoreInvitation.objects.exists()


def test_a_manager_cannot_invite_remove_or_withdraw(shop):
    manager = shop.add_manager(email="manager@example.com")
    colleague = shop.add_manager(email="colleague@example.com")
    invitation, _, _ = invite(shop.store, "pending@example.com", by=shop.owner)
    with pytest.raises(PermissionDenied):
        services.invite_member(shop.store, "friend@example.com", by=manager)
    with pytest.raises(PermissionDenied):
        services.remove_member(
            StoreMembership.objects.get(store=shop.store, user=colleague), by=manager
        )
    with pytest.raises(PermissionDenied):
        services.revoke_invitation(invitation, by=manager)
    assert not StoreInvitation.objects.filter(email="friend@example.com").exists()
    assert is_store_member(colleague, shop.store)
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_nobody_outside_the_team_manages_it(shop):
    stranger = UserFactory(seller=True)
    supervisor = UserFactory(supervisor=True)
    for person in (stranger, supervisor, shop.buyer):
        with pytest.raises(PermissionDenied):
            services.invite_member(shop.store, "x@example.com", by=person)


def test_the_owner_cannot_be_removed(shop):
    owner_membership = StoreMembership.objects.get(store=shop.store, user=shop.owner)
    with pytest.raises(services.OwnerStays):
        services.remove_member(owner_membership, by=shop.owner)
    assert is_store_owner(shop.owner, shop.store)


def test_removing_a_manager_takes_the_store_away_and_is_recorded(shop):
    manager = shop.add_manager(email="manager@example.com")
    membership = StoreMembership.objects.get(store=shop.store, user=manager)
    services.remove_member(membership, by=shop.owner)
    assert not StoreMembership.objects.filter(pk=membership.pk).exists()
    assert member_store_ids(manager) == []  # a fresh read (the signal forgot the old one)
    entry = AuditEntry.objects.filter(action="permissions", actor_id=shop.owner.pk).get()
    assert entry.summary == f"{manager.username}: removed from store haru-living by shop-owner"
    services.remove_member(membership, by=shop.owner)  # a second click: nothing more happens
    assert AuditEntry.objects.filter(action="permissions", actor_id=shop.owner.pk).count() == 1


def test_a_withdrawn_or_accepted_invitation_cannot_be_withdrawn_again(shop):
    invitation, _, token = invite(shop.store, "helper@example.com", by=shop.owner)
    services.accept_invitation(token, UserFactory(email="helper@example.com"))
    with pytest.raises(services.InvitationAlreadyClosed):
        services.revoke_invitation(invitation, by=shop.owner)
    other, _, _ = invite(shop.store, "other@example.com", by=shop.owner)
    services.revoke_invitation(other, by=shop.owner)
    with pytest.raises(services.InvitationAlreadyClosed):
        services.revoke_invitation(other, by=shop.owner)
