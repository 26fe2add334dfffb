from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from catalog import calendar as cal

SEOUL = ZoneInfo("Asia/Seoul")


def at(*args):
    return datetime(*args, tzinfo=SEOUL)


# A Tuesday in Seoul, the phone line (weekdays 09-18) open.
TUESDAY_10 = at(2026, 11, 24, 10, 0)
# The evening before Chuseok 2026 (Thursday 24 to Saturday 26 September): the line opens
# again on Monday the 28th.
CHUSEOK_EVE = at(2026, 9, 23, 17, 50)


@pytest.fixture(autouse=True)
def _fresh_calendars():
    cal.forget_cached()
    yield
    cal.forget_cached()


@pytest.fixture
def tuesday(time_machine):
    time_machine.move_to(TUESDAY_10, tick=False)
    return TUESDAY_10


@pytest.fixture
def phone(reference_data):
    return reference_data.channels["phone"]


def ask(people, reference_data, *, who="buyer", preferred_at=None, phone_number="010-1234-5678"):
    from callbacks import services

    return services.request_callback(
        requester=people[who] if who else None,
        channel=reference_data.channels["phone"],
        category=reference_data.categories["refund"],
        phone=phone_number,
        preferred_at=preferred_at,
        situation="환불이 아직 안 들어왔어요",
        details={"order_number": "2026111412345678", "payment_method": "card", "amount": 30000},
        **({} if who else {"requester_name": "손님", "requester_email": "guest@example.com"}),
    )
