"""Agent search by words: trigram GIN indexes, so "contains" finds its tickets without reading
every message of a million tickets.

tickets.selectors.search_tickets filters with icontains, which PostgreSQL runs as
UPPER(column) LIKE UPPER('%word%'); these indexes are on the same expressions. PostgreSQL-only,
like the FAQ's (faq/migrations/0003): skipped on SQLite, and not part of the model state.
"""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations
from django.db.models.functions import Upper


def search_indexes():
    return {
        # Agent search: a word in any message of the thread.
        "Message": [GinIndex(OpClass(Upper("body"), name="gin_trgm_ops"), name="message_search")],
        # Agent search: a word in the subject or the requester's name.
        "Ticket": [
            GinIndex(OpClass(Upper("subject"), name="gin_trgm_ops"), name="ticket_subject_search"),
            GinIndex(
                OpClass(Upper("requester_name"), name="gin_trgm_ops"), name="ticket_name_search"
            ),
        ],
    }


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, indexes in search_indexes().items():
        for index in indexes:
            schema_editor.add_index(apps.get_model("tickets", model), index)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, indexes in search_indexes().items():
        for index in indexes:
            schema_editor.remove_index(apps.get_model("tickets", model), index)


class Migration(migrations.Migration):
    dependencies = [("tickets", "0006_open_work_indexes")]

    operations = [
        TrigramExtension(),  # does nothing on SQLite
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
