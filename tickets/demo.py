"""Demo content: categories, queues, calendars, targets, people, contacts, FAQ and tickets.

Written for this product, in Korean and English. ``seed`` is idempotent: every row is found
by a natural key first, and tickets by their submission key.
"""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from accounts.models import Store, User
from catalog.models import BusinessCalendar, Category, OpeningHours, Queue, QueueMembership
from contacts.models import ContactChannel
from faq.models import Article

from . import services, sla
from .models import Macro, Message, SLAPolicy, Ticket, TicketEvent

DEMO_PASSWORD = "demo-pass-1234"  # noqa: S105  (the documented demo accounts)

QUEUES = [
    ("orders", "주문·배송팀", "Orders & Delivery", "round_robin"),
    ("payments", "결제·환불팀", "Payments & Refunds", "least_open"),
    ("seller-success", "판매자 성공팀", "Seller Success", "off"),
    ("voice", "고객의 소리팀", "Customer Voice", "off"),
]

# slug, ko, en, description ko, description en, audience, queue, priority, concerns_store,
# fields, keywords
CATEGORIES: list[tuple[Any, ...]] = [
    (
        "delivery",
        "배송",
        "Delivery",
        "배송 지연, 배송지 변경, 배송 조회",
        "Late parcels, address changes, tracking",
        "buyer",
        "orders",
        "normal",
        True,
        [
            ("order_number", True),
            ("store_id", True),
            ("tracking_number", False),
            ("product_name", False),
        ],
        "배송\n배송지연\n택배\n도착\n송장\n배송지\ndelivery\nshipping\nparcel\ncourier\ntracking\nlate",
    ),
    (
        "stock",
        "재고",
        "Stock",
        "품절, 입고 일정, 옵션 재고",
        "Sold out items, restock dates, options",
        "buyer",
        "orders",
        "normal",
        True,
        [("product_name", True), ("store_id", True), ("order_number", False)],
        "재고\n품절\n입고\n재입고\nstock\nsold out\nrestock\nout of stock",
    ),
    (
        "return-exchange",
        "반품/교환",
        "Return & exchange",
        "반품·교환 신청, 회수, 불량",
        "Returns, exchanges, pick-ups, defects",
        "buyer",
        "orders",
        "normal",
        True,
        [("order_number", True), ("store_id", True), ("product_name", True)],
        "반품\n교환\n회수\n불량\n파손\nreturn\nexchange\ndefective\nbroken\ndamaged",
    ),
    (
        "payment",
        "결제",
        "Payment",
        "결제 오류, 이중 결제, 결제 수단",
        "Payment errors, double charges, methods",
        "buyer",
        "payments",
        "high",
        False,
        [("payment_method", True), ("amount", True), ("order_number", False)],
        "결제\n결제오류\n이중결제\n카드\n승인\npayment\ncharged\ncard\ndeclined\ndouble charge",
    ),
    (
        "refund",
        "환불",
        "Refund",
        "환불 일정, 부분 환불, 환불 계좌",
        "Refund timing, partial refunds, accounts",
        "buyer",
        "payments",
        "normal",
        False,
        [("order_number", True), ("payment_method", True), ("amount", True)],
        "환불\n취소\n돈\n입금\nrefund\nmoney back\ncancel\nreimburse",
    ),
    (
        "seller-registration",
        "판매자 등록",
        "Seller registration",
        "입점 신청, 서류, 심사",
        "Opening a store, documents, review",
        "seller",
        "seller-success",
        "normal",
        False,
        [("store_id", False)],
        "입점\n판매자등록\n사업자\n서류\n심사\nregister\nregistration\nopen a store\nbusiness license",
    ),
    (
        "sales-statistics",
        "판매 통계",
        "Sales statistics",
        "매출, 정산, 통계 데이터",
        "Sales figures, settlement, reports",
        "seller",
        "seller-success",
        "normal",
        False,
        [("store_id", True)],
        "통계\n매출\n정산\n데이터\nstatistics\nsales report\nsettlement\nrevenue",
    ),
    (
        "marketing-ads",
        "마케팅/광고",
        "Marketing & ads",
        "광고 집행, 기획전, 쿠폰",
        "Ads, promotions, coupons",
        "seller",
        "seller-success",
        "low",
        False,
        [("store_id", True)],
        "광고\n마케팅\n쿠폰\n기획전\n프로모션\nads\nadvertising\nmarketing\ncoupon\npromotion",
    ),
    (
        "feedback",
        "피드백",
        "Feedback",
        "서비스에 대한 의견과 제안",
        "Your opinion and ideas about the service",
        "everyone",
        "voice",
        "low",
        False,
        [],
        "의견\n제안\n불만\n칭찬\nfeedback\nsuggestion\ncomplaint\nidea",
    ),
    (
        "other",
        "기타",
        "Other",
        "어디에 해당하는지 모르겠다면",
        "Not sure where it belongs",
        "everyone",
        "voice",
        "normal",
        False,
        [],
        "",
    ),
]

# priority: first, next, resolution (business minutes; a business day is 9 hours)
TARGETS = {
    "urgent": (60, 120, 540),
    "high": (240, 480, 1080),
    "normal": (480, 960, 1620),
    "low": (960, 1440, 2700),
}

PEOPLE = [
    # username, display name, e-mail, role, language, staff, superuser
    ("admin", "관리자 한지민", "admin@example.com", "supervisor", "ko", True, True),
    ("agent", "상담원 김하늘", "agent@example.com", "agent", "ko", True, False),
    ("agent2", "Agent Alex Park", "agent2@example.com", "agent", "en", True, False),
    ("buyer", "구매자 이서연", "buyer@example.com", "buyer", "ko", False, False),
    ("buyer2", "Buyer Jamie Lee", "buyer2@example.com", "buyer", "en", False, False),
    ("seller", "판매자 박준호", "seller@example.com", "seller", "ko", False, False),
]

MEMBERSHIPS = {
    "admin": ["orders", "payments", "seller-success", "voice"],
    "agent": ["orders", "payments", "voice"],
    "agent2": ["payments", "seller-success", "voice", "orders"],
}

STORES = [
    ("seller", "하루살림 생활용품", "haru-living"),
    ("store-modern-kitchen", "모던키친 공식스토어", "modern-kitchen"),
    ("store-seoul-tech", "Seoul Tech Outlet", "seoul-tech"),
]

CHANNELS: list[tuple[Any, ...]] = [
    # slug, kind, ko, en, address, calendar, audience, categories, strengths ko/en, limits ko/en, wait
    (
        "online",
        "online",
        "1:1 온라인 문의",
        "1:1 online inquiry",
        "/tickets/new/",
        None,
        "everyone",
        "*",
        "24시간 접수, 답변과 기록이 한곳에 남습니다",
        "Open at any hour; every answer is kept in one place",
        "답변까지 몇 시간에서 최대 2영업일",
        "Answers take a few hours, at most two business days",
        None,
    ),
    (
        "phone",
        "phone",
        "고객센터 전화",
        "Customer center phone",
        "1588-0000",
        "phone",
        "buyer",
        "delivery stock return-exchange payment refund",
        "바로 상담원과 이야기할 수 있습니다",
        "Talk to an agent right away",
        "점심과 월요일 오전에는 대기 시간이 깁니다",
        "Long waits at lunch time and on Monday mornings",
        12,
    ),
    (
        "chat",
        "chat",
        "톡톡 채팅 상담",
        "Chat (TalkTalk)",
        "톡톡 @마켓고객센터",
        "chat",
        "buyer",
        "delivery stock return-exchange payment refund other",
        "기다리는 동안 다른 일을 할 수 있습니다",
        "Keep doing other things while you wait",
        "첨부할 수 있는 파일이 제한됩니다",
        "Only small attachments",
        5,
    ),
    (
        "email",
        "email",
        "이메일",
        "E-mail",
        "help@example.com",
        None,
        "everyone",
        "feedback other refund",
        "긴 설명이나 여러 파일을 보낼 때 좋습니다",
        "Good for long explanations and many files",
        "온라인 문의보다 분류가 늦습니다",
        "Sorted more slowly than online inquiries",
        None,
    ),
    (
        "seller-center",
        "seller_center",
        "판매자 센터 전화",
        "Seller center phone",
        "1588-0001",
        "phone",
        "seller",
        "seller-registration sales-statistics marketing-ads",
        "판매자 전담 상담원이 연결됩니다",
        "Connects you to agents for sellers",
        "판매자 등록이 확인된 후 상담합니다",
        "We verify your seller ID first",
        8,
    ),
    (
        "community",
        "community",
        "판매자·구매자 커뮤니티",
        "Community forum",
        "https://community.example.com",
        None,
        "everyone",
        "feedback sales-statistics marketing-ads",
        "다른 사용자들의 경험과 팁을 볼 수 있습니다",
        "Learn from other people's experience and tips",
        "공식 답변이 아니며 개인정보를 올리면 안 됩니다",
        "Not an official answer; never post personal data",
        None,
    ),
]

ARTICLES: list[tuple[str, str, str, str, str, str]] = [
    (
        "delivery-delay",
        "delivery",
        "배송이 늦어지고 있어요. 어떻게 하나요?",
        "My parcel is late. What can I do?",
        "1. **주문 내역**에서 송장번호로 배송 상황을 확인하세요.\n2. 발송 후 3영업일이 지나도 움직임이 없다면 판매자에게 먼저 문의하세요.\n3. 판매자가 2영업일 안에 답하지 않으면 **1:1 문의**에 주문번호를 적어 보내주세요.",
        "1. Check the parcel with the tracking number in **My orders**.\n2. If it has not moved for 3 business days after shipping, ask the seller first.\n3. If the seller does not answer within 2 business days, send a **1:1 inquiry** with the order number.",
    ),
    (
        "change-address",
        "delivery",
        "배송지를 바꿀 수 있나요?",
        "Can I change the delivery address?",
        "발송 전이라면 **주문 상세 > 배송지 변경**에서 바로 바꿀 수 있습니다. 이미 발송되었다면 택배사에 직접 요청해야 합니다.",
        "Before shipping, change it in **Order details > Change address**. Once shipped, ask the courier directly.",
    ),
    (
        "sold-out-after-order",
        "stock",
        "주문했는데 품절이라고 연락이 왔어요",
        "I ordered, then heard it is sold out",
        "판매자가 품절 처리하면 결제는 자동으로 취소되고 3영업일 안에 환불됩니다. 다른 옵션으로 바꾸고 싶다면 판매자에게 문의하세요.",
        "When the seller marks it sold out, the payment is cancelled automatically and refunded within 3 business days. Ask the seller to switch to another option.",
    ),
    (
        "restock-alert",
        "stock",
        "재입고 알림을 받을 수 있나요?",
        "Can I be told when it is back in stock?",
        "상품 페이지의 **재입고 알림** 버튼을 누르면 입고될 때 알림을 보내드립니다.",
        "Press **Notify me** on the product page and we tell you when it is back.",
    ),
    (
        "how-to-return",
        "return-exchange",
        "반품은 어떻게 신청하나요?",
        "How do I return an item?",
        "**주문 내역 > 반품 신청**에서 사유를 고르고 사진을 첨부하세요. 회수 기사님이 2영업일 안에 방문합니다. 단순 변심은 왕복 배송비가 부과됩니다.",
        "Go to **My orders > Return**, pick a reason and attach photos. A courier picks it up within 2 business days. For a change of mind the return shipping is charged.",
    ),
    (
        "exchange-size",
        "return-exchange",
        "사이즈 교환은 언제까지 가능한가요?",
        "Until when can I exchange a size?",
        "상품을 받은 날부터 **7일 이내**에 교환을 신청할 수 있습니다. 착용 흔적이 없고 택이 붙어 있어야 합니다.",
        "Within **7 days** of delivery, if the item is unworn with its tags on.",
    ),
    (
        "payment-error",
        "payment",
        "결제 중 오류가 났는데 돈이 빠져나갔어요",
        "Payment failed but I was charged",
        "승인만 되고 주문이 만들어지지 않은 경우, 카드사가 **3~5영업일** 안에 승인을 취소합니다. 그 뒤에도 청구되어 있다면 결제 수단과 금액을 적어 문의해 주세요.",
        "If the card was authorised but no order exists, the card company cancels it within **3-5 business days**. If it is still charged after that, write to us with the method and amount.",
    ),
    (
        "double-charge",
        "payment",
        "같은 주문이 두 번 결제됐어요",
        "I was charged twice for one order",
        "두 번째 결제는 보통 자동 취소됩니다. 24시간이 지나도 남아 있다면 **결제** 문의로 결제 수단과 금액을 알려주세요.",
        "The second charge is usually cancelled automatically. If it is still there after 24 hours, file a **Payment** inquiry with the method and amount.",
    ),
    (
        "refund-timing",
        "refund",
        "환불은 언제 들어오나요?",
        "When will I get my refund?",
        "환불 절차:\n\n1. 판매자가 반품 상품을 확인하면 환불이 승인됩니다.\n2. 카드: 승인 후 **3~7영업일**, 계좌이체·가상계좌: **1~2영업일**, 포인트: 즉시.\n3. 7영업일이 지나도 받지 못했다면 주문번호와 금액을 적어 **환불** 문의를 남겨주세요.",
        "How refunds work:\n\n1. The refund is approved once the seller checks the returned item.\n2. Card: **3-7 business days** after approval; bank transfer or virtual account: **1-2 business days**; points: at once.\n3. Not received after 7 business days? File a **Refund** inquiry with the order number and amount.",
    ),
    (
        "partial-refund",
        "refund",
        "일부 상품만 환불받을 수 있나요?",
        "Can I get a refund for part of an order?",
        "네. **주문 내역**에서 환불할 상품만 골라 취소하거나 반품하면 그 금액만 환불됩니다. 쿠폰 할인은 비율대로 나뉩니다.",
        "Yes. Cancel or return only those items in **My orders**; only their amount is refunded. Coupon discounts are split proportionally.",
    ),
    (
        "open-a-store",
        "seller-registration",
        "판매자로 입점하려면 무엇이 필요한가요?",
        "What do I need to open a store?",
        "사업자등록증, 통신판매업 신고증, 대표자 명의 정산 계좌가 필요합니다. 서류를 올리면 **2영업일** 안에 심사 결과를 알려드립니다.",
        "A business registration certificate, an online-sales registration and a settlement account in the owner's name. We review the documents within **2 business days**.",
    ),
    (
        "sales-report",
        "sales-statistics",
        "판매 통계는 어디에서 보나요?",
        "Where do I see my sales statistics?",
        "**판매자 센터 > 통계**에서 일별 매출, 유입 경로, 상품별 전환율을 볼 수 있습니다. 데이터는 매일 새벽 4시에 갱신됩니다.",
        "In **Seller center > Statistics**: daily sales, traffic sources and conversion per product. The data refreshes every day at 4 a.m.",
    ),
    (
        "ad-budget",
        "marketing-ads",
        "광고비는 어떻게 정산되나요?",
        "How are ad costs billed?",
        "광고비는 클릭당 과금되며, 충전한 광고 캐시에서 차감됩니다. 남은 캐시는 언제든지 환불을 신청할 수 있습니다.",
        "Ads are charged per click from your prepaid ad balance. You can ask for the remaining balance back at any time.",
    ),
    (
        "give-feedback",
        "feedback",
        "서비스에 대한 의견은 어디에 남기나요?",
        "Where can I give feedback about the service?",
        "**피드백** 분류로 문의를 남겨주세요. 모든 의견은 고객의 소리팀이 읽고 매달 개선에 반영합니다.",
        "File an inquiry in the **Feedback** category. The Customer Voice team reads every one and acts on them monthly.",
    ),
    (
        "delivery-delay-compensation",
        "delivery",
        "배송 지연이 길어지면 보상을 받을 수 있나요?",
        "Is there compensation when a delivery delay drags on?",
        "판매자가 안내한 발송 예정일보다 **5영업일 이상** 배송 지연이 생기면 지연 보상 포인트를 신청할 수 있습니다.\n\n1. **주문 내역 > 배송 지연 신고**를 누르세요.\n2. 확인되면 결제 금액의 5%(최대 5,000원)가 포인트로 적립됩니다.\n3. 기다리지 않고 취소하고 싶다면 같은 화면에서 **주문 취소**를 고를 수 있으며, 전액 환불됩니다.",
        "If the parcel ships **5 or more business days** after the date the seller promised, you can claim delay points.\n\n1. Open **My orders > Report a late delivery**.\n2. Once confirmed, 5% of the amount paid (at most 5,000 won) is added as points.\n3. Rather not wait? Choose **Cancel order** on the same screen for a full refund.",
    ),
    (
        "parcel-marked-delivered",
        "delivery",
        "배송 완료로 나오는데 물건을 받지 못했어요",
        "Tracking says delivered, but I have nothing",
        "먼저 경비실, 무인 택배함, 이웃집을 확인해 주세요. 택배사 배송 기사님의 연락처는 송장 조회 화면에 있습니다.\n\n24시간이 지나도 찾지 못하면 **배송** 문의에 주문번호와 송장번호를 적어 주세요. 택배사에 분실 조사를 요청하고, 분실로 확인되면 재발송하거나 환불해 드립니다.",
        "First check the concierge desk, parcel lockers and your neighbours. The courier's phone number is on the tracking page.\n\nStill missing after 24 hours? File a **Delivery** inquiry with the order number and tracking number. We open a loss claim with the courier and, once the loss is confirmed, resend the item or refund you.",
    ),
    (
        "option-out-of-stock",
        "stock",
        "원하는 색상이나 사이즈만 품절이에요",
        "Only the colour or size I want is sold out",
        "옵션별 재고는 판매자가 관리합니다. 상품 페이지 **문의하기**로 판매자에게 입고 일정을 물어보거나, 옵션 옆의 **재입고 알림**을 신청하세요. 입고 예정일이 안내되지 않으면 **재고** 문의를 남겨주시면 판매자에게 확인해 드립니다.",
        "Stock per option is managed by the seller. Ask the seller about the restock date with **Ask a question** on the product page, or press **Notify me** next to the option. If no date is given, file a **Stock** inquiry and we ask the seller for you.",
    ),
    (
        "defective-item",
        "return-exchange",
        "받은 상품이 파손되었거나 불량이에요",
        "The item arrived broken or defective",
        "파손·불량은 **배송비 없이** 반품 또는 교환할 수 있습니다.\n\n1. 상자와 상품 상태를 사진으로 남겨 주세요.\n2. **주문 내역 > 반품/교환 신청**에서 사유로 *상품 불량·파손*을 고르고 사진을 첨부하세요.\n3. 받은 날부터 **30일 이내**라면 언제든 신청할 수 있습니다.",
        "Broken or defective items are returned or exchanged **free of charge**.\n\n1. Take photos of the box and the item.\n2. In **My orders > Return or exchange**, pick *Defective or damaged* and attach the photos.\n3. You can do this up to **30 days** after delivery.",
    ),
    (
        "card-declined",
        "payment",
        "카드 결제가 계속 거절돼요",
        "My card keeps being declined",
        "자주 있는 원인은 한도 초과, 해외 결제 차단, 잘못된 유효기간 입력입니다. 카드사 앱에서 승인 거절 사유를 확인하거나 다른 결제 수단(계좌이체, 간편결제)을 이용해 보세요. 같은 오류가 반복되면 결제 수단과 금액, 오류 메시지 화면을 첨부해 **결제** 문의를 남겨주세요.",
        "Common causes are a reached limit, blocked online payments or a mistyped expiry date. Check the reason in your card company's app, or try another method (bank transfer, easy pay). If the error repeats, file a **Payment** inquiry with the method, the amount and a screenshot of the message.",
    ),
    (
        "refund-procedure",
        "refund",
        "환불 절차를 처음부터 끝까지 알려주세요",
        "The refund procedure, step by step",
        "## 1. 환불 신청\n\n- **발송 전**: 주문 내역에서 *주문 취소*를 누르면 바로 환불이 시작됩니다.\n- **받은 뒤**: *반품 신청*을 하고 상품을 돌려보내면 판매자가 확인한 뒤 환불됩니다.\n\n## 2. 판매자 확인\n\n반품 상품이 판매자에게 도착하면 **3영업일 안에** 검수합니다. 단순 변심이면 왕복 배송비를 뺀 금액이 환불됩니다.\n\n## 3. 결제 수단별 환불 시점\n\n| 결제 수단 | 환불 시점 |\n| --- | --- |\n| 신용·체크카드 | 승인 취소 후 3~7영업일 |\n| 계좌이체·가상계좌 | 1~2영업일, 등록한 환불 계좌로 |\n| 간편결제 | 1~3영업일 |\n| 포인트 | 즉시 |\n\n## 4. 늦어질 때\n\n7영업일이 지나도 받지 못했다면 **주문번호, 결제 수단, 금액**을 적어 **환불** 문의를 남겨주세요. 카드사 매입 취소 내역을 확인해 드립니다.",
        "## 1. Ask for the refund\n\n- **Before shipping**: press *Cancel order* in My orders; the refund starts at once.\n- **After delivery**: request a *Return* and send the item back; you are refunded once the seller has checked it.\n\n## 2. The seller checks the item\n\nThe seller inspects the return within **3 business days** of its arrival. For a change of mind, the return shipping is deducted.\n\n## 3. When the money arrives\n\n| Payment method | Refund arrives |\n| --- | --- |\n| Credit or debit card | 3-7 business days after cancellation |\n| Bank transfer, virtual account | 1-2 business days, to your refund account |\n| Easy pay | 1-3 business days |\n| Points | at once |\n\n## 4. If it takes longer\n\nNothing after 7 business days? File a **Refund** inquiry with the **order number, payment method and amount**, and we trace the cancellation with the card company.",
    ),
    (
        "refund-account",
        "refund",
        "환불 계좌는 어디에서 바꾸나요?",
        "Where do I change my refund bank account?",
        "**내 정보 > 환불 계좌**에서 본인 명의 계좌로 바꿀 수 있습니다. 이미 진행 중인 환불에는 바뀐 계좌가 적용되지 않으니, 그런 경우에는 **환불** 문의로 알려주세요.",
        "In **My account > Refund account**, using an account in your own name. A refund already under way keeps the old account; tell us in a **Refund** inquiry if that is a problem.",
    ),
    (
        "seller-review-rejected",
        "seller-registration",
        "입점 심사에서 반려되었어요. 다시 신청할 수 있나요?",
        "My store application was rejected. Can I apply again?",
        "반려 메일에 사유가 적혀 있습니다. 흔한 사유는 흐릿한 서류 사진, 사업자 정보와 다른 정산 계좌 명의입니다. 사유를 고친 뒤 **판매자 센터 > 입점 신청**에서 바로 다시 제출하면 되고, 재심사는 보통 **1영업일** 안에 끝납니다.",
        "The rejection e-mail gives the reason; blurry document photos and a settlement account in another name are the usual ones. Fix it and submit again in **Seller center > Application**; a second review usually takes **1 business day**.",
    ),
    (
        "settlement-schedule",
        "sales-statistics",
        "정산은 언제, 어떻게 되나요?",
        "When and how am I paid (settlement)?",
        "구매 확정 다음 날부터 정산 대상이 되며, **매주 수요일**에 지난주 확정분이 등록된 정산 계좌로 입금됩니다. 정산 내역과 수수료는 **판매자 센터 > 정산 관리**에서 주문 단위로 내려받을 수 있습니다. 금액이 통계와 다르면 스토어 ID를 적어 **판매 통계** 문의를 남겨주세요.",
        "Orders become payable the day after the buyer confirms the purchase; **every Wednesday** last week's confirmed orders are paid into your settlement account. Download the details and fees per order in **Seller center > Settlement**. If the amounts differ from your statistics, file a **Sales statistics** inquiry with your store ID.",
    ),
    (
        "store-coupon",
        "marketing-ads",
        "스토어 쿠폰은 어떻게 만들어요?",
        "How do I create a store coupon?",
        "**판매자 센터 > 마케팅 > 쿠폰 만들기**에서 할인 금액이나 비율, 기간, 최소 주문 금액을 정하면 됩니다. 쿠폰 할인액은 판매자가 부담하며, 발급 전에 미리보기로 구매자 화면을 확인할 수 있습니다.",
        "In **Seller center > Marketing > New coupon**, set the discount (amount or rate), the dates and a minimum order. The store pays for the discount; preview what buyers will see before you publish it.",
    ),
    (
        "which-category",
        "other",
        "어떤 분류로 문의해야 할지 모르겠어요",
        "I don't know which category my question belongs to",
        "**기타**를 고르고 무슨 일이 있었는지 적어 주세요. 담당자가 내용을 읽고 알맞은 팀으로 옮깁니다. 주문과 관련된 일이라면 주문번호를 함께 적어 주시면 더 빨리 답변드릴 수 있습니다.",
        "Choose **Other** and describe what happened: an agent reads it and moves it to the right team. If it concerns an order, add the order number and we can answer sooner.",
    ),
]

TICKET_SCRIPTS: list[dict[str, Any]] = [
    {
        "who": "buyer",
        "category": "delivery",
        "subject": "주문한 냄비가 일주일째 오지 않아요",
        "body": "11월 14일에 주문했는데 송장번호가 일주일째 '집화 처리' 상태에서 멈춰 있습니다.",
        "details": {
            "order_number": "2026111412345678",
            "store_id": "modern-kitchen",
            "tracking_number": "612345678901",
        },
        "days_ago": 1,
        "steps": [],
    },
    {
        "who": "buyer",
        "category": "payment",
        "subject": "결제 오류 후 카드 승인 문자만 왔어요",
        "body": "결제 버튼을 누르자 오류가 났는데 카드 승인 문자가 왔습니다. 주문 내역에는 없습니다.",
        "details": {"payment_method": "card", "amount": 45900},
        "days_ago": 2,
        "steps": [
            (
                "reply",
                "agent",
                "확인해 보니 승인만 되고 주문이 생성되지 않았습니다. 카드사에서 3~5영업일 안에 자동 취소됩니다.",
                "pending",
            )
        ],
    },
    {
        "who": "buyer2",
        "category": "return-exchange",
        "subject": "The blender arrived with a cracked jar",
        "body": "The glass jar was cracked when I opened the box. I attached nothing yet; can I return it for free?",
        "details": {
            "order_number": "2026111012340000",
            "store_id": "haru-living",
            "product_name": "Power Blender 900",
        },
        "days_ago": 3,
        "steps": [("store", "seller", None, None)],
    },
    {
        "who": "buyer2",
        "category": "refund",
        "subject": "Refund not received after return",
        "body": "The seller confirmed my return last week but I still have not received the refund on my card.",
        "details": {"order_number": "2026110212349999", "payment_method": "card", "amount": 129000},
        "days_ago": 6,
        "steps": [
            (
                "reply",
                "agent2",
                "The refund was approved on the 12th. Card refunds take 3-7 business days; it should arrive by Friday.",
                "resolved",
            )
        ],
    },
    {
        "who": "seller",
        "category": "sales-statistics",
        "subject": "11월 매출 통계가 비어 있어요",
        "body": "판매자 센터 통계에서 11월 1일부터 매출이 0으로 표시됩니다. 실제 주문은 있습니다.",
        "details": {"store_id": "haru-living"},
        "days_ago": 0,
        "steps": [],
    },
    {
        "who": "seller",
        "category": "marketing-ads",
        "subject": "기획전 참여 신청 방법",
        "body": "12월 연말 기획전에 참여하고 싶습니다. 신청 기간과 조건을 알려주세요.",
        "details": {"store_id": "haru-living"},
        "days_ago": 4,
        "steps": [
            (
                "reply",
                "agent2",
                "연말 기획전은 12월 1일까지 판매자 센터 > 프로모션에서 신청할 수 있습니다. 조건은 최근 3개월 평점 4.5 이상입니다.",
                "resolved",
            )
        ],
    },
    {
        "guest": ("최민수", "minsu.guest@example.com"),
        "category": "delivery",
        "subject": "배송지를 잘못 입력했어요",
        "body": "아파트 동 호수를 잘못 적었습니다. 아직 발송 전이라면 바꿔 주세요.",
        "details": {"order_number": "2026112012347777", "store_id": "haru-living"},
        "days_ago": 0,
        "steps": [],
    },
    {
        "guest": ("Dana Kim", "dana.guest@example.com"),
        "category": "other",
        "subject": "Coupon did not apply to my payment",
        "body": "My 10% coupon was not applied at checkout and the card was charged the full amount.",
        "details": {},
        "days_ago": 1,
        "steps": [],
    },
    {
        "who": "buyer",
        "category": "stock",
        "subject": "수납함 화이트 재입고 언제 되나요?",
        "body": "화이트 색상이 한 달째 품절입니다. 재입고 예정이 있는지 궁금합니다.",
        "details": {"product_name": "접이식 수납함 화이트", "store_id": "haru-living"},
        "days_ago": 5,
        "steps": [
            ("store", "seller", None, None),
            ("reply", "agent", "판매자 확인 결과 12월 첫째 주 입고 예정입니다.", "resolved"),
        ],
    },
    {
        "who": "buyer",
        "category": "feedback",
        "subject": "앱에서 주문 조회가 너무 느려요",
        "body": "주문 내역을 열 때마다 10초 가까이 걸립니다. 개선 부탁드립니다.",
        "details": {},
        "days_ago": 8,
        "steps": [
            ("note", "agent", "앱팀에 전달함. 재현 확인.", None),
            (
                "reply",
                "agent",
                "의견 감사합니다. 앱팀에 전달했고 다음 업데이트에서 개선됩니다.",
                "closed",
            ),
        ],
    },
    {
        "who": "buyer2",
        "category": "payment",
        "subject": "Charged twice for the same order",
        "body": "I see two charges of the same amount on my statement for one order.",
        "details": {
            "payment_method": "easy_pay",
            "amount": 32000,
            "order_number": "2026111812345555",
        },
        "days_ago": 0,
        "steps": [],
    },
    {
        "who": "seller",
        "category": "seller-registration",
        "subject": "두 번째 스토어 추가 등록",
        "body": "같은 사업자로 두 번째 스토어를 열 수 있나요?",
        "details": {},
        "days_ago": 2,
        "steps": [],
    },
]


def _calendar(
    name: str, hours: list[tuple[int, time, time]], *, default: bool = False
) -> BusinessCalendar:
    calendar, _ = BusinessCalendar.objects.get_or_create(
        name=name, defaults={"is_default": default, "observes_korean_holidays": True}
    )
    if not calendar.hours.exists():
        OpeningHours.objects.bulk_create(
            OpeningHours(calendar=calendar, weekday=day, opens_at=start, closes_at=end)
            for day, start, end in hours
        )
    return calendar


def _groups() -> tuple[Group, Group]:
    agents, _ = Group.objects.get_or_create(name="Agents")
    supervisors, _ = Group.objects.get_or_create(name="Supervisors")
    view = Permission.objects.filter(
        content_type__app_label__in=["tickets", "catalog", "faq", "contacts", "accounts"],
        codename__startswith="view_",
    )
    agents.permissions.set(view)
    manage = Permission.objects.filter(
        content_type__app_label__in=["tickets", "catalog", "faq", "contacts", "outbox"]
    ).exclude(codename__in=["add_ticket", "delete_ticket", "change_ticket"])
    supervisors.permissions.set([*view, *manage])
    return agents, supervisors


@transaction.atomic
def seed_reference_data() -> None:
    """Calendars, queues, categories, targets, canned responses, contacts and FAQ."""
    weekdays = [(d, time(9), time(18)) for d in range(5)]
    office = _calendar("고객센터 평일 09-18 / Office hours", weekdays, default=True)
    calendars = {
        "office": office,
        "phone": _calendar("전화 상담 / Phone hours", [(d, time(9), time(18)) for d in range(5)]),
        "chat": _calendar(
            "채팅 상담 / Chat hours",
            [(d, time(9), time(22)) for d in range(5)] + [(d, time(10), time(17)) for d in (5, 6)],
        ),
    }
    queues = {}
    for slug, ko, en, mode in QUEUES:
        queues[slug], _ = Queue.objects.get_or_create(
            slug=slug, defaults={"name_ko": ko, "name_en": en, "auto_assign": mode}
        )
    for order, row in enumerate(CATEGORIES):
        slug, ko, en, desc_ko, desc_en, audience, queue, priority, concerns, fields, keywords = row
        Category.objects.get_or_create(
            slug=slug,
            defaults={
                "name_ko": ko,
                "name_en": en,
                "description_ko": desc_ko,
                "description_en": desc_en,
                "audience": audience,
                "queue": queues[queue],
                "default_priority": priority,
                "concerns_store": concerns,
                "fields": [{"name": n, "required": r} for n, r in fields],
                "keywords": keywords,
                "sort_order": order,
            },
        )
    for priority, (first, nxt, resolution) in TARGETS.items():
        SLAPolicy.objects.get_or_create(
            category=None,
            priority=priority,
            defaults={
                "first_response_minutes": first,
                "next_response_minutes": nxt,
                "resolution_minutes": resolution,
            },
        )
    for name, body, status in [
        (
            "배송 조회 안내 / Tracking steps",
            "주문 내역에서 송장번호를 눌러 배송 상황을 확인하실 수 있습니다. 3영업일 동안 움직임이 없으면 다시 알려주세요.\n\nYou can follow the parcel from My orders with the tracking number. If it has not moved in 3 business days, tell us again.",
            "pending",
        ),
        (
            "환불 일정 안내 / Refund timing",
            "환불은 승인 후 카드 3~7영업일, 계좌 1~2영업일 안에 들어옵니다.\n\nRefunds arrive 3-7 business days after approval on cards, 1-2 on bank accounts.",
            "resolved",
        ),
        (
            "추가 정보 요청 / Ask for details",
            "정확한 확인을 위해 주문번호와 화면 캡처를 보내주시겠어요?\n\nCould you send the order number and a screenshot so we can check?",
            "pending",
        ),
    ]:
        Macro.objects.get_or_create(name=name, defaults={"body": body, "set_status": status})
    for row in CHANNELS:
        (
            slug,
            kind,
            ko,
            en,
            address,
            calendar,
            audience,
            categories,
            s_ko,
            s_en,
            l_ko,
            l_en,
            wait,
        ) = row
        channel, created = ContactChannel.objects.get_or_create(
            slug=slug,
            defaults={
                "kind": kind,
                "name_ko": ko,
                "name_en": en,
                "address": address,
                "calendar": calendars[calendar] if calendar else None,
                "audience": audience,
                "strengths_ko": s_ko,
                "strengths_en": s_en,
                "limits_ko": l_ko,
                "limits_en": l_en,
                "expected_wait_minutes": wait,
                "sort_order": len(ContactChannel.objects.all()),
            },
        )
        if created:
            serves = (
                Category.objects.all()
                if categories == "*"
                else Category.objects.filter(slug__in=categories.split())
            )
            channel.categories.set(serves)
    for slug, category, q_ko, q_en, a_ko, a_en in ARTICLES:
        cat = Category.objects.get(slug=category)
        Article.objects.get_or_create(
            slug=slug,
            defaults={
                "category": cat,
                "question_ko": q_ko,
                "question_en": q_en,
                "answer_ko": a_ko,
                "answer_en": a_en,
                "audience": "seller" if cat.audience == "seller" else "buyer",
            },
        )


@transaction.atomic
def seed_people() -> dict[str, User]:
    agents, supervisors = _groups()
    people = {}
    for username, name, email, role, language, staff, superuser in PEOPLE:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                display_name=name,
                email=email,
                role=role,
                preferred_language=language,
                is_staff=staff,
                is_superuser=superuser,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            if role == "agent":
                user.groups.add(agents)
            if role == "supervisor":
                user.groups.add(supervisors)
        people[username] = user
    for username, slugs in MEMBERSHIPS.items():
        for slug in slugs:
            QueueMembership.objects.get_or_create(
                queue=Queue.objects.get(slug=slug), user=people[username]
            )
    for owner, name, seller_id in STORES:
        if owner not in people:
            # Other stores' sellers: they own the demo stores but cannot sign in.
            people[owner], created = User.objects.get_or_create(
                username=owner, defaults={"role": User.Role.SELLER, "display_name": name}
            )
            if created:
                people[owner].set_unusable_password()
                people[owner].save(update_fields=["password"])
        Store.objects.get_or_create(
            seller_id=seller_id, defaults={"name": name, "owner": people[owner]}
        )
    return people


def seed_tickets(people: dict[str, User]) -> int:
    created = 0
    now = timezone.now()
    for index, script in enumerate(TICKET_SCRIPTS):
        requester = people.get(script.get("who", ""))
        guest = script.get("guest", ("", ""))
        intake = services.open_ticket(
            requester=requester,
            category=Category.objects.get(slug=script["category"]),
            subject=script["subject"],
            body=script["body"],
            details=script["details"],
            requester_name=guest[0],
            requester_email=guest[1],
            submission_key=f"demo:{index}",
        )
        if not intake.created:
            continue
        created += 1
        ticket = intake.ticket
        # Back-date the demo history so lists and reports show a spread of ages.
        filed_at = now - timedelta(days=script["days_ago"], hours=index % 7)
        Ticket.objects.filter(pk=ticket.pk).update(created_at=filed_at)
        Message.objects.filter(ticket=ticket).update(created_at=filed_at)
        TicketEvent.objects.filter(ticket=ticket).update(created_at=filed_at)
        # Due times count from the back-dated filing, so the demo shows targets met and missed.
        ticket.refresh_from_db()
        sla.start_clocks(ticket)
        for kind, actor_name, body, status in script["steps"]:
            actor = people[actor_name]
            if kind == "store":
                services.add_message(
                    ticket,
                    by=actor,
                    body="안녕하세요, 스토어입니다. 사진을 보내주시면 바로 교환/반품을 도와드리겠습니다."
                    if ticket.language == "ko"
                    else "Hello, this is the store. Send us a photo and we will arrange it right away.",
                )
            elif kind == "note":
                services.add_message(ticket, by=actor, body=body, kind=Message.Kind.NOTE)
            else:
                services.add_message(ticket, by=actor, body=body, new_status=status)
    return created


def seed() -> dict[str, int]:
    seed_reference_data()
    people = seed_people()
    return {"tickets": seed_tickets(people), "people": len(PEOPLE)}
