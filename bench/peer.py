"""django-helpdesk, the Django peer, in its own virtual environment and its own database.

The project in ``bench/djangohelpdesk/`` is a minimal one as its documentation describes. Its
database ``helpdesk_peer`` on the same PostgreSQL server is seeded with the same number of
tickets, follow-ups (messages), queues and staff as ours, by SQL into its own tables.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg2

from .seed import BODIES, SUBJECTS, Progress, Targets, _say, settle

ROOT = Path(__file__).resolve().parent.parent
PROJECT = ROOT / "bench" / "djangohelpdesk"
VENV = ROOT / "var" / "bench" / "peer-venv"
PYTHON = VENV / "bin" / "python"
PASSWORD = "demo-pass-1234"


def ensure_venv(interpreter: str) -> None:
    requirements = PROJECT / "requirements.txt"
    stamp = VENV / ".installed"
    if stamp.exists() and stamp.stat().st_mtime >= requirements.stat().st_mtime:
        return
    _say("  installing django-helpdesk into var/bench/peer-venv")
    if not PYTHON.exists():
        subprocess.run([interpreter, "-m", "venv", str(VENV)], check=True)
    subprocess.run(
        [str(PYTHON), "-m", "pip", "install", "--quiet", "-r", str(requirements)], check=True
    )
    stamp.touch()


def peer_env(database: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env["PEER_DATABASE_NAME"] = database
    env["PEER_MEDIA_ROOT"] = str(ROOT / "var" / "bench" / "peer-media")
    return env


def manage(database: str, *args: str) -> None:
    subprocess.run(
        [str(PYTHON), "manage.py", *args], cwd=PROJECT, env=peer_env(database), check=True
    )


def ensure_database(admin_url: str, name: str) -> None:
    """Create the database when missing; never drop or touch another one."""
    connection = psycopg2.connect(admin_url)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                _say(f"  creating database {name}")
                cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        connection.close()


def seed(database_url: str, database: str, targets: Targets, *, chunk: int = 50_000) -> bool:
    manage(database, "migrate", "--noinput", "-v0")
    connection = psycopg2.connect(database_url)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TABLE IF NOT EXISTS bench_meta (name text PRIMARY KEY, value bigint)"
            )
            cursor.execute("SELECT value FROM bench_meta WHERE name = 'tickets'")
            row = cursor.fetchone()
            if row is not None and row[0] == targets.tickets:
                _say("  already seeded")
                _forget_earlier_runs(cursor)
                _user_settings(cursor)
                settle(cursor, analyze=False)  # its migrations are pinned with its version
                return False
            _seed(cursor, targets, chunk)
            _user_settings(cursor)
            settle(cursor)  # vacuum and analyze what was just seeded
            cursor.execute(
                "INSERT INTO bench_meta SELECT 'last_seeded_ticket', max(id) FROM helpdesk_ticket"
                " ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value"
            )
            cursor.execute(
                "INSERT INTO bench_meta VALUES ('tickets', %s) "
                "ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value",
                [targets.tickets],
            )
    finally:
        connection.close()
    return True


def _forget_earlier_runs(cursor: psycopg2.extensions.cursor) -> None:
    """Remove the tickets earlier runs filed through the public submit, as ours are: every
    run reads the same seeded tickets (its ticket page is the newest seeded open one)."""
    cursor.execute("SELECT value FROM bench_meta WHERE name = 'last_seeded_ticket'")
    row = cursor.fetchone()
    if row is None:  # seeded before this mark was kept: from now on
        cursor.execute(
            "INSERT INTO bench_meta SELECT 'last_seeded_ticket', max(id) FROM helpdesk_ticket"
        )
        return
    (last,) = row
    cursor.execute("SELECT count(*) FROM helpdesk_ticket WHERE id > %s", [last])
    (filed,) = cursor.fetchone()
    if not filed:
        return
    _say(f"  removing {filed:,} django-helpdesk tickets filed by earlier runs")
    # What refers to the follow-ups (changes, attachments), then to the tickets, then them.
    for parent, rows in (
        ("helpdesk_followup", "SELECT id FROM helpdesk_followup WHERE ticket_id > %s"),
        ("helpdesk_ticket", "SELECT id FROM helpdesk_ticket WHERE id > %s"),
    ):
        cursor.execute(
            """
            SELECT c.conrelid::regclass::text, a.attname FROM pg_constraint c
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
            WHERE c.contype = 'f' AND c.confrelid = %s::regclass AND c.conrelid <> c.confrelid
            """,
            [parent],
        )
        for table, column in cursor.fetchall():
            cursor.execute(f'DELETE FROM {table} WHERE "{column}" IN ({rows})', [last])
    cursor.execute("DELETE FROM helpdesk_ticket WHERE id > %s", [last])


def _seed(cursor: psycopg2.extensions.cursor, targets: Targets, chunk: int) -> None:
    _say(
        f"  seeding django-helpdesk: {targets.tickets:,} tickets, {targets.messages:,} "
        f"follow-ups, {targets.queues} queues, {targets.agents} staff"
    )
    cursor.execute("TRUNCATE helpdesk_ticket, helpdesk_followup, helpdesk_queue, auth_user CASCADE")
    manage(
        cursor.connection.info.dbname,
        "shell",
        "-c",
        "from django.contrib.auth.models import User;"
        f"User.objects.create_superuser('agent', 'agent@example.com', '{PASSWORD}')",
    )
    cursor.execute("SELECT password FROM auth_user WHERE username = 'agent'")
    (password,) = cursor.fetchone()
    cursor.execute(
        """
        INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email,
            is_staff, is_active, date_joined)
        SELECT %s, false, 'staff-' || n, '', '', 'staff-' || n || '@example.com', true, true,
            now() - interval '2 years'
        FROM generate_series(1, %s) n
        """,
        [password, targets.agents - 1],
    )
    cursor.execute(
        """
        INSERT INTO helpdesk_queue (title, slug, allow_public_submission, allow_email_submission,
            email_box_ssl, enable_notifications_on_email_events, escalate_days)
        SELECT 'Queue ' || n, 'queue-' || n, true, false, false, false, NULL
        FROM generate_series(1, %s) n
        """,
        [targets.queues],
    )
    cursor.execute("SELECT array_agg(id ORDER BY id) FROM helpdesk_queue")
    (queues,) = cursor.fetchone()
    cursor.execute("SELECT array_agg(id ORDER BY id) FROM auth_user")
    (staff,) = cursor.fetchone()
    cursor.execute("SET session_replication_role = replica")
    cursor.execute("SET synchronous_commit = off")
    progress = Progress("tickets", targets.tickets)
    for low in range(1, targets.tickets + 1, chunk):
        high = min(low + chunk - 1, targets.tickets)
        cursor.execute(
            """
            INSERT INTO helpdesk_ticket (id, title, created, modified, submitter_email, status,
                on_hold, description, resolution, priority, due_date, last_escalation,
                assigned_to_id, queue_id, secret_key, kbitem_id, merged_to_id)
            SELECT n, (%(subjects)s::text[])[1 + (n * 31) %% array_length(%(subjects)s::text[], 1)],
                created, created + interval '1 day', 'bench-u' || (n %% 100000) || '@example.com',
                CASE WHEN age > 0.9 THEN CASE WHEN r1 < 0.57 THEN 1 WHEN r1 < 0.75 THEN 3
                                              ELSE 4 END
                     ELSE CASE WHEN r1 < 0.03 THEN 1 WHEN r1 < 0.07 THEN 3 ELSE 4 END END,
                age > 0.9 AND r1 >= 0.52 AND r1 < 0.57,
                (%(bodies)s::text[])[1 + n %% array_length(%(bodies)s::text[], 1)], NULL,
                CASE WHEN r2 < 0.05 THEN 1 WHEN r2 < 0.20 THEN 2 WHEN r2 < 0.30 THEN 4 ELSE 3 END,
                created + interval '3 days', NULL,
                CASE WHEN r3 < 0.1 THEN NULL
                     ELSE (%(staff)s::int[])[1 + floor(r3 * %(staff_count)s)::int] END,
                (%(queues)s::int[])[1 + n %% %(queue_count)s], md5(n::text)::uuid::text,
                NULL, NULL
            FROM (
              SELECT n, (n - 0.5) / %(total)s AS age, random() AS r1, random() AS r2,
                     random() AS r3,
                     now() - interval '365 days' * (1 - (n - 0.5) / %(total)s) AS created
              FROM generate_series(%(low)s::bigint, %(high)s::bigint) n
            ) g
            """,
            {
                "low": low,
                "high": high,
                "total": targets.tickets,
                "subjects": list(SUBJECTS),
                "bodies": list(BODIES),
                "staff": staff,
                "staff_count": len(staff),
                "queues": queues,
                "queue_count": len(queues),
            },
        )
        progress.update(high)
    progress = Progress("follow-ups", targets.messages)
    for low in range(1, targets.tickets + 1, chunk):
        high = min(low + chunk - 1, targets.tickets)
        cursor.execute(
            """
            INSERT INTO helpdesk_followup (date, title, comment, public, new_status, ticket_id,
                user_id, message_id, time_spent, email_recipients)
            SELECT t.created + interval '1 hour' * k * 6,
                   CASE WHEN k = 0 THEN 'Ticket Opened' ELSE 'Comment' END,
                   (%(bodies)s::text[])[1 + (t.id + k) %% array_length(%(bodies)s::text[], 1)],
                   NOT (k = 1 AND t.id %% 5 = 0), NULL, t.id,
                   CASE WHEN k = 1 THEN t.assigned_to_id END, NULL, NULL, NULL
            FROM helpdesk_ticket t CROSS JOIN generate_series(0, 2) k
            WHERE t.id BETWEEN %(low)s AND %(high)s
            """,
            {"low": low, "high": high, "bodies": list(BODIES)},
        )
        progress.update(high * targets.messages_per_ticket)
    cursor.execute("SET session_replication_role = DEFAULT")
    for table in ("helpdesk_ticket", "helpdesk_followup"):
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
            f" (SELECT coalesce(max(id), 1) FROM {table}))"
        )


def _user_settings(cursor: psycopg2.extensions.cursor) -> None:
    """django-helpdesk makes each person's settings row when the account is saved; accounts
    made by SQL get a copy of the first one's."""
    cursor.execute(
        """
        INSERT INTO helpdesk_usersettings (settings_pickled, user_id, email_on_ticket_assign,
            email_on_ticket_change, login_view_ticketlist, tickets_per_page,
            use_email_as_submitter, ticket_respond_layout)
        SELECT s.settings_pickled, u.id, s.email_on_ticket_assign, s.email_on_ticket_change,
            s.login_view_ticketlist, s.tickets_per_page, s.use_email_as_submitter,
            s.ticket_respond_layout
        FROM auth_user u CROSS JOIN (SELECT * FROM helpdesk_usersettings ORDER BY id LIMIT 1) s
        WHERE NOT EXISTS (SELECT 1 FROM helpdesk_usersettings x WHERE x.user_id = u.id)
        """
    )


def python() -> str:
    return str(PYTHON)


def interpreter() -> str:
    return sys.executable
