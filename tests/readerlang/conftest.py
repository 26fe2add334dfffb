from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture
def tuesday_morning():
    """A Tuesday 10:00 in Seoul, a working day: due times fall inside business hours."""
    with time_machine.travel(datetime(2026, 11, 24, 10, 0, tzinfo=SEOUL), tick=True) as traveller:
        yield traveller
