"""One expected wait for the online inquiry: the median first response of the last 30 days in
business minutes (as the SLA clock and the reports count them), the configured figure with
too few answers; the contact page, the inquiry form and the API say the same number."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

from catalog import calendar as cal
from catalog.models import Category
from contacts.models import ContactChannel
from tickets import services
from tickets.models import Ticket
from tickets.selectors import ExpectedWait, expected_first_response

SEOUL = ZoneInfo("Asia/Seoul")
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=SEOUL)  # a Tuesday, office open 09-18

# (filed, first answer) on the office calendar (weekdays 09-18): business minutes in comments.
ANSWERS = [
    (datetime(2026, 11, 17, 10, 0), datetime(2026, 11, 17, 10, 30)),  # 30
    (datetime(2026, 11, 17, 11, 0), datetime(2026, 11, 17, 12, 0)),  # 60
    (datetime(2026, 11, 18, 10, 0), datetime(2026, 11, 18, 11, 30)),  # 90
    (datetime(2026, 11, 16, 17, 0), datetime(2026, 11, 17, 10, 0)),  # 120 (17 hours on the clock)
    (datetime(2026, 11, 20, 17, 30), datetime(2026, 11, 23, 9, 30)),  # 60 (64 hours on the clock)
]
MEDIAN = 60  # on the clock the median would be 90 minutes


@pytest.fixture(autouse=True)
def _fresh():
    cal.forget_cached()
    cache.clear()
    yield
    cal.forget_cached()


def answer_inquiries(people, time_machine, answers=ANSWERS, *, category="other"):
    kind = Category.objects.get(slug=category)
    for filed, answered in answers:
        time_machine.move_to(filed.replace(tzinfo=SEOUL), tick=False)
        ticket = services.open_ticket(
            requester=people["buyer"], category=kind, subject="문의", body="내용"
        ).ticket
        time_machine.move_to(answered.replace(tzinfo=SEOUL), tick=False)
        services.add_message(ticket, by=people["agent"], body="답변드립니다.")
    time_machine.move_to(NOW, tick=False)
    cache.clear()


def api_wait(client, query=""):
    channels = client.get(f"/api/v1/contacts/channels/{query}").json()
    return next(item["expected_wait_minutes"] for item in channels if item["slug"] == "online")


def test_answered_inquiries_are_counted_in_business_minutes(people, time_machine):
    answer_inquiries(people, time_machine)
    minutes = sorted(Ticket.objects.values_list("first_response_minutes", flat=True))
    assert minutes == [30, 60, 60, 90, 120]
    assert expected_first_response() == ExpectedWait(minutes=MEDIAN, measured=True, sample_size=5)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("ko", "보통 1시간 안에 답변드립니다 (최근 30일 기준)"),
        ("en", "Usually answered within 1 hour (last 30 days)"),
    ],
)
def test_the_contact_page_the_form_and_the_api_show_the_same_median(
    client, people, time_machine, language, words
):
    answer_inquiries(people, time_machine)
    headers = {"Accept-Language": language}
    assert api_wait(client) == MEDIAN
    assert api_wait(client, "?category=other") == MEDIAN
    contacts = client.get("/contacts/", headers=headers).content.decode()
    assert words in contacts
    situation = client.get("/contacts/?category=other", headers=headers).content.decode()
    assert words in situation
    client.force_login(people["buyer2"])
    form = client.get("/tickets/new/", headers=headers).content.decode()
    assert words in form
    assert words in client.get("/tickets/new/?category=other", headers=headers).content.decode()
    chosen = client.get(
        "/tickets/new/",
        {"category": "other"},
        headers={**headers, "HX-Request": "true", "HX-Target": "case-fields"},
    ).content.decode()
    assert 'id="inquiry-wait" hx-swap-oob="true"' in chosen and words in chosen


def test_old_answers_chats_and_other_situations_are_left_out(people, time_machine, client):
    late = (datetime(2026, 11, 19, 10, 0), datetime(2026, 11, 19, 17, 0))  # 420 minutes
    old = (datetime(2026, 10, 20, 10, 0), datetime(2026, 10, 20, 17, 0))  # 35 days before
    answer_inquiries(people, time_machine, [late, late])
    Ticket.objects.update(channel=Ticket.Channel.CHAT)  # chats have their own measured wait
    answer_inquiries(people, time_machine, [old, old])
    answer_inquiries(people, time_machine)
    assert api_wait(client) == MEDIAN  # counting either pair would make it 90
    answer_inquiries(people, time_machine, [late], category="feedback")
    assert api_wait(client, "?category=other") == MEDIAN
    assert api_wait(client, "?category=feedback") == 480  # one answer: the normal target
    assert api_wait(client) == 75  # all online inquiries: 30 60 (60 90) 120 420


def test_with_too_few_answers_the_configured_figure_is_shown(
    client, people, time_machine, settings
):
    settings.HELPDESK_EXPECTED_WAIT_MIN_SAMPLE = 6
    answer_inquiries(people, time_machine)
    assert api_wait(client) == 480  # no wait configured on the channel: the normal target
    ContactChannel.objects.filter(slug="online").update(expected_wait_minutes=600)
    cache.clear()
    assert api_wait(client) == 600
    page = client.get("/contacts/", headers={"Accept-Language": "en"}).content.decode()
    assert "We aim to answer within 2 business days" in page
    client.force_login(people["buyer2"])
    form = client.get("/tickets/new/", headers={"Accept-Language": "ko"}).content.decode()
    assert "2영업일 안에 답변드리는 것을 목표로 합니다." in form


def test_with_no_answers_at_all_the_fallback_is_the_same_everywhere(client, people, time_machine):
    time_machine.move_to(NOW, tick=False)
    assert expected_first_response() == ExpectedWait(minutes=480, measured=False, sample_size=0)
    assert api_wait(client) == 480
    assert "8시간 안에 답변드리는 것을 목표로 합니다" in client.get("/contacts/").content.decode()
