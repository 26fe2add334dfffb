from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from catalog import calendar as cal
from notices.models import Notice

SEOUL = ZoneInfo("Asia/Seoul")
# A Tuesday morning in Seoul: every test here runs at this moment.
TUESDAY_10 = datetime(2026, 11, 24, 10, 0, tzinfo=SEOUL)


@pytest.fixture(autouse=True)
def _tuesday_morning(time_machine):
    cal.forget_cached()
    time_machine.move_to(TUESDAY_10, tick=False)
    yield
    cal.forget_cached()


def make_notice(*categories, state=Notice.State.INVESTIGATING, **fields):
    values = {
        "title_ko": "카드 결제가 14시부터 실패하고 있어요",
        "title_en": "Card payments have been failing since 14:00",
        "body_ko": "다시 문의하지 않으셔도 됩니다. 해결되면 알려드릴게요.",
        "body_en": "No need to write to us again: we will tell you once it is fixed.",
        "starts_at": TUESDAY_10 - timedelta(hours=1),
        **fields,
    }
    if state == Notice.State.RESOLVED:
        values.setdefault("resolved_at", TUESDAY_10 - timedelta(minutes=5))
    notice = Notice.objects.create(state=state, **values)
    notice.categories.set(categories)
    return notice


@pytest.fixture
def payment_notice(reference_data):
    return make_notice(reference_data.categories["payment"])
