"""The store team journey in a real browser: the owner invites a second seller by e-mail, the
seller opens the link, signs in, accepts and answers the store's inquiry; the owner removes
them and the inquiry is gone for them. In Korean and in English, axe-clean."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import StoreMembership
from catalog.models import Category
from outbox.models import OutboundEmail
from tests.factories import StoreFactory, UserFactory
from tickets import services
from tickets.models import Message

from .conftest import check_accessibility, login

WORDS = {
    "ko": {
        "locale": "ko-KR",
        "team": "스토어 팀",
        "email": "이메일 주소",
        "send": "초대 보내기",
        "sent": "helper@example.com 주소로 초대를 보냈습니다.",
        "waiting": "응답을 기다리는 초대",
        "invites": "판매자 박준호 님이 하루살림 생활용품 (haru-living) 팀에 매니저로 초대했습니다.",
        "log_in": "로그인하고 수락하기",
        "log_in_button": "로그인",
        "accept": "수락하고 팀에 합류하기",
        "joined": "하루살림 생활용품 팀에 합류했습니다.",
        "reply": "답장",
        "send_reply": "보내기",
        "remove": "헬퍼 판매자 님 내보내기",
        "confirm": "팀에서 내보내기",
        "removed": "헬퍼 판매자 님을 하루살림 생활용품 팀에서 내보냈습니다.",
        "manager": "매니저",
    },
    "en": {
        "locale": "en-US",
        "team": "Store team",
        "email": "E-mail address",
        "send": "Send invitation",
        "sent": "Invitation sent to helper@example.com.",
        "waiting": "Invitations waiting for an answer",
        "invites": "판매자 박준호 invites you to join the team of 하루살림 생활용품 (haru-living) "
        "as a manager.",
        "log_in": "Log in to accept",
        "log_in_button": "Log in",
        "accept": "Accept and join the team",
        "joined": "You joined the team of 하루살림 생활용품.",
        "reply": "Reply",
        "send_reply": "Send",
        "remove": "Remove 헬퍼 판매자",
        "confirm": "Remove from the team",
        "removed": "헬퍼 판매자 is no longer on the team of 하루살림 생활용품.",
        "manager": "Manager",
    },
}


def browser_page(browser, base, locale):
    """A page of its own browser (its own cookies), speaking ``locale``, watched for CSP
    errors like the ``page`` fixture's."""
    context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base, page.csp_errors = base, []
    page.on(
        "console",
        lambda msg: (
            msg.type == "error"
            and "Content Security Policy" in msg.text
            and page.csp_errors.append(msg.text)
        ),
    )
    return page


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_owner_invites_a_seller_who_accepts_and_answers_the_stores_inquiry(
    page, people, browser, language
):
    words = WORDS[language]
    ticket = services.open_ticket(
        requester=people["buyer"],
        category=Category.objects.get(slug="delivery"),
        subject="택배가 일주일째 오지 않아요",
        body="송장 번호 조회가 안 됩니다.",
        details={"order_number": "2026111412345678", "store_id": "haru-living"},
    ).ticket
    helper = UserFactory(
        username="helper-seller",
        email="helper@example.com",
        display_name="헬퍼 판매자",
        seller=True,
        preferred_language=language,
    )
    StoreFactory(owner=helper, name="헬퍼 상점", seller_id="helper-shop")  # their own store

    # The owner (the seller of haru-living) finds the team page in the navigation and invites.
    owner_page = browser_page(browser, page.base, words["locale"])
    login(owner_page, "seller")
    owner_page.get_by_role("navigation").get_by_role("link", name=words["team"]).click()
    expect(owner_page.get_by_role("heading", level=1)).to_have_text(words["team"])
    check_accessibility(owner_page, f"store-team-owner-{language}")
    owner_page.get_by_label(words["email"]).fill("helper@example.com")
    owner_page.get_by_role("button", name=words["send"]).click()
    expect(owner_page.get_by_text(words["sent"])).to_be_visible()
    expect(owner_page.get_by_role("heading", name=words["waiting"])).to_be_visible()
    check_accessibility(owner_page, f"store-team-invited-{language}")

    # The e-mail, in the invitee's language, carries the link; the invitee opens it signed out.
    mail = OutboundEmail.objects.get(to="helper@example.com")
    assert mail.language == language
    path = re.search(r"/accounts/invitations/[A-Za-z0-9_-]+/", mail.body_text).group(0)
    invitee = browser_page(browser, page.base, words["locale"])
    invitee.goto(page.base + path)
    expect(invitee.get_by_text(words["invites"])).to_be_visible()
    check_accessibility(invitee, f"store-invitation-{language}")
    invitee.get_by_role("link", name=words["log_in"]).click()
    invitee.fill("input[name=username]", "helper-seller")
    invitee.fill("input[name=password]", "pw-for-tests-123")
    invitee.get_by_role("main").get_by_role("button", name=words["log_in_button"]).click()
    invitee.wait_for_url(re.compile(re.escape(path) + "$"))
    check_accessibility(invitee, f"store-invitation-signed-in-{language}")
    invitee.get_by_role("button", name=words["accept"]).click()
    invitee.wait_for_url(re.compile(r"/tickets/$"))
    expect(invitee.get_by_text(words["joined"])).to_be_visible()

    # The store's inquiry is in their list; they answer it as the store.
    invitee.get_by_role("link", name=ticket.reference).click()
    expect(invitee.get_by_text("송장 번호 조회가 안 됩니다.")).to_be_visible()
    invitee.get_by_label(words["reply"]).fill("오늘 다시 발송했습니다.")
    invitee.get_by_role("button", name=words["send_reply"]).click()
    expect(invitee.get_by_text("오늘 다시 발송했습니다.")).to_be_visible()
    check_accessibility(invitee, f"store-manager-answer-{language}")
    answer = Message.objects.get(ticket=ticket, author=helper)
    assert answer.as_store and answer.author_name == "하루살림 생활용품"

    # The owner sees the new manager and removes them, after a confirmation.
    owner_page.reload()
    row = owner_page.get_by_role("row", name=re.compile("헬퍼 판매자"))
    expect(row).to_contain_text(words["manager"])
    row.get_by_role("link", name=words["remove"]).click()
    check_accessibility(owner_page, f"store-team-remove-{language}")
    owner_page.get_by_role("button", name=words["confirm"]).click()
    expect(owner_page.get_by_text(words["removed"])).to_be_visible()
    assert not StoreMembership.objects.filter(user=helper, store__seller_id="haru-living").exists()
    owner_page.context.close()

    # Their next request: the inquiry is gone.
    response = invitee.goto(page.base + ticket.get_absolute_url())
    assert response.status == 404
    invitee.context.close()
