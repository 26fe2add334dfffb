"""One search: FAQ articles and community answers together, verified ones and the FAQ first,
with the FAQ's Korean handling; what search shows follows every change at once."""

from django.contrib.auth.models import AnonymousUser

from community import services
from community.selectors import CommunityResult, search_answers
from faq.models import Article
from faq.sources import search_everything

from .conftest import answer, ask


def kinds(results):
    return [
        ("community", r.question_id, r.is_verified) if isinstance(r, CommunityResult) else r.slug
        for r in results
    ]


def test_faq_and_verified_answers_come_first_then_other_answers(community, categories):
    plain = ask(community["buyer"], categories, title="배송 지연이 너무 길어요 배송 배송")
    answer(plain, community["seller"], body="배송 지연 때는 판매자에게 문의하세요. 배송 배송.")
    checked = ask(community["buyer2"], categories, title="배송 지연 보상이 있나요?")
    services.verify_answer(answer(checked, community["seller"]), by=community["agent"])
    results = search_everything(AnonymousUser(), "배송 지연")
    found = kinds(results)
    assert ("community", checked.pk, True) in found[: found.index("delivery-delay") + 2]
    assert found[-1] == ("community", plain.pk, False)
    assert found.index("delivery-delay") < found.index(("community", plain.pk, False))


def test_korean_spacing_and_particles_find_community_answers(community, categories):
    question = ask(
        community["buyer"],
        categories,
        title="교환 신청은 어디서 하나요",
        body="교환 신청 방법이 궁금합니다.",
    )
    answer(question, community["seller"], body="주문 상세에서 교환 신청 버튼을 누르세요.")
    for query in ("교환신청", "교환 신청은", "교환신청방법"):
        assert [r.question_id for r in search_answers(AnonymousUser(), query)] == [question.pk], (
            query
        )


def test_unanswered_hidden_and_seller_board_questions_stay_out_of_a_buyers_search(
    community, categories
):
    ask(community["buyer"], categories, title="환불 계좌를 바꾸고 싶어요")  # no answer yet
    hidden = ask(community["buyer2"], categories, title="환불 계좌 변경 방법")
    answer(hidden, community["seller"], body="환불 계좌는 마이페이지에서 바꿔요.")
    services.hide_post(hidden, by=community["agent"])
    board = ask(
        community["seller"],
        categories,
        title="정산 환불 계좌 변경",
        audience="seller",
        category=categories["sales-statistics"],
    )
    answer(board, community["seller"], body="판매자센터 정산 메뉴에서 환불 계좌를 바꿔요.")
    assert search_answers(AnonymousUser(), "환불 계좌") == []
    assert search_answers(community["buyer"], "환불 계좌") == []
    assert [r.question_id for r in search_answers(community["seller"], "환불 계좌")] == [board.pk]


def test_a_new_answer_shows_in_search_at_once_and_the_cached_result_matches_a_fresh_one(
    community, categories, django_capture_on_commit_callbacks
):
    question = ask(community["buyer"], categories, title="포장 박스가 찢어져 왔어요")
    assert search_answers(AnonymousUser(), "포장 박스") == []  # unanswered; now cached
    with django_capture_on_commit_callbacks(execute=True):
        answer(question, community["seller"], body="사진을 찍어 반품 신청하세요.")
    cached = search_answers(AnonymousUser(), "포장 박스")
    assert [r.question_id for r in cached] == [question.pk]
    from community.selectors import _search_answers

    assert (
        cached
        == search_answers(AnonymousUser(), "포장 박스")
        == _search_answers(AnonymousUser(), "포장 박스")
    )


def test_the_faq_page_the_home_search_and_the_inquiry_suggestions_show_both(
    community, categories, client
):
    question = ask(community["buyer"], categories, title="배송지연 보상 포인트 문의")
    services.verify_answer(answer(question, community["seller"]), by=community["agent"])
    page = client.get("/faq/", {"q": "배송지연"}).text
    assert question.get_absolute_url() in page and "/faq/delivery-delay/" in page
    assert "고객센터 확인 답변" in page
    suggestions = client.get(
        "/faq/suggest/", {"subject": "배송지연", "category": "delivery"}, HTTP_HX_REQUEST="true"
    ).text
    assert f"{question.get_absolute_url()}?from=inquiry&amp;category=delivery" in suggestions
    assert Article.objects.filter(slug="delivery-delay").exists()


def test_the_help_center_search_forgives_typos_in_community_answers(community, categories):
    # 홤불 is one jamo from 환불, a word of the reference FAQ's titles.
    question = ask(
        community["buyer"],
        categories,
        title="환불 계좌를 바꿀 수 있나요",
        body="계좌가 바뀌었어요.",
    )
    answer(question, community["seller"], body="주문 상세에서 바꾸세요.")
    assert [r.question_id for r in search_answers(AnonymousUser(), "홤불")] == [question.pk]
