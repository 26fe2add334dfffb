from django.db import migrations


def owners_join_their_teams(apps, schema_editor):
    """Every store's owner becomes the owner member of its team (the stores' inquiries are
    shown by membership from now on, so no seller loses sight of theirs)."""
    Store = apps.get_model("accounts", "Store")
    StoreMembership = apps.get_model("accounts", "StoreMembership")
    have = set(
        StoreMembership.objects.filter(role="owner").values_list("store_id", flat=True)
    )
    StoreMembership.objects.bulk_create(
        [
            StoreMembership(store_id=store_id, user_id=owner_id, role="owner", created_at=created)
            for store_id, owner_id, created in Store.objects.order_by("pk").values_list(
                "pk", "owner_id", "created_at"
            )
            if store_id not in have
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_store_teams"),
    ]

    operations = [
        migrations.RunPython(owners_join_their_teams, migrations.RunPython.noop),
    ]
