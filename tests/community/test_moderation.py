"""Reports, hiding, blocking and the rate limit of new accounts; every act in the audit trail."""

from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AuditEntry
from community import services
from community.models import Block, Question, Report

from .conftest import answer, ask


def test_people_report_a_post_once(community, categories, client):
    question = ask(community["buyer"], categories)
    client.force_login(community["buyer2"])
    response = client.post(
        f"/community/question/{question.pk}/report/", {"reason": "spam", "note": "광고 같아요"}
    )
    assert response.status_code == 302
    client.post(f"/community/question/{question.pk}/report/", {"reason": "abuse"})
    report = Report.objects.get()
    assert (report.question, report.reporter, report.reason) == (
        question,
        community["buyer2"],
        "spam",
    )
    with pytest.raises(services.InvalidPost):
        services.report_post(question, by=community["seller"], reason="nonsense")
    assert client.post("/community/question/999999/report/", {"reason": "spam"}).status_code == 404


def test_staff_hide_an_answer_it_disappears_for_everyone_else_and_reports_are_handled(
    community, categories, client
):
    question = ask(community["buyer"], categories)
    reply = answer(question, community["seller"], body="제 스토어 haru-living 에서 사세요 광고")
    services.report_post(reply, by=community["buyer"], reason="spam")
    client.force_login(community["agent"])
    client.post(f"/community/answer/{reply.pk}/hide/", {"reason": "광고"})
    reply.refresh_from_db()
    assert reply.is_hidden and reply.hidden_by == community["agent"]
    assert Report.objects.get().resolved_by == community["agent"]
    assert "광고" in client.get(question.get_absolute_url()).text  # staff still see it
    client.force_login(community["buyer2"])
    assert "haru-living" not in client.get(question.get_absolute_url()).text
    assert client.post(f"/community/answers/{reply.pk}/vote/").status_code == 404
    entry = AuditEntry.objects.get(action="moderation")
    assert (entry.actor, entry.object_type, entry.summary) == (
        community["agent"],
        "community.answer",
        "hidden: 광고",
    )


def test_a_hidden_question_is_a_404_and_leaves_the_list(community, categories, client):
    question = ask(community["buyer"], categories)
    services.hide_post(question, by=community["agent"])
    client.force_login(community["buyer2"])
    assert client.get(question.get_absolute_url()).status_code == 404
    assert question.title not in client.get("/community/").text
    client.force_login(community["agent"])
    assert client.get(question.get_absolute_url()).status_code == 200
    client.post(f"/community/question/{question.pk}/show/")
    question.refresh_from_db()
    assert not question.is_hidden
    assert AuditEntry.objects.filter(action="moderation").count() == 2


def test_hiding_a_verified_answer_withdraws_the_badge(community, categories):
    reply = answer(ask(community["buyer"], categories), community["seller"])
    services.verify_answer(reply, by=community["agent"])
    services.hide_post(reply, by=community["agent"])
    reply.refresh_from_db()
    assert reply.is_hidden and reply.verified_at is None


def test_a_blocked_person_can_no_longer_post_until_the_block_is_lifted(
    community, categories, client
):
    question = ask(community["buyer"], categories)
    client.force_login(community["agent"])
    client.post(f"/community/question/{question.pk}/block/", {"reason": "도배"})
    assert Block.objects.get().user == community["buyer"]
    with pytest.raises(services.NotAllowed):
        ask(community["buyer"], categories)
    client.force_login(community["buyer"])
    assert 'name="title"' not in client.get("/community/ask/").text  # no form to fill
    response = client.post(
        "/community/ask/",
        {
            "title": "다시 질문합니다",
            "body": "차단되었는데 질문이 될까요?",
            "audience": "buyer",
            "category": "delivery",
        },
    )
    assert response.status_code == 200
    assert Question.objects.count() == 1
    services.lift_block(community["buyer"], by=community["agent"])
    ask(community["buyer"], categories)
    assert Question.objects.count() == 2
    summaries = list(
        AuditEntry.objects.filter(action="moderation")
        .order_by("at", "id")
        .values_list("summary", flat=True)
    )
    assert summaries == ["blocked from posting: 도배", "block lifted"]
    with pytest.raises(services.NotAllowed):
        services.block_person(community["buyer2"], by=community["buyer"])


def test_new_accounts_are_rate_limited_with_retry_after(community, categories, client, settings):
    settings.COMMUNITY_NEW_ACCOUNT_DAYS = 7
    settings.COMMUNITY_NEW_ACCOUNT_POSTS_PER_HOUR = 2
    newcomer = community["buyer2"]
    newcomer.date_joined = timezone.now() - timedelta(days=1)
    newcomer.save()
    question = ask(community["buyer"], categories)
    answer(question, newcomer)
    answer(question, newcomer, body="하나 더 답변을 드려요. 도움이 되길 바라요.")
    with pytest.raises(services.PostingTooFast) as refused:
        answer(question, newcomer, body="세 번째 답변은 막혀야 해요. 한 시간에 두 번.")
    assert 0 < refused.value.retry_after <= 3600
    client.force_login(newcomer)
    response = client.post(
        f"/community/{question.pk}/answer/",
        {"body": "세 번째 답변은 막혀야 해요. 한 시간에 두 번."},
    )
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    # An older account posts freely.
    for n in range(3):
        answer(question, community["seller"], body=f"오래된 계정의 답변 {n} 입니다. 제한 없음.")


def test_staff_list_the_questions_with_open_reports(community, categories, client):
    calm = ask(community["buyer"], categories, title="조용한 질문입니다")
    flagged = ask(community["buyer"], categories, title="신고된 답변이 있는 질문")
    services.report_post(
        answer(flagged, community["seller"]), by=community["buyer2"], reason="wrong"
    )
    client.force_login(community["agent"])
    page = client.get("/community/", {"reported": "on"}).text
    assert flagged.title in page and calm.title not in page
    client.force_login(community["buyer"])
    page = client.get("/community/", {"reported": "on"}).text
    assert flagged.title in page and calm.title in page  # not a filter for buyers
