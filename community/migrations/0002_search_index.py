"""A trigram index for the community's search on PostgreSQL, as the FAQ's (faq 0003):
LIKE '%배송지연%' over the text without spaces finds partial words and spacing variants."""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations
from django.db.models import F


def search_indexes():
    return [
        GinIndex(OpClass(F("search_compact"), name="gin_trgm_ops"), name="community_compact_trgm")
    ]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in search_indexes():
        schema_editor.add_index(apps.get_model("community", "Question"), index)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in search_indexes():
        schema_editor.remove_index(apps.get_model("community", "Question"), index)


class Migration(migrations.Migration):
    dependencies = [("community", "0001_initial"), ("faq", "0003_postgres_search")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
