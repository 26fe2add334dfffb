"""`PORT=8102 make run`: the links in e-mail point at the port actually served, written by the
web process and by the worker alike, unless HELPDESK_SITE_URL says otherwise."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from helpdesk.management.commands import runall

ROOT = Path(__file__).resolve().parents[2]


class FakeManager:
    started: dict

    def __init__(self):
        self.processes = {}
        self.returncode = 0
        FakeManager.started = self.processes

    def add_process(self, name, cmd, env=None, **kwargs):
        self.processes[name] = (cmd, env)

    def loop(self):
        pass


def run_all(monkeypatch, settings, *, site_url_set, **options):
    monkeypatch.setattr(runall, "Manager", FakeManager)
    settings.SITE_URL_IS_SET = site_url_set
    with pytest.raises(SystemExit):
        call_command("runall", **options)
    return FakeManager.started


def site_url_in(env):
    """What settings.SITE_URL is in a process started with this environment."""
    code = (
        "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"
    )
    env = {**env, "DJANGO_SETTINGS_MODULE": "helpdesk.settings", "DJANGO_DEBUG": "1"}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_both_processes_link_to_the_port_served(monkeypatch, settings):
    monkeypatch.delenv("HELPDESK_SITE_URL", raising=False)
    started = run_all(monkeypatch, settings, site_url_set=False, port=8102)
    assert "127.0.0.1:8102" in started["web"][0]
    for name in ("web", "worker"):
        assert started[name][1]["HELPDESK_SITE_URL"] == "http://127.0.0.1:8102"
    assert site_url_in(started["worker"][1]) == "http://127.0.0.1:8102"


def test_an_explicit_site_url_wins(monkeypatch, settings):
    monkeypatch.setenv("HELPDESK_SITE_URL", "https://help.example.com")
    started = run_all(monkeypatch, settings, site_url_set=True, port=8102)
    for name in ("web", "worker"):
        assert started[name][1]["HELPDESK_SITE_URL"] == "https://help.example.com"
    assert site_url_in(started["web"][1]) == "https://help.example.com"
