from django.db import migrations, models
from django.db.models.functions import Lower


def separate_clashing_stores(apps, schema_editor):
    """Before the constraints: a store whose seller ID or name repeats an older store's (in any
    case) gets a distinct one, the oldest keeping its own; each change is printed."""
    Store = apps.get_model("accounts", "Store")
    seen_ids: set[str] = set()
    seen_names: set[str] = set()
    for store in Store.objects.order_by("pk"):
        fields = []
        if store.seller_id.lower() in seen_ids:
            store.seller_id = f"{store.seller_id[:28]}-{store.pk}".lower()
            fields.append("seller_id")
        if store.name.lower() in seen_names:
            store.name = f"{store.name[:76]} ({store.seller_id})"
            fields.append("name")
        if fields:
            store.save(update_fields=fields)
            print(f"\n  store {store.pk} renamed to {store.name!r} ({store.seller_id})")
        seen_ids.add(store.seller_id.lower())
        seen_names.add(store.name.lower())


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_alter_user_managers"),
    ]

    operations = [
        migrations.RunPython(separate_clashing_stores, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="store",
            constraint=models.UniqueConstraint(
                Lower("seller_id"),
                name="store_seller_id_unique_ci",
                violation_error_message="This seller ID is already taken.",
            ),
        ),
        migrations.AddConstraint(
            model_name="store",
            constraint=models.UniqueConstraint(
                Lower("name"),
                name="store_name_unique_ci",
                violation_error_message="This store name is already taken.",
            ),
        ),
    ]
