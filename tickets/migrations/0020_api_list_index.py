"""The API's ticket list for a requester read in its cursor's order (created_at, id)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0006_store_owner_memberships'),
        ('catalog', '0002_labels_for_people'),
        ('tickets', '0019_list_counts_from_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='ticket',
            index=models.Index(fields=['requester', 'created_at', 'id'], name='ticket_requester_created'),
        ),
    ]
