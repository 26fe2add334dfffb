"""The community's inverted index (community.search): each question's tokens, filled in for
the questions there are, and on PostgreSQL a GIN index over them (an array there), which narrows a
search to the questions that can match before the LIKE conditions check them."""

from django.db import migrations, models

import community.models
from community.search import search_grams

BATCH = 2000


def search_indexes():
    from django.contrib.postgres.indexes import GinIndex

    return [GinIndex(fields=["search_grams"], name="community_search_grams")]


def fill_grams(apps, schema_editor):
    Question = apps.get_model("community", "Question")
    last = 0
    while True:
        rows = list(
            Question.objects.filter(pk__gt=last)
            .order_by("pk")
            .only("search_text", "search_compact")[:BATCH]
        )
        if not rows:
            break
        for question in rows:
            question.search_grams = search_grams(question.search_text, question.search_compact)
        Question.objects.bulk_update(rows, ["search_grams"], batch_size=500)
        last = rows[-1].pk


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
    dependencies = [("community", "0002_search_index")]

    operations = [
        migrations.AddField(
            model_name="question",
            name="search_grams",
            field=community.models.SearchGramsField(default="", editable=False),
        ),
        migrations.RunPython(fill_grams, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
        migrations.AddIndex(
            model_name="question",
            index=models.Index(fields=["last_activity_at", "id"], name="community_activity"),
        ),
    ]
