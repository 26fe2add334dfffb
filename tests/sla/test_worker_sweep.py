"""A real Celery worker on the real Redis runs the reminder sweep twice against PostgreSQL:
a ticket past its warning time produces exactly one notice and one e-mail."""

from datetime import timedelta

import pytest
from django.utils import timezone

from helpdesk.celery import app as celery_app
from outbox.models import OutboundEmail
from outbox.tasks import deliver_email
from tests.factories import TicketFactory
from tests.foundation.test_celery_worker import REDIS_URL, real_broker, wait_for, worker  # noqa: F401
from tickets.models import Notification, Reminder
from tickets.tasks import sweep_reminders

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set: no real Redis for a worker"),
]


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_a_due_warning_once_over_two_sweeps(worker, real_broker, targets, team):  # noqa: F811
    queue, _outbox_dir, process = worker
    now = timezone.now()
    # Filed 400 minutes ago, normal priority: first response due in 80 minutes; the warning
    # (at 360 minutes) is past. Rows written directly: no on-commit fast path in this test.
    ticket = TicketFactory(
        category=team.category,
        assignee=team.agent,
        status="open",
        created_at=now - timedelta(minutes=400),
        first_response_due_at=now + timedelta(minutes=80),
    )
    warning = Reminder.objects.create(
        ticket=ticket,
        kind=Reminder.Kind.FIRST_RESPONSE_WARNING,
        due_at=now - timedelta(minutes=40),
    )
    # A marker e-mail after the two sweeps: one worker process, first in first out, so once
    # the marker is delivered both sweeps have finished.
    marker = OutboundEmail.objects.create(to="marker@example.com", subject="m", body_text="m")
    with celery_app.connection_for_write(REDIS_URL) as connection:
        for _ in range(2):
            sweep_reminders.apply_async(queue=queue, connection=connection)
        deliver_email.apply_async(args=[marker.pk], queue=queue, connection=connection)

    def done():
        marker.refresh_from_db()
        return marker.state == OutboundEmail.State.SENT

    finished = wait_for(done)
    process.terminate()
    output = process.communicate(timeout=20)[0] or ""
    assert finished, f"the worker did not finish within 40 s:\n{output}"
    assert output.count("tickets.tasks.sweep_reminders") >= 2, output
    warning.refresh_from_db()
    assert warning.state == Reminder.State.SENT
    assert Notification.objects.filter(ticket=ticket).count() == 1
    assert Notification.objects.get(ticket=ticket).recipient == team.agent
    key = f"reminder:{warning.pk}:{team.agent.pk}"
    assert OutboundEmail.objects.filter(dedupe_key=key).count() == 1
    assert OutboundEmail.objects.exclude(pk=marker.pk).count() == 1
