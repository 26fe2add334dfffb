"""Filing reads the notices shown about its category from each process's copy: the copy says
what the database says, and a change to a notice reaches the next filing at once."""

from datetime import timedelta

import pytest

from notices.models import Notice, NoticeTicket
from notices.selectors import notices_about, notices_filed_about

from .conftest import TUESDAY_10, make_notice
from .test_answer_all import file


@pytest.mark.parametrize("hours_later", [0, 2, 30, 24 * 9])
def test_the_kept_notices_are_the_ones_the_database_shows(reference_data, hours_later):
    payment, delivery = (reference_data.categories[slug] for slug in ("payment", "delivery"))
    make_notice(payment)
    make_notice(payment, delivery, starts_at=TUESDAY_10 - timedelta(days=2))
    make_notice(payment, state=Notice.State.RESOLVED)
    make_notice(
        payment,
        state=Notice.State.RESOLVED,
        starts_at=TUESDAY_10 - timedelta(days=5),
        resolved_at=TUESDAY_10 - timedelta(days=3),
    )
    make_notice(payment, starts_at=TUESDAY_10 + timedelta(hours=1))
    make_notice(payment, ends_at=TUESDAY_10 + timedelta(hours=3))
    make_notice(payment, starts_at=TUESDAY_10 - timedelta(days=9), ends_at=TUESDAY_10)
    make_notice(delivery)
    at = TUESDAY_10 + timedelta(hours=hours_later)
    for category in (payment, delivery):
        fresh = list(notices_about(category, at=at))
        assert notices_filed_about(category, at=at) == fresh
        assert notices_filed_about(category, at=at) == fresh  # and from the copy


def test_a_notice_posted_or_resolved_after_a_filing_counts_for_the_next_one(people, reference_data):
    payment = reference_data.categories["payment"]
    first = file(payment, people["buyer"])  # the copy now holds no notice
    notice = make_notice(payment)
    second = file(payment, people["buyer"])
    notice.state, notice.resolved_at = Notice.State.RESOLVED, TUESDAY_10
    notice.save(update_fields=["state", "resolved_at", "updated_at"])
    third = file(payment, people["buyer"])
    notice.categories.set([reference_data.categories["delivery"]])
    other = make_notice(payment)
    fourth = file(payment, people["buyer"])
    links = set(NoticeTicket.objects.values_list("notice", "ticket"))
    assert links == {(notice.pk, second.pk), (other.pk, fourth.pk)}, (first, third)
