"""Open now, at the edges of opening hours and on holidays; ranking; the situation picker."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from catalog import calendar as cal
from catalog.models import Category
from contacts.models import ContactChannel
from contacts.presentation import opening_phrase
from contacts.selectors import channel_status, channels_for_category, measured_wait_source

SEOUL = ZoneInfo("Asia/Seoul")


def at(*args):
    return datetime(*args, tzinfo=SEOUL)


@pytest.fixture(autouse=True)
def _fresh_calendars():
    cal.forget_cached()
    yield
    cal.forget_cached()


@pytest.fixture
def channels(reference_data):
    return {channel.slug: channel for channel in ContactChannel.objects.all()}


def phrase(channel, moment, language="ko"):
    with translation.override(language):
        return opening_phrase(channel_status(channel, moment), moment)


@pytest.mark.parametrize(
    ("moment", "is_open", "ko", "en"),
    [
        (at(2026, 11, 24, 8, 59, 59), False, "오늘 09:00에 열림", "Opens today at 09:00"),
        (at(2026, 11, 24, 9, 0), True, "운영 중, 18:00까지", "Open now, until 18:00"),
        (at(2026, 11, 24, 17, 59, 59), True, "운영 중, 18:00까지", "Open now, until 18:00"),
        (at(2026, 11, 24, 18, 0), False, "내일 09:00에 열림", "Opens tomorrow at 09:00"),
        (at(2026, 11, 27, 18, 0), False, "월요일 09:00에 열림", "Opens Monday at 09:00"),
    ],
)
def test_phone_hours_at_their_edges(channels, moment, is_open, ko, en):
    phone = channels["phone"]
    assert channel_status(phone, moment).is_open_now is is_open
    assert phrase(phone, moment, "ko") == ko
    assert phrase(phone, moment, "en") == en


def test_phone_is_closed_over_chuseok_and_opens_after_it(channels):
    moment = at(2026, 9, 24, 10, 0)  # Thursday, Chuseok
    status = channel_status(channels["phone"], moment)
    assert not status.is_open_now
    assert status.next_opening_at == at(2026, 9, 28, 9, 0)
    assert phrase(channels["phone"], moment, "en") == "Opens Monday at 09:00"


def test_chat_opens_on_the_sunday_after_chuseok(channels):
    status = channel_status(channels["chat"], at(2026, 9, 25, 12, 0))
    assert not status.is_open_now
    assert status.next_opening_at == at(2026, 9, 27, 10, 0)


def test_online_inquiries_are_always_open(channels):
    status = channel_status(channels["online"], at(2026, 9, 25, 3, 0))
    assert status.is_open_now and status.is_always_open
    assert phrase(channels["online"], at(2026, 9, 25, 3, 0), "en") == "Open at any hour"


def test_open_channels_come_first_then_the_shortest_wait(channels):
    refund = Category.objects.get(slug="refund")
    weekday_noon = [s.channel.slug for s in channels_for_category(refund, at(2026, 11, 24, 12, 0))]
    assert weekday_noon[:2] == ["chat", "phone"]  # 5 then 12 minutes
    assert set(weekday_noon) == {"chat", "phone", "online", "email"}
    night = [s.channel.slug for s in channels_for_category(refund, at(2026, 11, 24, 23, 0))]
    assert night[-2:] == ["chat", "phone"]  # closed: last, the sooner opening first
    assert night[0] in {"online", "email"}


def test_seller_matters_go_to_the_seller_center(channels):
    category = Category.objects.get(slug="seller-registration")
    slugs = [s.channel.slug for s in channels_for_category(category, at(2026, 11, 24, 12, 0))]
    assert slugs[0] == "seller-center" and "phone" not in slugs


def test_online_wait_is_measured_when_a_function_is_given(channels):
    refund = Category.objects.get(slug="refund")
    statuses = channels_for_category(
        refund, at(2026, 11, 24, 12, 0), measured_wait=lambda category: timedelta(hours=3)
    )
    online = next(s for s in statuses if s.channel.slug == "online")
    assert (online.expected_wait_minutes, online.wait_is_measured) == (180, True)


def test_without_a_measuring_function_the_configured_wait_stays(settings, channels):
    settings.CONTACTS_MEASURED_WAIT = "contacts.nothing_here"
    assert measured_wait_source() is None
    settings.CONTACTS_MEASURED_WAIT = "datetime.timedelta"
    assert measured_wait_source() is timedelta


def test_the_situation_picker_ranks_channels_and_lists_what_to_prepare(
    client, channels, time_machine
):
    time_machine.move_to(at(2026, 11, 24, 12, 0))
    html = client.get("/contacts/", {"category": "refund"}, HTTP_ACCEPT_LANGUAGE="ko").content
    html = html.decode()
    assert "운영 중, 18:00까지" in html
    assert (
        html.index('id="pick-chat"')
        < html.index('id="pick-phone"')
        < html.index('id="pick-online"')
    )
    for label in ("주문번호", "결제 수단", "금액"):
        assert label in html


def test_the_picker_on_a_holiday_shows_when_channels_open_again(client, channels, time_machine):
    time_machine.move_to(at(2026, 9, 24, 10, 0))
    html = client.get("/contacts/", {"category": "delivery"}, HTTP_ACCEPT_LANGUAGE="en").content
    html = html.decode()
    assert "Opens Monday at 09:00" in html  # phone, after Chuseok
    assert "Opens Sunday at 10:00" in html  # chat
    assert "Open at any hour" in html


def test_the_picker_fragment_for_htmx(client, channels):
    response = client.get(
        "/contacts/",
        {"category": "refund"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="situation-result",
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="situation-result"')
    assert "<html" not in html


def test_an_unknown_situation_shows_the_plain_directory(client, channels):
    response = client.get("/contacts/", {"category": "nope"})
    assert response.status_code == 200
    assert 'id="pick-' not in response.content.decode()
    assert "1588-0000" in response.content.decode()
