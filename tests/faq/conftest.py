import pytest

from faq.models import Article
from tests.factories import CategoryFactory


@pytest.fixture
def delivery(db):
    return CategoryFactory(slug="delivery", name_ko="배송", name_en="Delivery", keywords="")


@pytest.fixture
def refund(db):
    return CategoryFactory(slug="refund", name_ko="환불", name_en="Refund", keywords="")


def make_article(category, slug, q_ko, q_en, a_ko="", a_en="", **extra):
    return Article.objects.create(
        slug=slug,
        category=category,
        question_ko=q_ko,
        question_en=q_en,
        answer_ko=a_ko or q_ko,
        answer_en=a_en or q_en,
        **extra,
    )


@pytest.fixture
def articles(delivery, refund):
    return {
        "late": make_article(
            delivery,
            "late",
            "배송 지연이 길어지고 있어요",
            "My parcel is late",
            "발송 후 3영업일이 지나도 움직임이 없다면 판매자에게 문의하세요.",
            "If the parcel has not moved for three business days, ask the seller.",
        ),
        "address": make_article(
            delivery,
            "address",
            "배송지를 바꿀 수 있나요?",
            "Can I change the delivery address?",
            "발송 전이라면 주문 상세에서 바꿀 수 있습니다.",
            "Before shipping, change it in the order details.",
        ),
        "refund": make_article(
            refund,
            "refund-timing",
            "환불은 언제 들어오나요?",
            "When will I get my refund?",
            "카드는 승인 취소 후 3~7영업일 안에 환불됩니다.",
            "Card refunds arrive 3-7 business days after cancellation.",
        ),
    }
