# The running target includes the next response while the requester waits on one. A
# generated column cannot be altered in place: drop its index and column, add them again.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0003_merge_0002_agent_workspace_0002_sla_reminders"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="ticket", name="ticket_status_due"),
        migrations.RemoveField(model_name="ticket", name="next_due_at"),
        migrations.AddField(
            model_name="ticket",
            name="next_due_at",
            field=models.GeneratedField(
                db_persist=True,
                expression=models.Case(
                    models.When(
                        first_response_at__isnull=True,
                        first_response_due_at__isnull=False,
                        then=models.F("first_response_due_at"),
                    ),
                    models.When(
                        next_response_due_at__isnull=False, then=models.F("next_response_due_at")
                    ),
                    default=models.F("resolution_due_at"),
                ),
                output_field=models.DateTimeField(null=True),
                verbose_name="next due",
            ),
        ),
        migrations.AddIndex(
            model_name="ticket",
            index=models.Index(fields=["status", "next_due_at", "id"], name="ticket_status_due"),
        ),
    ]
