from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from catalog import calendar as cal
from tickets import services

SEOUL = ZoneInfo("Asia/Seoul")
# A Tuesday morning in Seoul: every test here runs at this moment (--clock changes nothing).
TUESDAY_10 = datetime(2026, 11, 24, 10, 0, tzinfo=SEOUL)
ORDER = "2026111412345678"
DASHED = "2026-1114-1234-5678"


@pytest.fixture(autouse=True)
def _tuesday_morning(time_machine):
    cal.forget_cached()
    time_machine.move_to(TUESDAY_10, tick=False)
    yield
    cal.forget_cached()


def file(people, reference_data, who="buyer", *, order=ORDER, category="delivery", **extra):
    """An inquiry filed through the service, as the web form and the API do."""
    requester = people[who] if who else None
    values = {
        "requester": requester,
        "category": reference_data.categories[category],
        "subject": "주문한 상품이 오지 않아요",
        "body": "일주일째 배송 조회가 되지 않습니다.",
        "details": {"order_number": order, "store_id": "haru-living"},
    }
    if requester is None:
        values.update(requester_name="Minji Kim", requester_email="minji@example.com")
    values.update(extra)
    return services.open_ticket(**values).ticket
