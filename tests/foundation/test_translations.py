"""Korean first, English complete: both catalogs translate every string the code marks."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import po  # noqa: E402


@pytest.mark.parametrize("language", ["ko", "en"])
def test_every_message_is_translated(language):
    assert po.missing(language) == []


@pytest.mark.skipif(not shutil.which("xgettext"), reason="gettext is not installed")
def test_catalogs_hold_every_string_in_the_code(tmp_path):
    """makemessages on a copy finds no msgid that the committed Korean catalog lacks."""
    work = tmp_path / "copy"
    shutil.copytree(
        ROOT,
        work,
        ignore=shutil.ignore_patterns(
            ".venv", "node_modules", "var", ".git", "__pycache__", "tests"
        ),
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "ko",
            "--no-obsolete",
            "-i",
            "scripts/*",
        ],
        cwd=work,
        check=True,
        capture_output=True,
    )
    fresh = po.msgids(work / "locale/ko/LC_MESSAGES/django.po")
    committed = po.msgids(po.catalog("ko"))
    assert sorted(fresh - committed) == []
