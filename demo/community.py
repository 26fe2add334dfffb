"""Demo questions and answers for the community, in Korean and English: answered, accepted,
one verified by the help center, and one on the seller board. Posted through the community's
services (masking, notices and all); idempotent by title."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from catalog.models import Category
from community import services
from community.models import Question

# answerer, body, accepted by the asker, verified by (a staff username or None)
DemoAnswer = tuple[str, str, bool, str | None]
# asker, audience, category, title, body, answers
QUESTIONS: list[tuple[str, str, str, str, str, list[DemoAnswer]]] = [
    (
        "buyer",
        "buyer",
        "delivery",
        "배송 조회가 3일째 '집하'에서 멈춰 있어요",
        "주문한 지 4일째인데 배송 조회가 집하 상태에서 바뀌지 않아요. "
        "다들 이럴 때 어떻게 하시나요?",
        [
            (
                "seller",
                "택배사 물량이 많을 때 집하 뒤 스캔이 늦게 찍히는 일이 흔해요. 발송 후 "
                "**3영업일**이 지나도 그대로면 스토어에 먼저 문의하시고, 답이 없으면 고객센터에 "
                "1:1 문의를 남기세요. 지연 보상 포인트는 발송 예정일보다 5영업일 이상 늦을 때 "
                "신청할 수 있어요.",
                True,
                "agent",
            ),
            (
                "buyer2",
                "Same happened to me last month; it moved again after two days.",
                False,
                None,
            ),
        ],
    ),
    (
        "buyer2",
        "both",
        "return-exchange",
        "Who pays return shipping when I simply changed my mind?",
        "I ordered a lamp and no longer need it. It is unopened. Do I pay for the return?",
        [
            (
                "seller",
                "For a change of mind the buyer pays the return shipping (the store's listed "
                "fee), within 7 days of delivery. If the item is defective or not as described, "
                "the store pays.",
                True,
                None,
            ),
        ],
    ),
    (
        "seller",
        "seller",
        "sales-statistics",
        "정산 예정일은 어디서 확인하나요?",
        "구매 확정된 주문의 정산 예정일을 한눈에 보는 메뉴가 있을까요?",
        [],
    ),
]


@transaction.atomic
def seed_community(people: dict[str, User]) -> int:
    """The demo's questions (those not there yet); returns how many were added."""
    added = 0
    for asker, audience, slug, title, body, answers in QUESTIONS:
        if Question.objects.filter(title=title).exists():
            continue
        question = services.ask_question(
            author=people[asker],
            title=title,
            body=body,
            audience=audience,
            category=Category.objects.get(slug=slug),
        ).post
        for answerer, text, accepted, verifier in answers:
            reply = services.answer_question(question, author=people[answerer], body=text).post
            if accepted:
                services.accept_answer(reply, by=people[asker])
            if verifier:
                services.verify_answer(reply, by=people[verifier])
        added += 1
    return added
