"""Answering, voting once, accepting, verifying and correcting, and who hears of it."""

import pytest
from django.core import mail

from audit.models import AuditEntry
from community import services
from community.models import Answer, Notice, Vote
from outbox.models import OutboundEmail

from .conftest import answer, ask


def test_an_answer_tells_the_asker_in_app_and_by_email_in_their_language(
    community, categories, django_capture_on_commit_callbacks
):
    community["buyer2"].preferred_language = "en"
    community["buyer2"].save()
    question = ask(community["buyer2"], categories)
    with django_capture_on_commit_callbacks(execute=True):
        reply = answer(question, community["seller"])
    notice = Notice.objects.get(recipient=community["buyer2"])
    assert (notice.kind, notice.answer) == ("answered", reply)
    email = OutboundEmail.objects.get(to=community["buyer2"].email)
    assert email.language == "en"
    assert email.subject.startswith("New answer to your question")
    assert reply.body in email.body_text
    question.refresh_from_db()
    assert question.first_answer_at == reply.created_at


def test_the_askers_own_follow_up_neither_notifies_nor_counts_as_first_answer(
    community, categories
):
    question = ask(community["buyer"], categories)
    answer(question, community["buyer"], body="추가로, 택배사는 CJ대한통운이에요.")
    question.refresh_from_db()
    assert question.first_answer_at is None
    assert not Notice.objects.exists()


def test_a_person_votes_for_an_answer_once(community, categories, client):
    reply = answer(ask(community["buyer"], categories), community["seller"])
    services.vote_for_answer(reply, by=community["buyer2"])
    with pytest.raises(services.CommunityError):
        services.vote_for_answer(reply, by=community["buyer2"])
    with pytest.raises(services.NotAllowed):
        services.vote_for_answer(reply, by=community["seller"])  # their own
    reply.refresh_from_db()
    assert reply.vote_count == 1 == Vote.objects.count()
    client.force_login(community["buyer"])
    client.post(f"/community/answers/{reply.pk}/vote/")
    client.post(f"/community/answers/{reply.pk}/vote/")
    reply.refresh_from_db()
    assert reply.vote_count == 2


def test_only_the_asker_accepts_and_a_new_choice_replaces_the_first(community, categories, client):
    question = ask(community["buyer"], categories)
    first = answer(question, community["seller"])
    second = answer(question, community["buyer2"], body="저는 판매자에게 문의해서 해결했어요.")
    with pytest.raises(services.NotAllowed):
        services.accept_answer(first, by=community["buyer2"])
    client.force_login(community["buyer"])
    client.post(f"/community/answers/{first.pk}/accept/")
    services.accept_answer(second, by=community["buyer"])
    accepted = Answer.objects.filter(question=question, is_accepted=True)
    assert list(accepted) == [second]


def test_staff_verify_an_answer_it_comes_first_and_the_asker_is_told(
    community, categories, client, django_capture_on_commit_callbacks
):
    question = ask(community["buyer"], categories)
    voted = answer(question, community["buyer2"], body="판매자에게 먼저 문의해 보세요. 빠릅니다.")
    services.vote_for_answer(voted, by=community["seller"])
    checked = answer(question, community["seller"])
    with pytest.raises(services.NotAllowed):
        services.verify_answer(checked, by=community["buyer"])
    client.force_login(community["agent"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/community/answers/{checked.pk}/verify/")
    assert response.status_code == 302
    checked.refresh_from_db()
    assert checked.verified_by == community["agent"]
    assert list(Answer.objects.filter(question=question)) == [checked, voted]
    page = client.get(question.get_absolute_url()).text
    assert page.index(f'id="answer-{checked.pk}"') < page.index(f'id="answer-{voted.pk}"')
    assert "고객센터 확인 답변" in page
    assert Notice.objects.filter(recipient=community["buyer"], kind="verified").exists()
    assert Notice.objects.filter(recipient=community["seller"], kind="verified").exists()
    assert [m.to for m in mail.outbox if "확인" in m.subject] == [[community["buyer"].email]]
    entry = AuditEntry.objects.get(action="moderation")
    assert (entry.actor, entry.object_id, entry.summary) == (
        community["agent"],
        str(checked.pk),
        "verified",
    )
    with pytest.raises(services.CommunityError):
        services.verify_answer(checked, by=community["agent"])


def test_buyers_cannot_reach_the_staff_tools(community, categories, client):
    reply = answer(ask(community["buyer"], categories), community["seller"])
    client.force_login(community["buyer"])
    assert client.post(f"/community/answers/{reply.pk}/verify/").status_code == 404
    assert (
        client.post(f"/community/answers/{reply.pk}/correct/", {"correction": "x"}).status_code
        == 404
    )
    reply.refresh_from_db()
    assert reply.verified_at is None and reply.correction == ""


def test_staff_add_a_correction_shown_below_the_answer(community, categories, client):
    question = ask(community["buyer"], categories)
    reply = answer(question, community["seller"])
    client.force_login(community["agent"])
    client.post(
        f"/community/answers/{reply.pk}/correct/",
        {"correction": "보상은 **7영업일** 지연부터입니다. 문의: help@example.com"},
    )
    reply.refresh_from_db()
    assert reply.corrected_by == community["agent"]
    assert "help@example.com" not in reply.correction
    page = client.get(question.get_absolute_url()).text
    assert "<strong>7영업일</strong>" in page
    assert Notice.objects.filter(recipient=community["buyer"], kind="corrected").exists()
    assert AuditEntry.objects.filter(action="moderation", summary="corrected").count() == 1


def test_notices_are_written_in_the_readers_language_when_read(community, categories, client):
    question = ask(community["buyer"], categories, title="택배가 안 와요 도와주세요")
    answer(question, community["seller"])
    client.force_login(community["buyer"])
    assert "새 답변이 달렸어요" in client.get("/community/notifications/").text
    client.cookies["django_language"] = "en"
    page = client.get("/community/notifications/").text
    assert "New answer to your question “택배가 안 와요 도와주세요”" in page
    client.post("/community/notifications/read/", {"all": "1"})
    assert not Notice.objects.filter(read_at__isnull=True).exists()


def test_sellers_who_follow_the_seller_board_hear_of_its_new_questions(
    community, categories, client
):
    client.force_login(community["seller"])
    client.post("/community/follow/")
    other_seller = community["seller"].__class__.objects.create_user(
        username="seller-two", role="seller", email="two@example.com"
    )
    other_seller.date_joined = community["seller"].date_joined
    other_seller.save()
    ask(other_seller, categories, audience="seller", category=categories["sales-statistics"])
    ask(other_seller, categories, audience="both")
    notices = Notice.objects.filter(recipient=community["seller"])
    assert [n.kind for n in notices] == ["board_question"]
    client.post("/community/follow/", {"stop": "1"})
    ask(other_seller, categories, audience="seller", category=categories["sales-statistics"])
    assert Notice.objects.filter(recipient=community["seller"]).count() == 1


def test_opening_the_question_reads_its_notices(community, categories, client):
    question = ask(community["buyer"], categories)
    other = ask(community["buyer"], categories, title="다른 질문도 있어요")
    answer(question, community["seller"])
    answer(other, community["seller"])
    client.force_login(community["buyer"])
    client.get(question.get_absolute_url())
    unread = Notice.objects.filter(recipient=community["buyer"], read_at__isnull=True)
    assert [n.question for n in unread] == [other]
