"""The beat task hands a large backlog to the workers in batches; each reminder still goes out
exactly once. Tasks run eagerly in tests, so each handed-out batch runs here at once."""

from unittest import mock

from django.utils import timezone

from tests.sla.test_sweep import filed
from tickets import reminders, tasks
from tickets.models import Notification, Reminder


def test_a_backlog_is_handed_out_in_batches_and_each_reminder_is_sent_once(targets, team):
    for i in range(reminders.DISPATCH_BATCH * 2 + 3):
        filed(team, minutes_ago=361 + i, assignee=team.agent)
    with mock.patch.object(
        tasks.send_reminders, "apply_async", wraps=tasks.send_reminders.apply_async
    ) as hand_out:
        assert tasks.sweep_reminders() == reminders.DISPATCH_BATCH * 2 + 3
    assert [len(call.args[0][0]) for call in hand_out.call_args_list] == [
        reminders.DISPATCH_BATCH,
        reminders.DISPATCH_BATCH,
        3,
    ]
    assert Notification.objects.count() == reminders.DISPATCH_BATCH * 2 + 3
    assert not Reminder.objects.filter(
        state=Reminder.State.SCHEDULED, due_at__lte=timezone.now()
    ).exists()
    assert tasks.sweep_reminders() == 0


def test_a_small_sweep_sends_its_reminders_itself(targets, team):
    filed(team, minutes_ago=400, assignee=team.agent)
    with mock.patch.object(tasks.send_reminders, "apply_async") as hand_out:
        assert tasks.sweep_reminders() == 1
    hand_out.assert_not_called()
    assert Notification.objects.count() == 1


def test_with_the_broker_down_the_sweep_sends_everything_itself(targets, team):
    for i in range(reminders.DISPATCH_BATCH + 1):
        filed(team, minutes_ago=361 + i, assignee=team.agent)
    with mock.patch.object(tasks.send_reminders, "apply_async", side_effect=OSError("broker down")):
        tasks.sweep_reminders()
    assert Notification.objects.count() == reminders.DISPATCH_BATCH + 1
