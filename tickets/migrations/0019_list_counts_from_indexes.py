"""The agent workspace's counts read from indexes alone at a million tickets: the filtered
view by category (its list too), and the sidebar's "Mine", "Unassigned", "Due soon", "Breached",
"Store did not answer" and "Recently resolved" carry the queue (and spam flag) they filter on."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_store_owner_memberships"),
        ("catalog", "0002_labels_for_people"),
        ("tickets", "0018_event_kinds_of_claims_and_links"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="ticket",
            name="ticket_status_updated",
        ),
        migrations.RemoveIndex(
            model_name="ticket",
            name="ticket_open_store_missed",
        ),
        migrations.AddIndex(
            model_name="ticket",
            index=models.Index(
                fields=["status", "updated_at", "id", "queue", "is_spam"],
                name="ticket_status_updated",
            ),
        ),
        migrations.AddIndex(
            model_name="ticket",
            index=models.Index(
                condition=models.Q(("status__in", ["new", "open", "pending", "on_hold"])),
                fields=["category", "updated_at", "id", "queue"],
                name="ticket_open_category",
            ),
        ),
        migrations.AddIndex(
            model_name="ticket",
            index=models.Index(
                condition=models.Q(("status__in", ["new", "open", "pending", "on_hold"])),
                fields=["assignee", "queue"],
                name="ticket_open_assignee",
            ),
        ),
        migrations.AddIndex(
            model_name="ticket",
            index=models.Index(
                condition=models.Q(("status__in", ["new", "open"])),
                fields=["queue", "next_due_at"],
                name="ticket_running_due",
            ),
        ),
        migrations.AddIndex(
            model_name="ticket",
            index=models.Index(
                condition=models.Q(
                    ("status__in", ["new", "open", "pending", "on_hold"]),
                    ("store_missed_at__isnull", False),
                ),
                fields=["store_missed_at", "id", "queue"],
                name="ticket_open_store_missed",
            ),
        ),
    ]
