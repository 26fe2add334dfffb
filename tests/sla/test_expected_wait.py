"""What requesters are told before and after filing: the measured median first-response time
of the category over the last 30 days, or its normal-priority target when too few answers."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import CategoryFactory, TicketFactory
from tickets.models import SLAPolicy
from tickets.selectors import ExpectedWait, expected_first_response, expected_wait_min_sample
from tickets.templatetags.response_times import business_duration


def answered(category, minutes, *, days_ago=1):
    at = timezone.now() - timedelta(days=days_ago)
    return TicketFactory(category=category, first_response_at=at, first_response_minutes=minutes)


def test_with_few_answers_the_normal_priority_target_is_shown(targets):
    category = CategoryFactory()
    for minutes in (30, 40, 50):
        answered(category, minutes)
    assert expected_first_response(category) == ExpectedWait(
        minutes=480, measured=False, sample_size=3
    )


def test_the_category_s_own_normal_target_comes_before_the_default(targets):
    category = CategoryFactory()
    SLAPolicy.objects.create(
        category=category,
        priority="normal",
        first_response_minutes=120,
        next_response_minutes=240,
        resolution_minutes=600,
    )
    assert expected_first_response(category).minutes == 120


def test_with_enough_answers_the_median_of_the_last_30_days_is_shown(targets):
    category = CategoryFactory()
    values = [10, 20, 30, 60, 90, 120, 150, 180, 200, 240, 600]  # median 120
    for minutes in values:
        answered(category, minutes)
    answered(category, 5000, days_ago=40)  # too old to count
    answered(CategoryFactory(), 1, days_ago=1)  # another category
    TicketFactory(category=category)  # not answered yet
    wait = expected_first_response(category)
    assert wait == ExpectedWait(minutes=120, measured=True, sample_size=len(values))
    assert len(values) >= expected_wait_min_sample()


def test_an_even_sample_takes_the_middle_of_the_two_middle_values(targets):
    category = CategoryFactory()
    for minutes in [10, 20, 30, 40, 50, 70, 80, 90, 100, 110]:
        answered(category, minutes)
    assert expected_first_response(category).minutes == 60


def test_the_expected_wait_is_cached_for_a_few_minutes(targets):
    category = CategoryFactory()
    first = expected_first_response(category)
    for minutes in range(20, 20 + 12):
        answered(category, minutes)
    assert expected_first_response(category) == first


def test_no_target_and_no_answers_promises_nothing(db):
    assert expected_first_response(CategoryFactory()).minutes is None


@pytest.mark.parametrize(
    ("minutes", "english", "korean"),
    [
        (7, "10 minutes", "10분"),
        (45, "50 minutes", "50분"),
        (60, "1 hour", "1시간"),
        (61, "2 hours", "2시간"),
        (480, "8 hours", "8시간"),
        (540, "1 business day", "1영업일"),
        (960, "2 business days", "2영업일"),
        (None, "", ""),
    ],
)
def test_business_minutes_read_as_minutes_hours_or_business_days(minutes, english, korean):
    with translation.override("en"):
        assert business_duration(minutes) == english
    with translation.override("ko"):
        assert business_duration(minutes) == korean


def test_the_inquiry_form_shows_the_measured_wait_for_the_chosen_category(client, targets):
    category = CategoryFactory(slug="delivery", audience="everyone")
    for minutes in [100, 120, 150, 170, 180, 190, 200, 210, 220, 230]:
        answered(category, minutes)
    response = client.get(
        reverse("tickets:new"),
        {"category": "delivery"},
        headers={"HX-Request": "true", "HX-Target": "case-fields"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "보통 4시간 안에 답변드립니다 (최근 30일 기준)." in html
    response = client.get(
        reverse("tickets:new"), {"category": "delivery"}, headers={"Accept-Language": "en"}
    )
    assert "Usually answered within 4 hours (last 30 days)." in response.content.decode()


def test_the_confirmation_after_filing_shows_the_target_and_the_due_time(client, targets):
    category = CategoryFactory(slug="refund", audience="everyone")
    ticket = TicketFactory(category=category, first_response_due_at=timezone.now())
    client.force_login(ticket.requester)
    assert "8시간 안에" not in client.get(ticket.get_absolute_url()).content.decode()
    html = client.get(ticket.get_absolute_url() + "?filed=1").content.decode()
    assert "8시간 안에 답변드리는 것을 목표로 합니다." in html
    assert "영업시간(평일, 공휴일 제외) 기준으로 계산합니다." in html
    assert timezone.localtime(ticket.first_response_due_at).strftime("%Y-%m-%d %H:%M") in html
