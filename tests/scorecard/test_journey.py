"""The scorecard reads what the services record: inquiries filed, answered by the store at
and after its deadline, marked "no answer needed", missed and escalated by the buyer."""

from reports.scorecard import store_scorecard
from tests.parties.conftest import at, clock, file_store_inquiry  # noqa: F401
from tickets import reminders, services


def test_the_scorecard_counts_a_stores_week_as_the_services_recorded_it(
    people,
    clock,  # noqa: F811
):
    # Monday 10:00: four inquiries, each due Tuesday 10:00 (one business day, 540 minutes).
    on_time, late, thanks, missed = (
        file_store_inquiry(people, subject=subject)
        for subject in ("냄비", "프라이팬", "감사 인사", "주전자")
    )
    store = people["seller"].stores.get()
    services.mark_no_answer_needed(thanks.messages.get(), by=people["seller"])
    clock.move_to(at(2026, 12, 1, 10, 0))
    services.add_message(on_time, by=people["seller"], body="오늘 출고합니다.")
    clock.move_to(at(2026, 12, 1, 10, 1))
    services.add_message(late, by=people["seller"], body="늦어서 죄송합니다.")
    reminders.sweep()  # the deadline of the fourth has passed: the platform takes it
    services.ask_help_center(missed, by=people["buyer"])
    on_time.refresh_from_db()
    late.refresh_from_db()
    assert (on_time.store_answer_minutes, late.store_answer_minutes) == (540, 541)

    scorecard = store_scorecard(store)
    week = scorecard.on_time_7d
    assert (week.counted, week.on_time, week.late) == (3, 1, 2)
    assert scorecard.median_first_answer_minutes == 540.5
    assert scorecard.escalations == 1
    assert scorecard.open.total == 0  # answered, marked, or taken over by the help center
