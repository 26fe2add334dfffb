"""A question becomes an FAQ draft or an inquiry of its asker in one step, linked both ways."""

import pytest

from audit.models import AuditEntry
from community import services
from faq.models import Article
from tickets.models import Ticket

from .conftest import answer, ask


def test_staff_write_an_faq_draft_from_a_question_and_its_best_answer(
    community, categories, client
):
    question = ask(community["buyer"], categories, title="해외 배송도 되나요?")
    reply = answer(question, community["seller"], body="일부 상품만 해외 배송이 됩니다.")
    services.verify_answer(reply, by=community["agent"])
    client.force_login(community["admin"])
    response = client.post(f"/community/{question.pk}/to/faq/")
    article = Article.objects.get(slug=f"community-{question.pk}")
    assert response["Location"] == f"/admin/faq/article/{article.pk}/change/"
    assert not article.is_published
    assert article.question_ko == question.title and reply.body in article.answer_ko
    assert f"/community/{question.pk}/" in article.answer_ko  # the draft names its source
    question.refresh_from_db()
    assert question.faq_article == article  # ...and the question holds the article
    assert client.get(f"/faq/{article.slug}/").status_code == 404  # a draft until published
    with pytest.raises(services.CommunityError):
        services.make_faq_draft(question, by=community["admin"])
    assert AuditEntry.objects.filter(action="moderation", summary__startswith="FAQ draft").exists()


def test_staff_make_a_question_an_inquiry_of_its_asker(community, categories, client):
    question = ask(
        community["buyer"],
        categories,
        title="환불이 아직 안 들어왔어요",
        category=categories["refund"],
    )
    client.force_login(community["agent"])
    response = client.post(f"/community/{question.pk}/to/inquiry/")
    ticket = Ticket.objects.get()
    assert response["Location"] == f"/agent/tickets/{ticket.reference}/"
    assert (ticket.requester, ticket.subject) == (community["buyer"], question.title)
    assert f"/community/{question.pk}/" in ticket.messages.get().body
    question.refresh_from_db()
    assert question.ticket == ticket
    assert ticket.reference in client.get(question.get_absolute_url()).text
    client.force_login(community["buyer"])
    assert client.post(f"/community/{question.pk}/to/inquiry/").status_code == 404


def test_a_question_in_a_category_that_needs_an_order_number_is_filed_under_other(
    community, categories
):
    question = ask(  # delivery asks for an order number, which a public post cannot hold
        community["buyer"],
        categories,
        title="주문한 물건이 아직도 안 왔어요",
        body="일주일이 지났는데 소식이 없어요. 어떻게 하죠?",
    )
    ticket = services.file_inquiry(question, by=community["agent"])
    assert ticket.category.slug == "other"
    assert f"/community/{question.pk}/" in ticket.messages.get().body
