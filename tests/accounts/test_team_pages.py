"""The members page (owner: invite, withdraw, remove; managers: read), the remove
confirmation and the invitation link's page, in Korean and English."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import StoreInvitation, StoreMembership, User
from accounts.selectors import is_store_member
from outbox.models import OutboundEmail
from tests.factories import PASSWORD, StoreFactory, UserFactory

from .conftest import invite, token_in


def signed_in(person, language="ko"):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(person)
    return client


MEMBERS = reverse("accounts:members")


def test_the_owner_sees_the_team_the_invitations_and_the_invite_form(shop):
    manager = shop.add_manager(email="manager@example.com", display_name="매니저 이지은")
    invite(shop.store, "waiting@example.com", by=shop.owner)
    html = signed_in(shop.owner).get(MEMBERS).content.decode()
    assert "스토어 팀" in html and "하루살림 생활용품" in html
    assert "사장 김민수" in html and "매니저 이지은" in html
    assert "manager@example.com" in html and "waiting@example.com" in html
    assert "매니저 초대하기" in html and 'name="email"' in html
    assert reverse("accounts:member_remove", args=[manager.store_memberships.get().pk]) in html
    owner_row = StoreMembership.objects.get(user=shop.owner)
    assert reverse("accounts:member_remove", args=[owner_row.pk]) not in html


def test_a_manager_sees_the_team_read_only_in_english(shop):
    manager = shop.add_manager(email="manager@example.com", preferred_language="en")
    invite(shop.store, "waiting@example.com", by=shop.owner)
    response = signed_in(manager, "en").get(MEMBERS)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Store team" in html and "You are a manager of this store." in html
    assert "Owner" in html and "Manager" in html
    assert 'name="email"' not in html and "waiting@example.com" not in html
    assert "/remove/" not in html and "/revoke/" not in html
    assert "shop-owner@example.com" not in html  # the owner's address is not shown to managers


def test_the_navigation_links_the_team_page_for_members_only(shop):
    assert MEMBERS in signed_in(shop.owner).get(reverse("tickets:list")).content.decode()
    loner = UserFactory(seller=True)
    assert MEMBERS not in signed_in(loner).get(reverse("tickets:list")).content.decode()
    assert MEMBERS not in signed_in(shop.buyer).get(reverse("tickets:list")).content.decode()


def test_the_owner_invites_through_the_form(shop):
    client = signed_in(shop.owner)
    response = client.post(MEMBERS, {"store": "haru-living", "email": "new@example.com"})
    assert response.status_code == 302
    invitation = StoreInvitation.objects.get()
    assert invitation.email == "new@example.com" and invitation.invited_by == shop.owner
    assert OutboundEmail.objects.filter(to="new@example.com").count() == 1
    assert "new@example.com 주소로 초대를 보냈습니다." in client.get(MEMBERS).content.decode()


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("not-an-address", "유효한 이메일 주소를 입력하세요."),  # Django's own message
        ("manager@example.com", "이 이메일 주소를 쓰는 분은 이미 팀원입니다."),
        ("waiting@example.com", "이 주소로 보낸 초대가 아직 응답을 기다리고 있습니다."),
    ],
)
def test_a_bad_invitation_is_a_form_error_and_sends_nothing(shop, email, message):
    shop.add_manager(email="manager@example.com")
    invite(shop.store, "waiting@example.com", by=shop.owner)
    before = (StoreInvitation.objects.count(), OutboundEmail.objects.count())
    response = signed_in(shop.owner).post(MEMBERS, {"store": "haru-living", "email": email})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert (StoreInvitation.objects.count(), OutboundEmail.objects.count()) == before


def test_a_manager_posting_the_invite_form_is_refused(shop):
    manager = shop.add_manager(email="manager@example.com")
    response = signed_in(manager).post(MEMBERS, {"store": "haru-living", "email": "x@example.com"})
    assert response.status_code == 403
    assert not StoreInvitation.objects.filter(email="x@example.com").exists()


def test_inviting_for_someone_elses_store_is_a_404(shop):
    stranger = UserFactory(seller=True)
    StoreFactory(owner=stranger, seller_id="strangers")
    response = signed_in(stranger).post(MEMBERS, {"store": "haru-living", "email": "x@example.com"})
    assert response.status_code == 404
    assert not StoreInvitation.objects.exists()


def test_invitations_are_rate_limited_per_account(shop, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "store-invitation": (2, 3600)}
    client = signed_in(shop.owner)
    for n in range(2):
        client.post(MEMBERS, {"store": "haru-living", "email": f"p{n}@example.com"})
    refused = client.post(MEMBERS, {"store": "haru-living", "email": "p9@example.com"})
    assert refused.status_code == 429 and refused["Retry-After"]
    assert StoreInvitation.objects.count() == 2


def test_removing_asks_first_then_removes(shop):
    manager = shop.add_manager(email="manager@example.com", display_name="매니저 이지은")
    membership = StoreMembership.objects.get(user=manager)
    url = reverse("accounts:member_remove", args=[membership.pk])
    client = signed_in(shop.owner)
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "매니저 이지은 님을 하루살림 생활용품 팀에서 내보낼까요?" in confirm.content.decode()
    assert is_store_member(manager, shop.store)  # a GET changes nothing
    done = client.post(url)
    assert done.status_code == 302 and done["Location"] == MEMBERS
    assert not StoreMembership.objects.filter(pk=membership.pk).exists()
    again = client.post(url)
    assert again.status_code == 404


def test_a_manager_cannot_remove_anyone(shop):
    manager = shop.add_manager(email="manager@example.com")
    colleague = shop.add_manager(email="colleague@example.com")
    url = reverse("accounts:member_remove", args=[StoreMembership.objects.get(user=colleague).pk])
    client = signed_in(manager)
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert is_store_member(colleague, shop.store)


def test_the_owner_cannot_remove_themselves_through_the_page(shop):
    url = reverse("accounts:member_remove", args=[StoreMembership.objects.get(user=shop.owner).pk])
    client = signed_in(shop.owner)
    response = client.post(url, follow=True)
    assert "스토어 대표는 팀에서 내보낼 수 없습니다." in response.content.decode()
    assert is_store_member(shop.owner, shop.store)


def test_another_stores_member_is_a_404(shop):
    stranger = UserFactory(seller=True)
    manager = shop.add_manager(email="manager@example.com")
    url = reverse("accounts:member_remove", args=[StoreMembership.objects.get(user=manager).pk])
    assert signed_in(stranger).get(url).status_code == 404
    assert signed_in(stranger).post(url).status_code == 404
    assert is_store_member(manager, shop.store)


def test_the_owner_withdraws_an_invitation_and_its_link_stops_working(shop):
    invitation, _, token = invite(shop.store, "waiting@example.com", by=shop.owner)
    url = reverse("accounts:invitation_revoke", args=[invitation.pk])
    assert signed_in(UserFactory(seller=True)).post(url).status_code == 404
    response = signed_in(shop.owner).post(url)
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    page = Client().get(reverse("accounts:invitation", args=[token]))
    assert page.status_code == 410
    assert "스토어 대표가 이 초대를 취소했습니다." in page.content.decode()


# --- The invitation link ------------------------------------------------------------------


def test_a_stranger_sees_who_invites_them_where_and_signs_in_first(shop):
    _, _, token = invite(shop.store, "newbie@example.com", by=shop.owner)
    url = reverse("accounts:invitation", args=[token])
    page = Client().get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "사장 김민수 님이 하루살림 생활용품 (haru-living) 팀에 매니저로 초대했습니다." in html
    assert f"/accounts/login/?next={url}" in html
    assert f"/accounts/signup/?next={url}" in html
    assert "newbie@example.com" not in html
    assert page["Cache-Control"].startswith("max-age=0")
    posted = Client().post(url)
    assert posted.status_code == 302 and posted["Location"].startswith("/accounts/login/")
    assert not StoreInvitation.objects.filter(accepted_at__isnull=False).exists()


def test_signing_in_from_the_invitation_comes_back_and_accepts(shop):
    person = UserFactory(username="newbie", email="newbie@example.com")
    _, _, token = invite(shop.store, "newbie@example.com", by=shop.owner)
    url = reverse("accounts:invitation", args=[token])
    client = Client()
    login = client.post(
        f"{reverse('accounts:login')}?next={url}",
        {"username": "newbie", "password": PASSWORD, "next": url},
    )
    assert login.status_code == 302 and login["Location"] == url
    page = client.get(url).content.decode()
    assert "수락하면 구매자 계정이 판매자 계정으로 바뀝니다." in page
    accepted = client.post(url)
    assert accepted.status_code == 302 and accepted["Location"] == reverse("tickets:list")
    listing = client.get(accepted["Location"]).content.decode()
    assert "하루살림 생활용품 팀에 합류했습니다." in listing
    assert shop.ticket.reference in listing
    person.refresh_from_db()
    assert person.role == User.Role.SELLER and is_store_member(person, shop.store)


def test_signing_up_from_the_invitation_comes_back_to_it(shop):
    _, _, token = invite(shop.store, "fresh@example.com", by=shop.owner)
    url = reverse("accounts:invitation", args=[token])
    client = Client()
    form = client.get(f"{reverse('accounts:signup')}?next={url}").content.decode()
    assert f'name="next" value="{url}"' in form
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": "fresh",
            "display_name": "새 매니저",
            "email": "fresh@example.com",
            "role": "buyer",
            "preferred_language": "ko",
            "password1": "a-long-pass-phrase-42",
            "password2": "a-long-pass-phrase-42",
            "next": url,
        },
    )
    assert response.status_code == 302 and response["Location"] == url
    client.post(url)
    assert is_store_member(User.objects.get(username="fresh"), shop.store)


def test_signing_up_never_redirects_to_another_host(shop):
    response = Client().post(
        reverse("accounts:signup"),
        {
            "username": "fresh",
            "display_name": "새 매니저",
            "email": "fresh@example.com",
            "role": "buyer",
            "preferred_language": "ko",
            "password1": "a-long-pass-phrase-42",
            "password2": "a-long-pass-phrase-42",
            "next": "https://evil.example/phish",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("tickets:list")


def test_the_wrong_account_sees_why_and_cannot_accept(shop):
    _, _, token = invite(shop.store, "intended@example.com", by=shop.owner)
    url = reverse("accounts:invitation", args=[token])
    client = signed_in(shop.buyer, "en")
    page = client.get(url).content.decode()
    assert "This invitation was sent to another e-mail address." in page
    assert "Accept and join the team" not in page
    refused = client.post(url)
    assert refused.status_code == 400
    assert "This invitation was sent to another e-mail address." in refused.content.decode()
    assert not is_store_member(shop.buyer, shop.store)


@pytest.mark.parametrize(
    ("spoil", "status", "text"),
    [
        ("expire", 410, "초대 기간이 지났습니다."),
        ("use", 410, "이미 사용된 초대입니다."),
        ("revoke", 410, "스토어 대표가 이 초대를 취소했습니다."),
        ("garble", 404, "유효하지 않은 초대 링크입니다."),
    ],
)
def test_a_link_that_no_longer_works_gets_a_clear_page(shop, spoil, status, text):
    invitation, _, token = invite(shop.store, "late@example.com", by=shop.owner)
    person = UserFactory(email="late@example.com")
    if spoil == "use":
        signed_in(person).post(reverse("accounts:invitation", args=[token]))
    elif spoil == "revoke":
        StoreInvitation.objects.filter(pk=invitation.pk).update(revoked_at=timezone.now())
    elif spoil == "garble":
        token = token[:-4] + "AAAA"
    url = reverse("accounts:invitation", args=[token])
    later = timezone.now() + (timedelta(days=8) if spoil == "expire" else timedelta(0))
    with time_machine.travel(later):
        for client in (Client(), signed_in(person)):
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                assert response.status_code == status, (method, response.status_code)
                html = response.content.decode()
                assert text in html and "이 초대는 사용할 수 없습니다" in html
    assert StoreMembership.objects.filter(user=person).count() == (1 if spoil == "use" else 0)


def test_the_invitation_link_works_in_english(shop):
    _, mail, token = invite(shop.store, "jamie@example.com", by=shop.owner)
    html = Client(HTTP_ACCEPT_LANGUAGE="en").get(f"/accounts/invitations/{token}/").content
    assert "사장 김민수 invites you to join the team of 하루살림 생활용품" in html.decode()
    assert token_in(mail) == token
