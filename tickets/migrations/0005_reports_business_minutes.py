# Reports: business minutes to resolution and to the store's first answer, stored so the
# database can take medians of them; the indexes the reports and seller statistics read; and a
# backfill of both columns for tickets resolved or answered before this migration.

from django.conf import settings
from django.db import migrations, models
from django.db.models import Min

BATCH = 1000


def _calendar_finder(apps):
    BusinessCalendar = apps.get_model("catalog", "BusinessCalendar")
    default = BusinessCalendar.objects.filter(is_default=True).first()
    calendars = {c.pk: c for c in BusinessCalendar.objects.all()}

    def calendar_for(ticket):
        return calendars.get(ticket.queue.calendar_id) if ticket.queue.calendar_id else default

    return calendar_for


def backfill(apps, schema_editor):
    from catalog.calendar import business_minutes_between, forget_cached

    Ticket = apps.get_model("tickets", "Ticket")
    Message = apps.get_model("tickets", "Message")
    calendar_for = _calendar_finder(apps)
    forget_cached()
    changed = []
    resolved = (
        Ticket.objects.filter(resolved_at__isnull=False, status__in=["resolved", "closed"])
        .select_related("queue")
        .only("pk", "created_at", "resolved_at", "queue__calendar_id")
    )
    for ticket in resolved.iterator(chunk_size=BATCH):
        ticket.resolution_minutes = business_minutes_between(
            calendar_for(ticket), ticket.created_at, ticket.resolved_at
        )
        changed.append(ticket)
        if len(changed) >= BATCH:
            Ticket.objects.bulk_update(changed, ["resolution_minutes"])
            changed = []
    Ticket.objects.bulk_update(changed, ["resolution_minutes"])
    changed = []
    first_answers = (
        Message.objects.filter(as_store=True, kind="reply")
        .values("ticket_id")
        .annotate(first=Min("created_at"))
    )
    answered = {row["ticket_id"]: row["first"] for row in first_answers.iterator()}
    ids = list(answered)
    for start in range(0, len(ids), BATCH):
        tickets = Ticket.objects.filter(pk__in=ids[start : start + BATCH]).select_related("queue")
        for ticket in tickets:
            ticket.store_answered_at = answered[ticket.pk]
            ticket.store_answer_minutes = business_minutes_between(
                calendar_for(ticket), ticket.created_at, ticket.store_answered_at
            )
            changed.append(ticket)
        Ticket.objects.bulk_update(changed, ["store_answered_at", "store_answer_minutes"])
        changed = []
    forget_cached()


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('catalog', '0001_initial'),
        ('tickets', '0004_next_due_follows_next_response'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='ticket',
            name='resolution_minutes',
            field=models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name='resolution (business minutes)'),
        ),
        migrations.AddField(
            model_name='ticket',
            name='store_answer_minutes',
            field=models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name='store answer (business minutes)'),
        ),
        migrations.AddField(
            model_name='ticket',
            name='store_answered_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='store answered at'),
        ),
        migrations.AddIndex(
            model_name='message',
            index=models.Index(condition=models.Q(('kind', 'reply')), fields=['created_at', 'author'], name='message_reports_replies'),
        ),
        migrations.AddIndex(
            model_name='satisfactionrating',
            index=models.Index(fields=['created_at'], name='rating_reports'),
        ),
        migrations.AddIndex(
            model_name='ticket',
            index=models.Index(fields=['resolved_at'], name='ticket_reports_resolved'),
        ),
        migrations.AddIndex(
            model_name='ticket',
            index=models.Index(fields=['store', 'created_at'], name='ticket_reports_store'),
        ),
        # Last: PostgreSQL refuses CREATE INDEX on a table with pending trigger events, which
        # the backfill's updates leave behind until the transaction ends.
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
