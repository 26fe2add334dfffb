"""Measured: questions answered, time to first answer, share verified, and people who ended
at a community answer instead of filing."""

from datetime import timedelta

from django.utils import timezone

from community import services
from community.models import Deflection
from community.selectors import community_funnel, community_numbers

from .conftest import answer, ask


def test_answered_share_verified_and_median_first_answer(community, categories, clock):
    start = timezone.now()
    quick = ask(community["buyer"], categories, title="첫 번째 질문입니다")
    slow = ask(community["buyer2"], categories, title="두 번째 질문입니다")
    ask(community["buyer"], categories, title="답이 없는 질문입니다")
    clock.shift(timedelta(minutes=30))
    services.verify_answer(answer(quick, community["seller"]), by=community["agent"])
    clock.shift(timedelta(minutes=60))
    answer(slow, community["seller"])
    numbers = community_numbers(start, timezone.now() + timedelta(minutes=1))
    assert (numbers.asked, numbers.answered, numbers.verified) == (3, 2, 1)
    assert numbers.median_first_answer_minutes == 60  # 30 and 90 minutes
    assert round(numbers.share_verified, 2) == 0.33


def test_people_who_ended_at_a_community_answer_are_counted_once(community, categories, client):
    question = ask(community["buyer"], categories)
    answer(question, community["seller"])
    url = f"{question.get_absolute_url()}?from=inquiry&category=delivery"
    client.get(url)
    client.get(url)
    client.post(f"/community/{question.pk}/solved/", {"category": "delivery"})
    client.post(f"/community/{question.pk}/solved/", {"category": "delivery"})
    assert Deflection.objects.count() == 2
    funnel = community_funnel(
        timezone.now() - timedelta(days=1), timezone.now() + timedelta(days=1)
    )
    row = funnel[categories["delivery"].pk]
    assert (row.opened, row.solved) == (1, 1)


def test_the_reports_page_shows_the_community(community, categories, client):
    question = ask(community["buyer"], categories)
    answer(question, community["seller"])
    client.post(f"/community/{question.pk}/solved/", {"category": "delivery"})
    client.force_login(community["admin"])
    page = client.get("/agent/reports/").text
    assert "커뮤니티" in page
    assert "커뮤니티 답변에서 끝남" in page
