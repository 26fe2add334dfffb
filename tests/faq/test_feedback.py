"""Votes once per session, view counts, searches without a result, and deflection counting."""

from datetime import timedelta

import pytest
from django.utils import timezone

from faq import services
from faq.models import Article, ArticleVote, Deflection, SearchLog
from faq.selectors import self_service_funnel

HX = {"HTTP_HX_REQUEST": "true"}


def test_a_vote_counts_once_per_session(client, articles):
    url = "/faq/late/vote/"
    first = client.post(url, {"helpful": "yes", "comment": "좋아요"})
    second = client.post(url, {"helpful": "no"})
    assert first.status_code == second.status_code == 302
    article = Article.objects.get(slug="late")
    assert (article.helpful_count, article.not_helpful_count) == (1, 0)
    vote = ArticleVote.objects.get()
    assert vote.comment == "좋아요"
    assert len(vote.voter) == 64 and client.session.session_key not in vote.voter


def test_another_session_votes_separately(client, django_user_model, articles):
    from django.test import Client

    client.post("/faq/late/vote/", {"helpful": "yes"})
    Client().post("/faq/late/vote/", {"helpful": "no"})
    article = Article.objects.get(slug="late")
    assert (article.helpful_count, article.not_helpful_count) == (1, 1)


def test_the_service_refuses_a_second_vote_and_leaves_counters(articles):
    article = articles["late"]
    services.vote(article, voter="v1", is_helpful=False)
    with pytest.raises(services.AlreadyVoted):
        services.vote(article, voter="v1", is_helpful=True)
    article.refresh_from_db()
    assert (article.helpful_count, article.not_helpful_count) == (0, 1)


def test_htmx_vote_answers_with_the_thank_you_fragment(client, articles):
    response = client.post("/faq/late/vote/", {"helpful": "no"}, **HX)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="vote-box"' in html and "<html" not in html
    assert 'name="helpful"' not in html


def test_a_bad_vote_saves_nothing(client, articles):
    response = client.post("/faq/late/vote/", {"helpful": "maybe", "comment": "x" * 1001}, **HX)
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not ArticleVote.objects.exists()


def test_votes_need_post_and_a_published_article(client, articles):
    assert client.get("/faq/late/vote/").status_code == 405
    Article.objects.filter(slug="late").update(is_published=False)
    assert client.post("/faq/late/vote/", {"helpful": "yes"}).status_code == 404
    assert client.get("/faq/late/").status_code == 404


def test_reading_an_article_counts_a_view(client, articles):
    client.get("/faq/late/")
    client.get("/faq/late/")
    assert Article.objects.get(slug="late").view_count == 2


def test_article_page_shows_rendered_sanitised_answer(client, articles):
    Article.objects.filter(slug="late").update(
        answer_ko="**굵게** <script>alert(1)</script> [x](javascript:alert(1))"
    )
    html = client.get("/faq/late/").content.decode()
    assert "<strong>굵게</strong>" in html
    assert "alert(1)" not in html


def test_a_search_without_result_is_logged_without_personal_data(client, articles, delivery):
    client.get("/faq/", {"q": "  Xyzzy  플러그 ", "category": "delivery"})
    client.get("/faq/", {"q": "xyzzy 플러그", "category": "delivery"}, **HX)
    client.get("/faq/", {"q": "환불"})  # found: not logged
    log = SearchLog.objects.get()
    assert (log.query, log.category, log.source, log.count) == (
        "xyzzy 플러그",
        delivery,
        "faq",
        2,
    )


def test_live_search_returns_only_the_results_fragment(client, articles):
    response = client.get(
        "/faq/", {"q": "배송"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="faq-results"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="faq-results">')
    assert "/faq/late/" in html and "/faq/refund-timing/" not in html
    assert response["Vary"].count("HX-Request")


def test_plain_search_page_works_without_javascript(client, articles):
    html = client.get("/faq/", {"q": "refund"}).content.decode()
    assert "<html" in html and "/faq/refund-timing/" in html


def test_suggestions_follow_the_subject_and_category(client, articles):
    html = client.get("/faq/suggest/", {"subject": "환불", "category": "refund"}, **HX).content
    html = html.decode()
    assert "/faq/refund-timing/?from=inquiry&amp;category=refund" in html
    popular = client.get("/faq/suggest/", {"category": "delivery"}, **HX).content.decode()
    assert "/faq/late/" in popular and "/faq/address/" in popular


def test_suggestions_without_javascript_lead_to_the_search_page(client, articles):
    response = client.get("/faq/suggest/", {"q": "환불", "category": "refund"})
    assert response.status_code == 302
    assert response["Location"].startswith("/faq/?q=")


def test_a_suggestion_with_no_result_is_logged_for_the_inquiry_form(client, articles, refund):
    client.get("/faq/suggest/", {"subject": "qwerty", "category": "refund"}, **HX)
    log = SearchLog.objects.get()
    assert (log.source, log.category) == ("inquiry", refund)


def test_opening_from_the_inquiry_form_then_solving_counts_one_avoided_inquiry(
    client, articles, refund
):
    client.get("/faq/refund-timing/", {"from": "inquiry", "category": "refund"})
    client.get("/faq/refund-timing/", {"from": "inquiry", "category": "refund"})
    page = client.get("/faq/refund-timing/", {"from": "inquiry"}).content.decode()
    assert "/faq/refund-timing/solved/" in page
    response = client.post("/faq/refund-timing/solved/", {"category": "refund"})
    client.post("/faq/refund-timing/solved/", {"category": "refund"})
    assert response.status_code == 302
    kinds = sorted(Deflection.objects.values_list("kind", flat=True))
    assert kinds == ["opened", "solved"]
    assert set(Deflection.objects.values_list("category", flat=True)) == {refund.pk}
    thanks = client.get(response["Location"]).content.decode()
    assert "/faq/refund-timing/solved/" not in thanks


def test_plain_reading_counts_no_deflection(client, articles):
    page = client.get("/faq/late/").content.decode()
    assert "/solved/" not in page
    assert not Deflection.objects.exists()


def test_funnel_per_category(articles, refund, delivery):
    services.record_deflection("opened", article=articles["refund"], visitor="a")
    services.record_deflection("solved", article=articles["refund"], visitor="a")
    services.record_deflection("opened", article=articles["late"], visitor="b")
    services.record_search_without_result("없는 말", category=refund)
    now = timezone.now()
    rows = {
        row.category.slug: row
        for row in self_service_funnel(now - timedelta(days=1), now + timedelta(minutes=1))
    }
    assert (rows["refund"].suggestions_opened, rows["refund"].inquiries_avoided) == (1, 1)
    assert rows["refund"].searches_without_result == 1
    assert (rows["delivery"].suggestions_opened, rows["delivery"].inquiries_avoided) == (1, 0)


def test_supervisors_see_the_numbers_in_the_admin(client, articles, refund):
    from tests.factories import UserFactory

    services.record_search_without_result("없는 말", category=refund)
    services.record_deflection("solved", article=articles["refund"], visitor="a")
    admin = UserFactory(supervisor=True, is_superuser=True)
    client.force_login(admin)
    for url in ("/admin/faq/searchlog/", "/admin/faq/deflection/", "/admin/faq/articlevote/"):
        assert client.get(url).status_code == 200
    assert (
        "없는 말"
        in client.get(f"/admin/faq/searchlog/?category__id__exact={refund.pk}").content.decode()
    )
    page = client.get(f"/admin/faq/article/{articles['late'].pk}/change/").content.decode()
    assert "preview" in page.lower() and "판매자에게 문의하세요" in page
    assert client.get("/admin/faq/searchlog/add/").status_code == 403
