"""Merges tell people: the merged inquiry's requester hears where it continues in their own
language, gets no survey for it, its reminders stop and its link leads to the one kept."""

from outbox.models import OutboundEmail
from tickets import reminders, services
from tickets.models import Notification, Reminder, Ticket

from .conftest import file


def _merge(people, reference_data, who="buyer", into_who="buyer"):
    kept = file(people, reference_data, who=into_who)
    merged = file(people, reference_data, who=who)
    services.merge_tickets(merged, into=kept, by=people["agent"])
    merged.refresh_from_db()
    return merged, kept


def _mail_to(ticket):
    return OutboundEmail.objects.filter(dedupe_key=f"merged:{ticket.pk}").get()


def test_the_requester_is_told_in_korean(people, reference_data):
    merged, kept = _merge(people, reference_data)
    mail = _mail_to(merged)
    assert mail.to == people["buyer"].email and mail.language == "ko"
    assert kept.reference in mail.subject and "이어서" in mail.body_text
    assert f"/tickets/{kept.reference}/" in mail.body_text


def test_the_requester_is_told_in_english(people, reference_data):
    merged, kept = _merge(people, reference_data, who="buyer2", into_who="buyer2")
    mail = _mail_to(merged)
    assert mail.language == "en"
    assert f"Your inquiry continues in {kept.reference}" in mail.subject
    notice = Notification.objects.get(recipient=people["buyer2"], kind="merged")
    assert notice.text == f"Your inquiry {merged.reference} continues in {kept.reference}."


def test_no_survey_and_no_reminder_for_the_merged_ticket(people, reference_data):
    merged, kept = _merge(people, reference_data)
    assert merged.status == Ticket.Status.CLOSED
    assert not Reminder.objects.filter(ticket=merged, kind=Reminder.Kind.SATISFACTION).exists()
    assert not Reminder.objects.filter(ticket=merged, state=Reminder.State.SCHEDULED).exists()
    assert Reminder.objects.filter(ticket=merged, state=Reminder.State.CANCELLED).exists()
    assert Reminder.objects.filter(ticket=kept, state=Reminder.State.SCHEDULED).exists()


def test_a_survey_row_left_over_sends_nothing(
    people, reference_data, django_capture_on_commit_callbacks
):
    merged, _kept = _merge(people, reference_data)
    row = Reminder.objects.create(
        ticket=merged, kind=Reminder.Kind.SATISFACTION, due_at=merged.closed_at
    )
    before = OutboundEmail.objects.count()
    reminders.send_one(row.pk)
    assert OutboundEmail.objects.count() == before


def test_the_old_link_leads_to_the_inquiry_kept(people, reference_data, client):
    merged, kept = _merge(people, reference_data)
    client.force_login(people["buyer"])
    response = client.get(f"/tickets/{merged.reference}/")
    assert response.status_code == 302 and response["Location"] == f"/tickets/{kept.reference}/"


def test_a_guest_link_leads_to_the_guests_kept_inquiry(people, reference_data, client):
    merged, kept = _merge(people, reference_data, who=None, into_who=None)
    response = client.get(f"/tickets/track/{merged.guest_token}/")
    assert response["Location"] == f"/tickets/track/{kept.guest_token}/"


def test_someone_elses_inquiry_is_never_named_or_opened(people, reference_data, client):
    merged, kept = _merge(people, reference_data, who="buyer", into_who="buyer2")
    mail = _mail_to(merged)
    assert kept.reference not in mail.subject + mail.body_text
    client.force_login(people["buyer"])
    response = client.get(f"/tickets/{merged.reference}/")
    assert response.status_code == 200 and kept.reference not in response.text
    assert client.get(f"/tickets/{kept.reference}/").status_code == 404


def test_the_merged_page_offers_no_rating(people, reference_data, client):
    merged, _kept = _merge(people, reference_data, who="buyer", into_who="buyer2")
    client.force_login(people["buyer"])
    assert 'id="rate-title"' not in client.get(f"/tickets/{merged.reference}/").text
