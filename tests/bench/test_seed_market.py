"""The benchmark's claims and community rows are rows the product could have written: each
claim's history ends in its state, its waiting reminders lie ahead, references follow the
sequence, and the community's search columns are what the community's services write."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.utils import timezone

from accounts.models import Store
from bench.seed import Targets
from bench.seed_market import seed_market
from catalog.models import Category
from claims.models import Claim, ClaimEvent, ClaimReminder
from claims.selectors import visible_claims
from community import services as community_services
from community.models import Answer, Question, Vote
from community.selectors import board
from tests.factories import TicketFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the benchmark seeds PostgreSQL (COPY)"
)


@pytest.fixture
def seeded(people):
    """Order inquiries of two buyers over the last two months, then the marketplace seed."""
    store = Store.objects.get(seller_id="haru-living")
    categories = [Category.objects.get(slug=slug) for slug in ("delivery", "return-exchange")]
    now = timezone.now()
    for index in range(40):
        TicketFactory(
            requester=people["buyer" if index % 2 else "buyer2"],
            category=categories[index % 2],
            store=store,
            order_number=f"2026{index:012d}",
            created_at=now - timedelta(days=60 * index / 40, hours=2),
        )
    with connection.cursor() as cursor:
        assert seed_market(cursor.cursor, Targets.scaled(1_000), chunk=20) is True
    return people


def _counts():
    models = (Claim, ClaimEvent, ClaimReminder, Question, Answer, Vote)
    return [model.objects.count() for model in models]


def test_each_claims_history_ends_in_its_state_and_its_waiting_reminders_lie_ahead(seeded):
    claims = Claim.objects.filter(submission_key__startswith="bench-")
    assert claims.count() >= 20
    now = timezone.now()
    for claim in claims.prefetch_related("events", "reminders"):
        moves = [e for e in claim.events.all() if e.kind != ClaimEvent.Kind.REMINDED]
        assert moves[0].kind == ClaimEvent.Kind.CREATED
        assert moves[-1].new_state == claim.state
        assert [e.old_state for e in moves[1:]] == [e.new_state for e in moves[:-1]]
        waiting = [r for r in claim.reminders.all() if r.state == ClaimReminder.State.SCHEDULED]
        assert all(r.due_at > now for r in waiting)
        if claim.is_open:
            assert any(r.kind == ClaimReminder.Kind.AUTO_CLOSE for r in waiting)
        else:
            assert not waiting
        assert claim.reference == f"CL-{claim.pk:06d}"
    assert {c.state for c in claims} - set(Claim.DONE_STATES), "some claims are still open"


def test_the_demo_buyer_has_claims_and_new_claims_follow_the_seeded_ones(seeded):
    assert visible_claims(seeded["buyer"]).exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('claims_claim', 'id'))")
        (next_id,) = cursor.fetchone()
    assert next_id > Claim.objects.latest("pk").pk


def test_search_columns_are_what_the_community_services_write(seeded):
    questions = Question.objects.filter(submission_key__startswith="bench-")
    assert questions.count() == Targets.scaled(1_000).questions
    for question in questions:
        seeded_columns = (question.search_text, question.search_compact, question.search_grams)
        community_services._searchable(question)
        assert (question.search_text, question.search_compact, question.search_grams) == (
            seeded_columns
        )
    assert board(AnonymousUser(), query="배송").exists()


def test_answers_votes_and_accepted_answers_agree(seeded):
    for answer in Answer.objects.filter(submission_key__startswith="bench-")[:200]:
        assert answer.vote_count == answer.votes.count()
        assert answer.author_id not in answer.votes.values_list("voter_id", flat=True)
    assert Answer.objects.filter(is_accepted=True).exists()


def test_seeding_again_for_the_same_tickets_changes_nothing(seeded):
    before = _counts()
    with connection.cursor() as cursor:
        assert seed_market(cursor.cursor, Targets.scaled(1_000)) is False
    assert _counts() == before


def test_seeding_for_another_ticket_count_replaces_the_seeded_rows(seeded):
    with connection.cursor() as cursor:
        assert seed_market(cursor.cursor, Targets.scaled(2_000), chunk=1_000) is True
    questions = Question.objects.filter(submission_key__startswith="bench-").count()
    assert questions == Targets.scaled(2_000).questions
