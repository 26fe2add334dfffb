"""One client address for everything that counts or records callers: rate limits, API
throttles, the login lockout and the audit trail; X-Forwarded-For only behind trusted
proxies (DJANGO_NUM_PROXIES), read from the right."""

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from rest_framework.request import Request

from api.throttling import AnonThrottle
from audit.models import AuditEntry
from helpdesk import ratelimit
from helpdesk.addresses import client_address
from tests.factories import UserFactory

SPOOFED = "6.6.6.6, 203.0.113.7"  # the client wrote the first; our proxy appended the second


def request(**meta):
    return RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", **meta)


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.NUM_PROXIES = 0
    assert client_address(request(HTTP_X_FORWARDED_FOR=SPOOFED)) == "10.0.0.2"


def test_behind_one_proxy_the_address_it_saw_is_used_never_what_the_client_wrote(settings):
    settings.NUM_PROXIES = 1
    assert client_address(request(HTTP_X_FORWARDED_FOR=SPOOFED)) == "203.0.113.7"
    assert client_address(request()) == "10.0.0.2"  # reached directly: no header


def test_a_forwarded_value_that_is_no_address_is_never_used(settings):
    settings.NUM_PROXIES = 2
    assert client_address(request(HTTP_X_FORWARDED_FOR="<script>")) == "10.0.0.2"
    assert client_address(request(HTTP_X_FORWARDED_FOR="6.6.6.6")) == "6.6.6.6"


@pytest.mark.parametrize("proxies", [0, 1])
def test_limits_and_throttles_count_by_the_same_address(settings, proxies):
    settings.NUM_PROXIES = proxies
    incoming = request(HTTP_X_FORWARDED_FOR=SPOOFED)
    expected = client_address(incoming)
    assert ratelimit.client_address(incoming) == expected
    assert AnonThrottle().get_ident(Request(incoming)) == expected


def test_a_failed_sign_in_is_locked_out_and_audited_by_the_same_address(db, client, settings):
    settings.NUM_PROXIES = 1
    UserFactory(username="kim")
    client.post(
        "/accounts/login/",
        {"username": "kim", "password": "wrong-password"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=SPOOFED,
    )
    assert AccessAttempt.objects.get(username="kim").ip_address == "203.0.113.7"
    entry = AuditEntry.objects.get(action=AuditEntry.Action.SIGN_IN_FAILED)
    assert entry.ip == "203.0.113.7"
