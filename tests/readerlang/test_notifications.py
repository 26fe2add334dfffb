"""A notice is said in the reader's language when it is read, not when it was written."""

import re

from django.utils import translation

from catalog.models import Category
from tickets import notifications, services
from tickets.models import Notification


def _assigned_in_korean(people):
    with translation.override("ko"):
        ticket = services.open_ticket(
            requester=people["buyer"],
            category=Category.objects.get(slug="other"),  # no automatic assignment
            subject="포인트 문의",
            body="포인트가 적립되지 않았어요.",
        ).ticket
        services.assign_ticket(ticket, by=people["admin"], assignee=people["agent"])
    return ticket


def test_a_notice_created_in_korean_reads_in_english_after_the_reader_switches(
    client, people, tuesday_morning
):
    ticket = _assigned_in_korean(people)
    notice = Notification.objects.get(recipient=people["agent"], kind="assigned")
    assert notice.text == f"{ticket.reference} 티켓이 배정되었습니다: 포인트 문의"  # as written
    with translation.override("en"):
        assert notice.shown_text == f"{ticket.reference} was assigned to you: 포인트 문의"

    client.force_login(people["agent"])
    client.cookies["django_language"] = "en"
    page = client.get("/agent/notifications/").content.decode()
    assert f"{ticket.reference} was assigned to you" in page
    assert "티켓이 배정되었습니다" not in page
    client.cookies["django_language"] = "ko"
    page = client.get("/tickets/notifications/").content.decode()
    assert f"{ticket.reference} 티켓이 배정되었습니다" in page


def test_a_store_notice_keeps_its_due_time_as_a_moment(people, tuesday_morning):
    from datetime import timedelta

    from django.utils import timezone

    ticket = _assigned_in_korean(people)
    due = timezone.now() + timedelta(hours=5)
    notifications._notice(
        people["agent"].pk,
        "ko",
        ticket,
        kind="store_reminder",
        text=notifications.history.text(
            "%(reference)s: please answer by %(due)s",
            reference=ticket.reference,
            due=notifications.history.when(None, due),
        ),
    )
    notice = Notification.objects.get(kind="store_reminder")
    with translation.override("en"):
        assert re.fullmatch(
            rf"{ticket.reference}: please answer by Nov 24, 2026, 1\d:\d\d", notice.shown_text
        ), notice.shown_text
    with translation.override("ko"):
        assert re.search(r"2026-11-24 1\d:\d\d", notice.shown_text), notice.shown_text


def test_older_notices_without_a_term_show_their_text(people):
    ticket = _assigned_in_korean(people)
    old = Notification.objects.create(
        recipient=people["agent"], ticket=ticket, kind="assigned", text="예전 알림"
    )
    with translation.override("en"):
        assert old.shown_text == "예전 알림"


def test_a_callable_text_is_still_written_in_the_recipients_language(people):
    ticket = _assigned_in_korean(people)
    notifications.notify_staff(
        [people["agent2"]],
        ticket,
        kind="custom",
        text=lambda: translation.gettext("Reopened"),
        template=None,
        dedupe_key="custom",
    )
    notice = Notification.objects.get(kind="custom")
    assert (notice.text, notice.params) == ("Reopened", {})
