"""Seed the marketplace's newer apps beside the seeded inquiries: claims and the community.

About 2% of the buyers' inquiries about a store's order get a claim, each walked through the
claims' move table (``claims.transitions``) as far as the time since it was made allows: old
claims are finished, recent ones wait in every open state, with the fields, history rows and
reminder rows the services would have written (``claims.services``). The community gets
questions and answers in Korean and English, with votes, accepted and verified answers, and
the search columns written as ``community.services._searchable`` writes them.

Rows are generated here, with a fixed random seed (every run writes the same), and loaded
with COPY; the secondary indexes of these tables are set aside meanwhile, as bench/seed.py
does for the tickets. Once per seeding of the tickets (bench_meta 'market' holds the ticket
count it was made for); the seeded rows carry a ``bench-`` submission key, so a redo removes
them and nothing else.
"""

from __future__ import annotations

import io
import json
import random
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import psycopg2
import psycopg2.extensions

from community.search import search_grams

from . import seed as base

CLAIM_TABLES = ("claims_claim", "claims_claimevent", "claims_claimreminder")
COMMUNITY_TABLES = ("community_question", "community_answer", "community_vote")
SEOUL = timezone(timedelta(hours=9))  # Korea keeps no summer time
DAY = timedelta(days=1)
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
# As in settings (HELPDESK_CLAIM_*): the store answers in 1 business day, refunds in 3 with a
# reminder a day before, completion after 7 days, closing after 21 business days idle.
ANSWER_DAYS, REFUND_DAYS, COMPLETE_DAYS, INACTIVE_DAYS = 1, 3, 7, 21
AUTO_ACCEPT_MAX_AMOUNT = 1_000_000
# As faq.models.SQUEEZED_CHARACTERS: removed from the text search reads without spaces.
SQUEEZED = (" ", "\n", "\r", "\t", "*")
DEMO_BUYER_CLAIMS = 20

NOTHING_BACK = ("cancel", "not_received")
DONE = ("withdrawn", "completed", "closed")
KINDS_BY_CATEGORY = {
    "delivery": (("not_received", 65), ("cancel", 35)),
    "stock": (("cancel", 100),),
    "return-exchange": (("return", 40), ("exchange", 30), ("not_as_described", 30)),
}
ALL_KINDS = (
    ("cancel", 20),
    ("return", 25),
    ("exchange", 15),
    ("not_received", 25),
    ("not_as_described", 15),
)
SELLER_FAULT = {"cancel": 0.3, "not_received": 1.0, "return": 0.4, "exchange": 0.6}
PRODUCTS = (
    "무선 이어폰",
    "스테인리스 텀블러 500ml",
    "린넨 셔츠 (L)",
    "블렌더 BL-300",
    "유기농 현미 10kg",
    "캠핑 의자",
    "키즈 운동화 210",
    "LED 스탠드",
    "Ceramic mug set",
    "Wool scarf, grey",
    "USB-C charger 65W",
    "Yoga mat 6mm",
)
REASONS = {
    "cancel": (
        "배송이 너무 늦어져서 주문을 취소하고 싶어요.",
        "같은 상품을 두 번 주문했어요. 하나 취소 부탁드립니다.",
        "Please cancel this order; I ordered the wrong colour.",
    ),
    "not_received": (
        "배송 완료로 나오는데 상품을 받지 못했어요.",
        "일주일째 배송 조회가 멈춰 있어요. 환불해 주세요.",
        "The tracking page says delivered but nothing arrived at my door.",
    ),
    "return": (
        "사이즈가 맞지 않아 반품하고 싶어요.",
        "상품 상자가 찢어져서 왔고 부품이 빠져 있어요.",
        "I changed my mind; the item is unopened.",
    ),
    "exchange": (
        "색상이 주문한 것과 달라요. 교환 부탁드립니다.",
        "작동하지 않아요. 같은 상품으로 교환해 주세요.",
        "Wrong size delivered, please exchange it for an M.",
    ),
    "not_as_described": (
        "상세 페이지의 소재와 실제 소재가 달라요.",
        "사진과 색상이 전혀 달라요. 반품하고 환불받고 싶어요.",
        "The jar was cracked on arrival and the listing said double-boxed.",
    ),
}
STORE_NOTES = (
    "사용 흔적이 있어 반품이 어렵습니다.",
    "이미 출고되어 취소할 수 없습니다.",
    "The item was opened and used.",
)


def seed_market(
    cursor_or_url: psycopg2.extensions.cursor | str,
    targets: base.Targets,
    chunk: int = 50_000,
    *,
    now: datetime | None = None,
) -> bool:
    """Claims and community for the seeded tickets; False when already seeded for them."""
    if isinstance(cursor_or_url, str):
        connection = psycopg2.connect(cursor_or_url)
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                return seed_market(cursor, targets, chunk, now=now)
        finally:
            connection.close()
    cursor = cursor_or_url
    cursor.execute("CREATE TABLE IF NOT EXISTS bench_meta (name text PRIMARY KEY, value bigint)")
    cursor.execute(
        "CREATE TABLE IF NOT EXISTS bench_index (name text PRIMARY KEY, definition text)"
    )
    cursor.execute("SELECT value FROM bench_meta WHERE name = 'market'")
    row = cursor.fetchone()
    if row is not None and row[0] == targets.tickets:
        base._say(f"  marketplace already seeded for {targets.tickets:,} tickets")
        return False
    now = now or datetime.now(UTC)
    _forget(cursor)  # an earlier size, or a run interrupted half-way
    base._say(
        f"  seeding about {targets.claims:,} claims, {targets.questions:,} questions and "
        f"{targets.answers:,} answers"
    )
    base._set_indexes_aside(cursor, CLAIM_TABLES + COMMUNITY_TABLES)
    cursor.execute("SET session_replication_role = replica")  # no foreign-key triggers
    try:
        _claims(cursor, targets, now)
        _community(cursor, targets, chunk, now)
    finally:
        cursor.execute("SET session_replication_role = DEFAULT")
    base._restore_indexes(cursor)
    for table in CLAIM_TABLES + COMMUNITY_TABLES:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
            f" (SELECT coalesce(max(id), 1) FROM {table}))"
        )
        cursor.execute(f"ANALYZE {table}")
    cursor.execute(
        "INSERT INTO bench_meta VALUES ('market', %s) "
        "ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value",
        [targets.tickets],
    )
    return True


def _forget(cursor: psycopg2.extensions.cursor) -> None:
    """Remove what an earlier seeding wrote (its rows carry a bench- submission key)."""
    cursor.execute("DELETE FROM bench_meta WHERE name = 'market'")
    claims = "SELECT id FROM claims_claim WHERE submission_key LIKE 'bench-%%'"
    questions = "SELECT id FROM community_question WHERE submission_key LIKE 'bench-%%'"
    answers = f"SELECT id FROM community_answer WHERE question_id IN ({questions})"
    for statement in (  # the database's foreign keys do not cascade: children first
        f"DELETE FROM claims_claimevent WHERE claim_id IN ({claims})",
        f"DELETE FROM claims_claimreminder WHERE claim_id IN ({claims})",
        f"DELETE FROM claims_claim WHERE id IN ({claims})",
        f"DELETE FROM community_vote WHERE answer_id IN ({answers})",
        f"DELETE FROM community_notice WHERE question_id IN ({questions})",
        f"DELETE FROM community_report WHERE answer_id IN ({answers})",
        f"DELETE FROM community_report WHERE question_id IN ({questions})",
        f"DELETE FROM community_deflection WHERE question_id IN ({questions})",
        f"DELETE FROM community_answer WHERE question_id IN ({questions})",
        f"DELETE FROM community_question WHERE id IN ({questions})",
    ):
        cursor.execute(statement, [])
    # Inside a transaction (the tests) the deletes leave foreign-key checks pending, and
    # PostgreSQL builds no index on a table with pending checks: run them now.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")


# --- Loading ------------------------------------------------------------------------------------


def _value(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):  # an array of text
        quoted = (item.replace("\\", "\\\\").replace('"', '\\"') for item in value)
        value = "{" + ",".join(f'"{item}"' for item in quoted) + "}"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _copy(
    cursor: psycopg2.extensions.cursor,
    table: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
) -> int:
    buffer = io.StringIO()
    count = 0
    for row in rows:
        buffer.write("\t".join(_value(value) for value in row))
        buffer.write("\n")
        count += 1
    buffer.seek(0)
    cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)
    return count


# --- The claims' clock --------------------------------------------------------------------------


def business_days_after(start: datetime, days: int) -> datetime:
    """The same time ``days`` weekdays later in Seoul (the platform's holidays left out)."""
    moment = start
    for _ in range(days):
        moment += DAY
        while moment.astimezone(SEOUL).weekday() >= 5:
            moment += DAY
    return moment


def _pick(rng: random.Random, weighted: Sequence[tuple[Any, int]]) -> Any:
    return rng.choices([item for item, _ in weighted], [weight for _, weight in weighted])[0]


# A claim's story: the moves it goes through, (target, party), until it is finished. It goes
# as far as the time since it was made allows; where it stops, it waits in that state.
STORIES: dict[str, tuple[tuple[tuple[tuple[str, str], ...], int], ...]] = {
    "nothing_back": (
        ((("accepted", "store"), ("refunded", "store"), ("completed", "buyer")), 55),
        (
            (
                ("accepted", "store"),
                ("escalated", "system"),
                ("accepted", "agent"),
                ("refunded", "agent"),
                ("completed", "buyer"),
            ),
            15,
        ),
        (
            (
                ("rejected", "store"),
                ("escalated", "buyer"),
                ("accepted", "agent"),
                ("refunded", "agent"),
                ("completed", "buyer"),
            ),
            6,
        ),
        ((("rejected", "store"), ("closed", "system")), 8),
        (
            (
                ("rejected", "store"),
                ("escalated", "buyer"),
                ("rejected", "agent"),
                ("closed", "system"),
            ),
            4,
        ),
        ((("withdrawn", "buyer"),), 12),
        ((("accepted", "store"), ("withdrawn", "buyer")), 3),
    ),
    "refund_back": (
        (
            (
                ("accepted", "store"),
                ("return_shipped", "buyer"),
                ("received", "store"),
                ("refunded", "store"),
                ("completed", "buyer"),
            ),
            50,
        ),
        (
            (
                ("accepted", "store"),
                ("return_shipped", "buyer"),
                ("received", "store"),
                ("escalated", "system"),
                ("accepted", "agent"),
                ("refunded", "agent"),
                ("completed", "buyer"),
            ),
            15,
        ),
        (
            (
                ("rejected", "store"),
                ("escalated", "buyer"),
                ("accepted", "agent"),
                ("return_shipped", "buyer"),
                ("received", "store"),
                ("refunded", "store"),
                ("completed", "buyer"),
            ),
            5,
        ),
        ((("rejected", "store"), ("closed", "system")), 8),
        ((("withdrawn", "buyer"),), 10),
        ((("accepted", "store"), ("withdrawn", "buyer")), 4),
        ((("accepted", "store"), ("closed", "system")), 4),
    ),
    "exchange": (
        (
            (
                ("accepted", "store"),
                ("return_shipped", "buyer"),
                ("received", "store"),
                ("exchange_shipped", "store"),
                ("completed", "buyer"),
            ),
            55,
        ),
        (
            (
                ("rejected", "store"),
                ("escalated", "buyer"),
                ("accepted", "agent"),
                ("return_shipped", "buyer"),
                ("received", "store"),
                ("exchange_shipped", "store"),
                ("completed", "buyer"),
            ),
            6,
        ),
        ((("rejected", "store"), ("closed", "system")), 10),
        ((("withdrawn", "buyer"),), 12),
        ((("accepted", "store"), ("withdrawn", "buyer")), 4),
        ((("accepted", "store"), ("closed", "system")), 5),
    ),
}
# Days each move usually takes after the one before (uniform between the two).
GAPS = {
    "accepted": (0.05, 0.8),
    "rejected": (0.1, 0.9),
    "withdrawn": (0.05, 1.0),
    "escalated": (0.2, 3.0),
    "return_shipped": (0.3, 3.0),
    "received": (1.0, 3.0),
    "refunded": (0.1, 2.2),
    "exchange_shipped": (0.5, 2.5),
    "completed": (0.2, 6.5),
}
AGENT_GAP = (0.5, 6.0)  # the help center decides an escalated claim, a late refund
WHY = {"accepted": "store_silent", "escalated": "late_refund", "completed": "no_objection"}


@dataclass
class Inquiry:
    id: int
    requester_id: int
    store_id: int
    owner_id: int
    order_number: str
    created_at: datetime
    language: str
    category: str
    agent_id: int | None


@dataclass
class Walk:
    """One claim being made and moved, as the services would; ``rows`` its fields."""

    id: int
    ticket: Inquiry
    rng: random.Random
    now: datetime
    rows: dict[str, Any] = field(default_factory=dict)
    refund_start: datetime = EPOCH  # when the running refund deadline started
    events: list[tuple[Any, ...]] = field(default_factory=list)
    reminders: dict[tuple[str, datetime], tuple[str, datetime | None, datetime]] = field(
        default_factory=dict
    )

    def event(
        self, kind: str, party: str, old: str, new: str, at: datetime, params: dict[str, Any]
    ) -> None:
        actor = {
            "buyer": self.ticket.requester_id,
            "store": self.ticket.owner_id,
            "agent": self.ticket.agent_id,
            "system": None,
        }[party]
        note = ""
        if party == "store" and new == "rejected":
            note = self.rng.choice(STORE_NOTES)
        self.events.append((self.id, kind, actor, party, old, new, params, note, at))

    def remind(self, kind: str, due: datetime, created: datetime, *, done: bool) -> None:
        """A reminder row: done by the sweep once its time came, else waiting."""
        state = "sent" if done else "scheduled"
        self.reminders[(kind, due)] = (state, due if done else None, created)


def _claim(walk: Walk, kind: str, created_at: datetime) -> None:
    rng, ticket, row = walk.rng, walk.ticket, walk.rows
    fault = "seller" if rng.random() < SELLER_FAULT.get(kind, 1.0) else "buyer"
    delivered = discovered = None
    if kind in ("return", "exchange", "not_as_described"):
        # Change of mind: within 7 days of delivery; faults: within 3 months.
        days = rng.uniform(0.2, 6.5) if fault == "buyer" else rng.uniform(0.5, 60)
        delivered = created_at - timedelta(days=days)
        if kind == "not_as_described":
            discovered = created_at - timedelta(days=rng.uniform(0, min(days, 20)))
    amount = round(10 ** rng.uniform(3.9, 6.2), -2)
    answer_due = business_days_after(created_at, ANSWER_DAYS)
    row.update(
        id=walk.id,
        reference=f"CL-{walk.id:06d}",
        kind=kind,
        reason=rng.choice(REASONS[kind]),
        fault=fault,
        state="requested",
        order_number=ticket.order_number,
        product_name=rng.choice(PRODUCTS),
        amount=int(amount),
        delivered_at=delivered,
        discovered_at=discovered,
        return_tracking_number="",
        exchange_tracking_number="",
        is_in_policy=amount <= AUTO_ACCEPT_MAX_AMOUNT,
        seller_answer_due_at=answer_due,
        refund_due_at=None,
        accepted_at=None,
        auto_accepted=False,
        received_at=None,
        refunded_at=None,
        refund_late=False,
        is_escalated=False,
        escalated_at=None,
        done_at=None,
        submission_key=f"bench-claim:{walk.id}",
        created_at=created_at,
        updated_at=created_at,
        buyer_id=ticket.requester_id,
        store_id=ticket.store_id,
        ticket_id=ticket.id,
    )
    walk.event(
        "created",
        "buyer",
        "",
        "requested",
        created_at,
        {"kind": kind, "fault": fault, "due": answer_due.isoformat()},
    )
    group = "exchange" if kind == "exchange" else "nothing_back"
    if kind not in NOTHING_BACK and kind != "exchange":
        group = "refund_back"
    story = _pick(rng, STORIES[group])
    at = created_at
    for target, party in story:
        moved = _move(walk, target, party, at)
        if moved is None:
            break
        at = moved
    _plan(walk, at)


def _move(walk: Walk, target: str, party: str, at: datetime) -> datetime | None:
    """Make one move after ``at``; None when its time has not come yet."""
    rng, row, now = walk.rng, walk.rows, walk.now
    params: dict[str, Any] = {}
    swept: list[tuple[str, datetime]] = []  # the reminder rows the sweep acted on for it
    if target == "accepted" and party == "store" and rng.random() < 0.12 and row["is_in_policy"]:
        party, when = "system", row["seller_answer_due_at"] + timedelta(minutes=rng.uniform(1, 9))
        swept.append(("store_answer", row["seller_answer_due_at"]))
    elif target == "escalated" and party == "system":
        if row["refund_due_at"] is None:
            return None
        when = row["refund_due_at"] + timedelta(minutes=rng.uniform(1, 9))
        swept.append(("refund_reminder", _refund_reminder_at(walk.refund_start)))
        swept.append(("refund_due", row["refund_due_at"]))
    elif target == "completed" and rng.random() < 0.45:
        party, when = "system", at + COMPLETE_DAYS * DAY
        swept.append(("auto_complete", when))
    elif target == "closed":
        when = business_days_after(at, INACTIVE_DAYS)
        swept.append(("auto_close", when))
    else:
        low, high = AGENT_GAP if party == "agent" else GAPS[target]
        when = at + timedelta(days=rng.uniform(low, high))
    if when > now:
        return None
    for kind, due in swept:
        walk.remind(kind, due, at, done=True)
        if kind == "refund_reminder":
            walk.event("reminded", "system", "", "", due, {"due": _iso(row["refund_due_at"])})
    old = row["state"]
    if party == "system" and target in WHY:
        params["why"] = WHY[target]
    elif target == "closed":
        params["why"] = "inactive"
    if target == "accepted":
        row["accepted_at"], row["auto_accepted"] = when, party == "system"
        if row["kind"] in NOTHING_BACK or row["received_at"] is not None:
            _plan_refund(walk, when, params)
    elif target == "escalated":
        row["is_escalated"], row["escalated_at"] = True, when
        if row["refund_due_at"] and row["refunded_at"] is None and when >= row["refund_due_at"]:
            row["refund_late"] = True
    elif target == "return_shipped":
        row["return_tracking_number"] = params["tracking_number"] = _tracking(walk.rng)
    elif target == "received":
        row["received_at"] = when
        if row["kind"] != "exchange":
            _plan_refund(walk, when, params)
    elif target == "refunded":
        row["refunded_at"] = when
        if row["refund_due_at"] is not None and when > row["refund_due_at"]:
            row["refund_late"] = True
    elif target == "exchange_shipped":
        row["exchange_tracking_number"] = params["tracking_number"] = _tracking(walk.rng)
    if target in DONE:
        row["done_at"] = when
    row["state"], row["updated_at"] = target, when
    walk.event("moved", party, old, target, when, params)
    return when


def _refund_reminder_at(start: datetime) -> datetime:
    return business_days_after(start, REFUND_DAYS - 1)  # a business day before it is due


def _plan_refund(walk: Walk, start: datetime, params: dict[str, Any]) -> None:
    row = walk.rows
    if row["refund_due_at"] is not None and row["refunded_at"] is None and row["is_escalated"]:
        return  # the help center took a late refund over: its deadline stays
    walk.refund_start = start
    row["refund_due_at"] = business_days_after(start, REFUND_DAYS)
    params["refund_due"] = _iso(row["refund_due_at"])


def _plan(walk: Walk, last: datetime) -> None:
    """The reminder rows an open claim has waiting, as the services planned them."""
    row, now = walk.rows, walk.now
    state = row["state"]
    if state in DONE:
        return
    if state == "requested":
        due = row["seller_answer_due_at"]
        walk.remind("store_answer", due, row["created_at"], done=due <= now)
    refund_due = row["refund_due_at"]
    if state in ("accepted", "received") and refund_due is not None and not row["is_escalated"]:
        reminder = _refund_reminder_at(walk.refund_start)
        walk.remind("refund_reminder", reminder, last, done=reminder <= now)
        walk.remind("refund_due", refund_due, last, done=False)
    if state in ("refunded", "exchange_shipped"):
        walk.remind("auto_complete", last + COMPLETE_DAYS * DAY, last, done=False)
    walk.remind("auto_close", business_days_after(last, INACTIVE_DAYS), last, done=False)


def _tracking(rng: random.Random) -> str:
    return str(rng.randrange(600_000_000_000, 700_000_000_000))


def _iso(moment: datetime) -> str:
    return moment.isoformat()


_TICKET_COLUMNS = """
    t.id, t.requester_id, t.store_id, s.owner_id, t.order_number, t.created_at, t.language,
    c.slug, coalesce(t.assignee_id, (SELECT min(id) FROM accounts_user WHERE role = 'agent'))
"""
_ELIGIBLE = """
    FROM tickets_ticket t
    JOIN accounts_store s ON s.id = t.store_id
    JOIN catalog_category c ON c.id = t.category_id
    JOIN accounts_user u ON u.id = t.requester_id
    WHERE t.order_number <> '' AND u.role = 'buyer'
"""


def _claims(cursor: psycopg2.extensions.cursor, targets: base.Targets, now: datetime) -> None:
    """About 2% of the buyers' order inquiries get a claim, more of the last two weeks' (so
    that every open state is well filled), twice as many for the bench seller's own store;
    the demo buyer gets about 20 of their own."""
    cursor.execute("SELECT id FROM accounts_user WHERE username = 'buyer'")
    demo = cursor.fetchone()
    demo_id = demo[0] if demo else 0
    cursor.execute("SELECT id FROM accounts_store WHERE seller_id = 'bench-store-1'")
    store = cursor.fetchone()
    store_one = store[0] if store else 0
    # The seeded tickets may have been made days ago: claims keep their distance from them.
    cursor.execute(f"SELECT max(t.created_at), count(*) {_ELIGIBLE}")
    newest, eligible = cursor.fetchone()
    if not eligible:
        return
    shift = max(timedelta(0), now - newest - timedelta(hours=1))
    recent = now - shift - 14 * DAY
    cursor.execute(
        f"SELECT count(*) {_ELIGIBLE} AND t.created_at >= %s AND t.requester_id <> %s",
        [recent, demo_id],
    )
    (recent_count,) = cursor.fetchone()
    wanted = targets.claims
    recent_rate = min(1.0, 0.2 * wanted / max(recent_count, 1))
    older_rate = min(1.0, 0.8 * wanted / max(eligible - recent_count, 1))
    cursor.execute(
        f"""
        SELECT {_TICKET_COLUMNS} {_ELIGIBLE} AND t.requester_id <> %(demo)s
          AND ((t.id * 2654435761) %% 1000003) < 1000003 * least(1.0,
              CASE WHEN t.created_at >= %(recent)s THEN %(recent_rate)s ELSE %(older_rate)s END
              * CASE WHEN t.store_id = %(store_one)s THEN 2 ELSE 1 END)
        ORDER BY t.id
        """,
        {
            "demo": demo_id,
            "recent": recent,
            "recent_rate": recent_rate,
            "older_rate": older_rate,
            "store_one": store_one,
        },
    )
    picked = [(Inquiry(*found), None) for found in cursor.fetchall()]
    cursor.execute(
        f"SELECT {_TICKET_COLUMNS} {_ELIGIBLE} AND t.requester_id = %s ORDER BY t.id DESC",
        [demo_id],
    )
    own = [Inquiry(*found) for found in cursor.fetchall()]
    # The demo buyer's: one every few days, the latest still open; with fewer inquiries than
    # claims (a small seeding), earlier claims about the same orders, long finished.
    for index in range(min(DEMO_BUYER_CLAIMS, len(own) * 10)):
        picked.append((own[index % len(own)], now - timedelta(days=index * 3 + 0.5)))
    cursor.execute("SELECT coalesce(max(id), 0) FROM claims_claim")
    (next_id,) = cursor.fetchone()
    rng = random.Random(20_000)  # noqa: S311 - a fixed seed: every run writes the same
    claims: list[list[Any]] = []
    events: list[tuple[Any, ...]] = []
    reminders: list[tuple[Any, ...]] = []
    cursor.execute(
        "SELECT buyer_id, store_id, order_number FROM claims_claim"
        " WHERE state NOT IN ('withdrawn', 'completed', 'closed')"
    )
    open_orders: set[tuple[int, int, str]] = set(cursor.fetchall())
    progress = base.Progress("claims", len(picked))
    for done, (ticket, when) in enumerate(picked, start=1):
        kinds = KINDS_BY_CATEGORY.get(ticket.category, ALL_KINDS)
        kind = _pick(rng, kinds)
        if when is None:
            when = ticket.created_at + shift + timedelta(hours=rng.uniform(1, 72))
        created_at = min(max(when, ticket.created_at + timedelta(hours=1)), now - 0.01 * DAY)
        walk = Walk(next_id + 1, ticket, rng, now)
        _claim(walk, kind, created_at)
        order = (ticket.requester_id, ticket.store_id, ticket.order_number)
        if walk.rows["state"] not in DONE:
            if order in open_orders:
                continue  # one open claim per order (claim_one_open_per_order)
            open_orders.add(order)
        next_id += 1
        claims.append(list(walk.rows.values()))
        events += walk.events
        reminders += [
            (walk.id, kind_, due, state, 1 if sent else 0, sent, "", created)
            for (kind_, due), (state, sent, created) in walk.reminders.items()
        ]
        if done % 1000 == 0:
            progress.update(done)
    progress.update(len(picked))
    if not claims:
        return
    columns = list(walk.rows)
    _copy(cursor, "claims_claim", columns, claims)
    _copy(
        cursor,
        "claims_claimevent",
        (
            "claim_id",
            "kind",
            "actor_id",
            "party",
            "old_state",
            "new_state",
            "params",
            "note",
            "created_at",
        ),
        events,
    )
    _copy(
        cursor,
        "claims_claimreminder",
        ("claim_id", "kind", "due_at", "state", "attempts", "sent_at", "last_error", "created_at"),
        reminders,
    )


# --- The community ------------------------------------------------------------------------------

TOPICS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # category: (titles, with {p} for a product; sentences for the question's text)
    "delivery": (
        (
            "{p} 배송이 일주일째 안 와요",
            "배송 조회가 '집하'에서 멈춰 있어요",
            "{p} 배송 완료라는데 못 받았어요",
            "택배사 배송 지연 보상 받을 수 있나요?",
            "해외 배송 통관은 보통 며칠 걸리나요?",
            "Has anyone's {p} parcel been stuck for days?",
            "Delivery marked done but no parcel",
        ),
        (
            "주문한 지 5일이 지났는데 배송 조회가 바뀌지 않아요.",
            "경비실과 택배함도 확인했는데 상품이 없어요.",
            "배송 예정일이 세 번이나 바뀌었어요. 다들 이럴 때 어떻게 하시나요?",
            "The tracking page has not moved since Monday.",
            "The courier says delivered, my neighbours have nothing.",
        ),
    ),
    "stock": (
        (
            "{p} 재입고 알림은 언제 오나요?",
            "품절인데 결제가 됐어요",
            "예약 구매한 {p} 출고일이 궁금해요",
            "When is {p} back in stock?",
        ),
        (
            "장바구니에 담을 때는 재고가 있었는데 결제 후 품절 안내를 받았어요.",
            "재입고 알림 신청을 했는데 아직 소식이 없어요.",
            "The store page says restocking soon but gives no date.",
        ),
    ),
    "return-exchange": (
        (
            "{p} 반품 배송비는 누가 내나요?",
            "{p} 사이즈 교환 어떻게 하나요?",
            "반품 수거가 안 와요",
            "교환 받은 {p}도 불량이에요",
            "Who pays return shipping for {p}?",
            "Exchange for a damaged {p}",
        ),
        (
            "단순 변심으로 반품하려는데 포장을 뜯었어요. 반품이 될까요?",
            "반품 신청한 지 3일이 지났는데 택배 기사님이 오지 않으셨어요.",
            "상품 상자가 찢어져서 왔고 부품이 하나 빠져 있어요.",
            "I ordered the wrong size and the tag is still on.",
        ),
    ),
    "payment": (
        (
            "카드 결제 오류 후 승인 문자만 왔어요",
            "같은 주문이 두 번 결제됐어요",
            "무통장 입금 확인이 늦어요",
            "Coupon did not apply to my payment",
        ),
        (
            "카드사에서는 승인되었다고 하는데 주문 내역에는 결제 실패로 나옵니다.",
            "쿠폰을 적용했는데 결제 금액이 그대로예요.",
            "My card was charged twice for the same order.",
        ),
    ),
    "refund": (
        (
            "{p} 환불이 아직 안 들어왔어요",
            "부분 환불 금액이 달라요",
            "환불은 영업일 기준 며칠 걸리나요?",
            "Refund for {p} not received after return",
        ),
        (
            "환불 완료 문자를 받았는데 카드 취소가 아직 안 됐습니다.",
            "반품 배송비를 빼고 환불된다고 들었는데 금액이 더 적어요.",
            "The store confirmed the return last week, still no refund.",
        ),
    ),
    "feedback": (
        (
            "앱 검색 기능이 더 좋아졌으면 해요",
            "리뷰 사진이 안 올라가요",
            "The app is slow when I open my orders",
        ),
        (
            "검색어를 띄어 쓰면 결과가 달라져요.",
            "리뷰에 사진을 올리면 계속 로딩만 돼요.",
            "Opening the order list takes several seconds on my phone.",
        ),
    ),
    "other": (
        (
            "회원 등급 혜택이 궁금해요",
            "선물하기 주문 배송지 변경",
            "How do gift orders work?",
        ),
        (
            "등급이 올라갔는데 쿠폰이 보이지 않아요.",
            "받는 분 주소를 잘못 적었어요. 배송지를 바꿀 수 있을까요?",
            "I want to send a gift but I do not know the address.",
        ),
    ),
    "seller-registration": (
        (
            "판매자 등록 서류 중 통신판매업 신고증은 필수인가요?",
            "두 번째 스토어를 열 수 있나요?",
            "How do I register a second store?",
        ),
        (
            "사업자 등록은 했는데 통신판매업 신고가 아직이에요.",
            "브랜드별로 스토어를 나누고 싶어요.",
            "We sell two brands and want a store for each.",
        ),
    ),
    "sales-statistics": (
        (
            "정산 예정일은 어디서 확인하나요?",
            "매출 통계가 비어 있어요",
            "Where do I see the settlement date?",
        ),
        (
            "구매 확정된 주문의 정산 예정일을 한눈에 보고 싶어요.",
            "어제 주문이 많았는데 통계에는 0건으로 나와요.",
            "The sales chart shows nothing for last week.",
        ),
    ),
    "marketing-ads": (
        (
            "광고 비용 청구 기준이 궁금해요",
            "기획전 참여 신청은 어떻게 하나요?",
            "How are ad clicks billed?",
        ),
        (
            "클릭당 비용이 예상보다 많이 나왔어요.",
            "다음 달 기획전에 상품을 올리고 싶어요.",
            "The ad report and the invoice disagree.",
        ),
    ),
}
COMMUNITY_ANSWERS = (
    "택배사 물량이 많을 때 집하 뒤 스캔이 늦게 찍히는 일이 흔해요. 3영업일이 지나도 그대로면 "
    "스토어에 먼저 문의해 보세요.",
    "저도 같은 일이 있었는데 이틀 뒤에 배송이 다시 움직였어요.",
    "단순 변심이면 반품 배송비는 구매자가 내고, 상품 불량이면 스토어가 냅니다.",
    "환불은 카드사 사정에 따라 영업일 기준 3~5일 걸려요.",
    "주문 상세에서 **클레임 신청**을 누르면 주문번호와 스토어가 채워져 있어요.",
    "고객센터 1:1 문의에 주문번호를 남기면 빨리 확인해 줍니다.",
    "정산 예정일은 판매자 센터 > 정산 관리 메뉴에서 볼 수 있어요.",
    "For a change of mind the buyer pays the return shipping, within 7 days of delivery.",
    "Mine took two extra days at customs; it arrived in the end.",
    "Open the order and choose Request a claim: the order number is filled in for you.",
    "Ask the store first; if it does not answer within a day the help center steps in.",
    "The settlement date is under Seller center > Settlements.",
)


def _normalized(parts: Sequence[str]) -> tuple[str, str, str]:
    """search_text, search_compact and search_grams, as community.services._searchable
    writes them."""
    text = unicodedata.normalize("NFKC", " ".join(parts)).lower()
    compact = text
    for character in SQUEEZED:
        compact = compact.replace(character, "")
    return text, compact, search_grams(text, compact)


def _community(
    cursor: psycopg2.extensions.cursor, targets: base.Targets, chunk: int, now: datetime
) -> None:
    cursor.execute(
        "SELECT id, role FROM accounts_user WHERE role IN ('buyer', 'seller') AND is_active"
        " ORDER BY id"
    )
    people = cursor.fetchall()
    buyers = [pk for pk, role in people if role == "buyer"]
    sellers = [pk for pk, role in people if role == "seller"] or buyers
    everyone = [pk for pk, _ in people]
    cursor.execute("SELECT id FROM accounts_user WHERE role IN ('agent', 'supervisor') ORDER BY id")
    staff = [pk for (pk,) in cursor.fetchall()]
    cursor.execute("SELECT id, slug, audience FROM catalog_category WHERE is_active")
    categories = {slug: (pk, audience) for pk, slug, audience in cursor.fetchall()}
    buyer_topics = [s for s, (_, a) in categories.items() if a != "seller" and s in TOPICS]
    seller_topics = [s for s, (_, a) in categories.items() if a != "buyer" and s in TOPICS]
    if not buyers or not staff or not buyer_topics:
        return
    cursor.execute("SELECT coalesce(max(id), 0) FROM community_question")
    (question_id,) = cursor.fetchone()
    cursor.execute("SELECT coalesce(max(id), 0) FROM community_answer")
    (answer_id,) = cursor.fetchone()
    rng = random.Random(50_000)  # noqa: S311 - a fixed seed: every run writes the same
    total = targets.questions
    # 12% stay unanswered; the rest share the answers.
    per_question = targets.answers / max(total, 1) / 0.88
    progress = base.Progress("community", total)
    made = 0
    while made < total:
        questions: list[tuple[Any, ...]] = []
        answers: list[tuple[Any, ...]] = []
        votes: list[tuple[Any, ...]] = []
        for _ in range(min(chunk, 10_000, total - made)):
            made += 1
            question_id += 1
            audience = _pick(rng, (("buyer", 70), ("both", 15), ("seller", 15)))
            if audience == "seller" and seller_topics:
                topic, author = rng.choice(seller_topics), rng.choice(sellers)
            else:
                audience = "buyer" if audience == "seller" else audience
                topic, author = rng.choice(buyer_topics), rng.choice(buyers)
            titles, sentences = TOPICS[topic]
            title = rng.choice(titles).format(p=rng.choice(PRODUCTS))
            body = " ".join(rng.sample(sentences, min(len(sentences), rng.randint(1, 2))))
            if rng.random() < 0.4:
                body += " " + rng.choice(base.BODIES)
            # Spread over the year, more of it recent.
            asked = now - timedelta(days=365 * rng.random() ** 1.5, minutes=rng.uniform(5, 60))
            hidden = rng.random() < 0.01
            count = 0 if rng.random() < 0.12 else max(1, round(rng.expovariate(1 / per_question)))
            own: list[dict[str, Any]] = []
            at = asked
            for index in range(count):
                at += timedelta(hours=rng.expovariate(1 / 20))
                if at >= now:
                    break
                answer_id += 1
                writer = rng.choice(sellers if audience == "seller" else everyone)
                text = rng.choice(COMMUNITY_ANSWERS + base.ANSWERS)
                if index and rng.random() < 0.3:
                    text += " " + rng.choice(COMMUNITY_ANSWERS)
                wanted = min(int(rng.expovariate(1 / 1.5)), 40, len(everyone))
                voters = set(rng.sample(everyone, wanted)) - {writer}
                for voter in sorted(voters):
                    votes.append((answer_id, voter, min(now, at + DAY / 4)))
                own.append(
                    {
                        "id": answer_id,
                        "author": writer,
                        "body": text,
                        "created_at": at,
                        "is_hidden": rng.random() < 0.01,
                        "vote_count": len(voters),
                        "is_accepted": False,
                        "verified_at": None,
                        "verified_by": None,
                    }
                )
            shown = [a for a in own if not a["is_hidden"]]
            others = [a for a in shown if a["author"] != author]
            if others and rng.random() < 0.35:
                rng.choice(others)["is_accepted"] = True
            if shown and rng.random() < 0.1:
                chosen = rng.choice(shown)
                chosen["verified_at"] = min(now, chosen["created_at"] + timedelta(hours=6))
                chosen["verified_by"] = rng.choice(staff)
            # As community.models.Answer.Meta.ordering: verified, accepted, voted, oldest.
            shown.sort(
                key=lambda a: (
                    a["verified_at"] is None,
                    -(a["verified_at"] or now).timestamp(),
                    not a["is_accepted"],
                    -a["vote_count"],
                    a["created_at"],
                    a["id"],
                )
            )
            text, compact, grams = _normalized([title, body] + [a["body"] for a in shown])
            first = next((a["created_at"] for a in own if a["author"] != author), None)
            last = max([asked] + [a["created_at"] for a in own])
            questions.append(
                (
                    question_id,
                    body,
                    {},
                    hidden,
                    last if hidden else None,
                    rng.choice(staff) if hidden else None,
                    asked,
                    f"bench-question:{question_id}",
                    title,
                    audience,
                    first,
                    last,
                    text,
                    compact,
                    grams.split(),  # an array (community.models.SearchGramsField)
                    author,
                    categories[topic][0],
                )
            )
            for answer in own:
                corrected = answer["verified_at"] is not None and rng.random() < 0.2
                answers.append(
                    (
                        answer["id"],
                        answer["body"],
                        {},
                        answer["is_hidden"],
                        answer["created_at"] if answer["is_hidden"] else None,
                        rng.choice(staff) if answer["is_hidden"] else None,
                        answer["created_at"],
                        f"bench-answer:{answer['id']}",
                        answer["is_accepted"],
                        answer["verified_at"],
                        answer["verified_by"],
                        "정확한 기준은 고객센터 FAQ를 참고해 주세요." if corrected else "",
                        answer["verified_at"] if corrected else None,
                        answer["verified_by"] if corrected else None,
                        answer["vote_count"],
                        answer["author"],
                        question_id,
                    )
                )
        _copy(
            cursor,
            "community_question",
            (
                "id",
                "body",
                "masked",
                "is_hidden",
                "hidden_at",
                "hidden_by_id",
                "created_at",
                "submission_key",
                "title",
                "audience",
                "first_answer_at",
                "last_activity_at",
                "search_text",
                "search_compact",
                "search_grams",
                "author_id",
                "category_id",
            ),
            questions,
        )
        _copy(
            cursor,
            "community_answer",
            (
                "id",
                "body",
                "masked",
                "is_hidden",
                "hidden_at",
                "hidden_by_id",
                "created_at",
                "submission_key",
                "is_accepted",
                "verified_at",
                "verified_by_id",
                "correction",
                "corrected_at",
                "corrected_by_id",
                "vote_count",
                "author_id",
                "question_id",
            ),
            answers,
        )
        _copy(cursor, "community_vote", ("answer_id", "voter_id", "created_at"), votes)
        progress.update(made)
