from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from community import services

SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture
def clock():
    """A Tuesday 10:00 in Seoul, two years from the real date (tests pass on any date)."""
    year = timezone.now().astimezone(SEOUL).year + 2
    moment = datetime(year, 3, 3, 10, 0, tzinfo=SEOUL)
    moment += timedelta(days=(1 - moment.weekday()) % 7)
    with time_machine.travel(moment, tick=False) as traveller:
        yield traveller


@pytest.fixture
def community(people, reference_data, clock):
    """The people, with accounts old enough to post freely, and the categories."""
    long_ago = timezone.now() - timedelta(days=365)
    for person in people.values():
        person.date_joined = long_ago
        person.save(update_fields=["date_joined"])
    return people


@pytest.fixture
def categories(reference_data):
    return reference_data.categories


def ask(author, categories, *, title="배송 지연 보상 받을 수 있나요?", body=None, **extra):
    extra.setdefault("audience", "buyer")
    extra.setdefault("category", categories["delivery"])
    return services.ask_question(
        author=author,
        title=title,
        body=body or "주문한 상품이 일주일째 배송 지연 중이에요. 보상이 있나요?",
        **extra,
    ).post


def answer(question, author, body="발송 예정일보다 5영업일 늦으면 지연 보상을 신청할 수 있어요."):
    return services.answer_question(question, author=author, body=body).post
