"""Security headers on every answer: CSP with nonces, HSTS, framing, sniffing, referrer,
and cookies that only travel over HTTPS, out of reach of script."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def csp_of(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {
        part.strip().split(" ", 1)[0]: part.strip().partition(" ")[2]
        for part in header.split(";")
        if part.strip()
    }


def test_pages_carry_an_enforced_csp_whose_nonce_every_script_tag_has(world):
    for role, url in (("anon", "/"), ("buyer", "/tickets/"), ("supervisor", "/agent/")):
        response = world.client(role).get(url, secure=True)
        assert response.status_code == 200
        assert "Content-Security-Policy-Report-Only" not in response
        policy = csp_of(response)
        nonce = re.search(r"'nonce-([^']+)'", policy["script-src"]).group(1)
        assert "'unsafe-inline'" not in policy["script-src"]
        assert "'unsafe-eval'" not in policy["script-src"]
        assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
        assert policy["base-uri"] == "'self'" and policy["form-action"] == "'self'"
        scripts = re.findall(r"<script\b[^>]*>", response.content.decode())
        assert scripts, url
        assert all(f'nonce="{nonce}"' in tag for tag in scripts), scripts


def test_each_page_gets_a_fresh_nonce(world):
    client = world.client("anon")
    first = csp_of(client.get("/", secure=True))["script-src"]
    second = csp_of(client.get("/", secure=True))["script-src"]
    assert first != second


def test_https_answers_carry_hsts_framing_sniffing_and_referrer_headers(world):
    response = world.client("anon").get("/", secure=True)
    hsts = response["Strict-Transport-Security"]
    assert int(re.search(r"max-age=(\d+)", hsts).group(1)) >= 31_536_000
    assert "includeSubDomains" in hsts and "preload" in hsts
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_attachments_are_sandboxed_never_sniffed_never_cached(world):
    response = world.client("buyer").get(
        reverse(
            "tickets:attachment",
            kwargs={"reference": world.ticket.reference, "attachment_id": world.attachment.pk},
        )
    )
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "no-store" in response["Cache-Control"]


PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
response = Client().get("/accounts/login/", secure=True)
cookie = response.cookies["csrftoken"]
print(json.dumps({
    "session_secure": settings.SESSION_COOKIE_SECURE,
    "session_httponly": settings.SESSION_COOKIE_HTTPONLY,
    "csrf_secure": bool(cookie["secure"]),
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "hsts": settings.SECURE_HSTS_SECONDS,
    "redirect": Client().get("/", secure=False).status_code,
}))
"""


def test_production_cookies_are_secure_and_plain_http_is_redirected():
    """With production variables (and none of the test overrides), as a server would start."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "HELPDESK_", "EMAIL_", "DATABASE_", "REDIS_"))
    }
    env.update(
        {
            "DJANGO_SECRET_KEY": "k3y-" + "x7Q9" * 16,
            "DJANGO_ALLOWED_HOSTS": "testserver",
            "DJANGO_SETTINGS_MODULE": "helpdesk.settings",
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout.strip().splitlines()[-1])
    assert facts == {
        "session_secure": True,
        "session_httponly": True,
        "csrf_secure": True,
        "ssl_redirect": True,
        "hsts": 31_536_000,
        "redirect": 301,
    }
