"""PostgreSQL's own search tools for the FAQ: pg_trgm and full-text GIN indexes.

Both are PostgreSQL-only, so they are created here on PostgreSQL and skipped on SQLite
(where faq.selectors.search_articles falls back to plain substring matching). They are not
part of the model state: nothing in Meta describes them, and makemigrations stays quiet.
"""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.operations import TrigramExtension
from django.contrib.postgres.search import SearchVector
from django.db import migrations
from django.db.models import F


def search_indexes():
    return [
        # LIKE '%배송지연%' over the text without spaces: partial words and spacing variants.
        GinIndex(OpClass(F("search_compact"), name="gin_trgm_ops"), name="article_compact_trgm"),
        # search_text %> 'refnd': typos, through trigram word similarity.
        GinIndex(OpClass(F("search_text"), name="gin_trgm_ops"), name="article_text_trgm"),
        # Whole words in both languages; 'simple', as PostgreSQL has no Korean dictionary.
        GinIndex(SearchVector("search_text", config="simple"), name="article_text_fts"),
    ]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    article = apps.get_model("faq", "Article")
    for index in search_indexes():
        schema_editor.add_index(article, index)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    article = apps.get_model("faq", "Article")
    for index in search_indexes():
        schema_editor.remove_index(article, index)


class Migration(migrations.Migration):
    dependencies = [("faq", "0002_self_service")]

    operations = [
        TrigramExtension(),  # does nothing on SQLite
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
