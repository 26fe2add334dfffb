"""The reference data tests share, built with the factories: the ten categories of PRODUCT.md
in four queues, the default targets and business calendar, the contact channels, a few FAQ
articles, and the people who file and answer inquiries.

Only what tests read is here, and short; a test that needs more (a canned response, a long
article) makes it itself. ``tests/conftest.py`` offers ``reference_data`` and ``people``.
"""

from types import SimpleNamespace

from catalog.models import Queue
from tests.factories import (
    ArticleFactory,
    BusinessCalendarFactory,
    CategoryFactory,
    ContactChannelFactory,
    QueueFactory,
    SLAPolicyFactory,
    StoreFactory,
    UserFactory,
    member,
)

# priority: first response, next response, resolution (business minutes; a day is 9 hours)
TARGETS = {
    "urgent": (60, 120, 540),
    "high": (240, 480, 1080),
    "normal": (480, 960, 1620),
    "low": (960, 1440, 2700),
}

QUEUES = {  # slug: automatic assignment
    "orders": Queue.AutoAssign.ROUND_ROBIN,
    "payments": Queue.AutoAssign.LEAST_OPEN,
    "seller-success": Queue.AutoAssign.OFF,
    "voice": Queue.AutoAssign.OFF,
}

# slug: Korean, English, queue, audience, default priority, fields ("*": required), keywords
# fmt: off
CATEGORIES = {
    "delivery": ("배송", "Delivery", "orders", "buyer", "normal", "order_number* store_id* tracking_number product_name", "배송지연 택배 delivery parcel courier late"),
    "stock": ("재고", "Stock", "orders", "buyer", "normal", "product_name* store_id* order_number", "품절 재입고 restock"),
    "return-exchange": ("반품/교환", "Return & exchange", "orders", "buyer", "normal", "order_number* store_id* product_name*", "반품 교환 return exchange"),
    "payment": ("결제", "Payment", "payments", "buyer", "high", "payment_method* amount* order_number", "결제 카드 charged card"),
    "refund": ("환불", "Refund", "payments", "buyer", "normal", "order_number* payment_method* amount*", "환불 돈 refund"),
    "seller-registration": ("판매자 등록", "Seller registration", "seller-success", "seller", "normal", "store_id", "입점 registration"),
    "sales-statistics": ("판매 통계", "Sales statistics", "seller-success", "seller", "normal", "store_id*", "통계 statistics"),
    "marketing-ads": ("마케팅/광고", "Marketing & ads", "seller-success", "seller", "low", "store_id*", "광고 advertising"),
    "feedback": ("피드백", "Feedback", "voice", "everyone", "low", "", "의견 feedback"),
    "other": ("기타", "Other", "voice", "everyone", "normal", "", ""),
}
# fmt: on

# Sellers see the buyers' inquiries about their store's orders in these.
CONCERN_A_STORE = {"delivery", "stock", "return-exchange"}

BUYER_MATTERS = "delivery stock return-exchange payment refund"

# slug: kind, address, calendar (None: open at any hour), audience, categories, expected wait
# fmt: off
CHANNELS = {
    "online": ("online", "/tickets/new/", None, "everyone", "*", None),
    "phone": ("phone", "1588-0000", "office", "buyer", BUYER_MATTERS, 12),
    "chat": ("chat", "@helpdesk", "chat", "buyer", f"{BUYER_MATTERS} other", 5),
    "email": ("email", "help@example.com", None, "everyone", "feedback other refund", None),
    "seller-center": ("seller_center", "1588-0001", "office", "seller", "seller-registration sales-statistics marketing-ads", 8),
}
# fmt: on

# slug, category, question ko, question en, answer ko, answer en (seller categories' articles
# are for sellers only)
ARTICLES = [
    (
        "delivery-delay",
        "delivery",
        "배송이 늦어지고 있어요",
        "My parcel is late. What can I do?",
        "송장번호로 배송 상황을 확인하고, 3영업일 동안 움직임이 없으면 판매자에게 문의하세요.",
        "Follow it with the tracking number; if it has not moved for 3 business days, ask the seller.",
    ),
    (
        "change-address",
        "delivery",
        "배송지를 바꿀 수 있나요?",
        "Can I change the delivery address?",
        "발송 전이라면 주문 상세에서 바꿀 수 있습니다.",
        "Before shipping, change it in the order details.",
    ),
    (
        "restock-alert",
        "stock",
        "재입고 알림을 받을 수 있나요?",
        "Can I be told when it is back in stock?",
        "상품 페이지에서 재입고 알림을 누르세요.",
        "Press Notify me on the product page.",
    ),
    (
        "refund-timing",
        "refund",
        "환불은 언제 들어오나요?",
        "When will I get my refund?",
        "카드는 승인 취소 후 3~7영업일 안에 들어옵니다.",
        "Card refunds arrive 3-7 business days after cancellation.",
    ),
    (
        "open-a-store",
        "seller-registration",
        "입점하려면 무엇이 필요한가요?",
        "What do I need to open a store?",
        "사업자등록증과 정산 계좌가 필요합니다.",
        "A business registration and a settlement account.",
    ),
]


def build_reference_data():
    """Queues, categories, targets, calendars, channels and articles; returns them by slug."""
    calendars = {
        "office": BusinessCalendarFactory(name="office", is_default=True),  # weekdays 09-18
        "chat": BusinessCalendarFactory(
            name="chat", hours=[(d, 9, 22) for d in range(5)] + [(5, 10, 17), (6, 10, 17)]
        ),
    }
    queues = {slug: QueueFactory(slug=slug, auto_assign=mode) for slug, mode in QUEUES.items()}
    categories = {}
    for order, (slug, row) in enumerate(CATEGORIES.items()):
        name_ko, name_en, queue, audience, priority, fields, keywords = row
        categories[slug] = CategoryFactory(
            slug=slug,
            name_ko=name_ko,
            name_en=name_en,
            queue=queues[queue],
            audience=audience,
            default_priority=priority,
            concerns_store=slug in CONCERN_A_STORE,
            fields=[
                {"name": name.rstrip("*"), "required": name.endswith("*")}
                for name in fields.split()
            ],
            keywords="\n".join(keywords.split()),
            sort_order=order,
        )
    for priority, (first, nxt, resolution) in TARGETS.items():
        SLAPolicyFactory(
            priority=priority,
            first_response_minutes=first,
            next_response_minutes=nxt,
            resolution_minutes=resolution,
        )
    channels = {}
    for order, (slug, row) in enumerate(CHANNELS.items()):
        kind, address, calendar, audience, serves, wait = row
        channels[slug] = ContactChannelFactory(
            slug=slug,
            kind=kind,
            address=address,
            calendar=calendars[calendar] if calendar else None,
            audience=audience,
            expected_wait_minutes=wait,
            sort_order=order,
            categories=list(categories.values())
            if serves == "*"
            else [categories[s] for s in serves.split()],
        )
    articles = {
        slug: ArticleFactory(
            slug=slug,
            category=categories[category],
            question_ko=q_ko,
            question_en=q_en,
            answer_ko=a_ko,
            answer_en=a_en,
            audience="seller" if categories[category].audience == "seller" else "buyer",
        )
        for slug, category, q_ko, q_en, a_ko, a_en in ARTICLES
    }
    return SimpleNamespace(
        calendars=calendars,
        queues=queues,
        categories=categories,
        channels=channels,
        articles=articles,
    )


# username: role, language, display name, queues (agents)
PEOPLE = {
    "admin": ("supervisor", "ko", "관리자 한", "orders payments seller-success voice"),
    "agent": ("agent", "ko", "상담원 김하늘", "orders payments voice"),
    "agent2": ("agent", "en", "Agent Alex Park", "orders payments seller-success voice"),
    "buyer": ("buyer", "ko", "구매자 이서연", ""),
    "buyer2": ("buyer", "en", "Buyer Jamie Lee", ""),
    "seller": ("seller", "ko", "판매자 박준호", ""),
}
# seller ID: store name, owner (one of PEOPLE; None: a seller of its own, who never signs in)
STORES = {"haru-living": ("하루살림 생활용품", "seller"), "modern-kitchen": ("모던키친", None)}


def build_people(queues):
    """The accounts of PEOPLE (password ``tests.factories.PASSWORD``, e-mail
    ``<username>@example.com``) and the stores; ``admin`` is the Django admin's superuser."""
    people = {}
    for username, (role, language, name, member_of) in PEOPLE.items():
        person = UserFactory(
            username=username,
            role=role,
            preferred_language=language,
            display_name=name,
            is_staff=role in ("agent", "supervisor"),
            is_superuser=username == "admin",
        )
        for slug in member_of.split():
            member(person, queues[slug])
        people[username] = person
    for seller_id, (name, owner) in STORES.items():
        StoreFactory(
            seller_id=seller_id,
            name=name,
            **({"owner": people[owner]} if owner else {}),
        )
    return people
