"""Joins the community's and the reader-language changes to the audit trail, and puts the
append-only trigger back on SQLite, where adding a column with a database default rebuilds
the table without its triggers (PostgreSQL keeps them)."""

from django.db import migrations

SQLITE_UP = """
CREATE TRIGGER IF NOT EXISTS audit_entry_append_only BEFORE UPDATE ON audit_auditentry
BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_community_moderation"),
        ("audit", "0003_reader_language"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
