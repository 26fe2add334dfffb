"""With production variables set, Django's deployment checks find nothing to warn about."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_check(var_dir, **overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        # Model checks of generated columns ask the database for its version: use a scratch
        # SQLite file rather than a PostgreSQL database that may not exist outside the tests.
        if not key.startswith(("DJANGO_", "EMAIL_", "HELPDESK_", "DATABASE_URL"))
    }
    env.update(
        {
            "DJANGO_SECRET_KEY": "k3y-" + "x7Q9" * 16,
            "DJANGO_ALLOWED_HOSTS": "help.example.com",
            "EMAIL_URL": "smtp://mailer.example.com:587",
            "HELPDESK_VAR_DIR": str(var_dir),
            **overrides,
        }
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checks(tmp_path):
    result = run_check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_a_secret_key_refuses_to_start(tmp_path):
    result = run_check(tmp_path, DJANGO_SECRET_KEY="")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr
