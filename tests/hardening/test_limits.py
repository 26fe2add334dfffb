"""Abuse is capped: too many attempts answer 429 with Retry-After, and nothing is saved."""

import uuid

import pytest

from accounts.models import User
from outbox.models import OutboundEmail
from tests.factories import PASSWORD
from tickets.models import Ticket

HOST = {"HTTP_HOST": "127.0.0.1"}


def guest_inquiry(n):
    return {
        "category": "feedback",
        "submission_id": str(uuid.uuid4()),
        "requester_name": "Spammer",
        "requester_email": "spam@example.com",
        "subject": f"spam {n}",
        "body": "buy now",
    }


def test_anonymous_submissions_are_limited_per_address(client, people, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "inquiry-anonymous": (2, 3600)}
    codes = [client.post("/tickets/new/", guest_inquiry(n), **HOST).status_code for n in range(3)]
    assert codes == [302, 302, 429]
    refused = client.post("/tickets/new/", guest_inquiry(9), **HOST)
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 3600
    assert "요청이 너무 많습니다" in refused.content.decode()
    assert Ticket.objects.filter(subject__startswith="spam").count() == 2
    # Another address is not affected.
    assert (
        client.post("/tickets/new/", guest_inquiry(5), REMOTE_ADDR="10.9.8.7", **HOST).status_code
        == 302
    )


def test_a_signed_in_person_has_a_limit_of_their_own(client, people, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "inquiry-user": (1, 3600)}
    client.force_login(people["buyer"])
    data = {"category": "feedback", "subject": "s", "body": "b"}
    first = client.post("/tickets/new/", {**data, "submission_id": str(uuid.uuid4())}, **HOST)
    second = client.post("/tickets/new/", {**data, "submission_id": str(uuid.uuid4())}, **HOST)
    assert (first.status_code, second.status_code) == (302, 429)


def test_sign_in_locks_after_repeated_failures_even_with_the_right_password(
    client, people, settings
):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        response = client.post(
            "/accounts/login/", {"username": "buyer", "password": "wrong"}, **HOST
        )
    assert response.status_code == 429
    locked = client.post("/accounts/login/", {"username": "buyer", "password": PASSWORD}, **HOST)
    assert locked.status_code == 429 and int(locked["Retry-After"]) == 900
    assert "_auth_user_id" not in client.session


def test_a_successful_sign_in_before_the_limit_resets_the_count(client, people, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client.post("/accounts/login/", {"username": "buyer", "password": "wrong"}, **HOST)
    client.post("/accounts/login/", {"username": "buyer", "password": "wrong"}, **HOST)
    ok = client.post("/accounts/login/", {"username": "buyer", "password": PASSWORD}, **HOST)
    assert ok.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(username="buyer").pk)


def test_password_reset_mail_is_limited_per_address_of_mail(client, people, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "password-reset-email": (2, 3600)}
    codes = [
        client.post("/accounts/password-reset/", {"email": "buyer@example.com"}, **HOST).status_code
        for _ in range(3)
    ]
    assert codes == [302, 302, 429]
    assert OutboundEmail.objects.filter(to="buyer@example.com").count() == 2


@pytest.mark.parametrize("limit_name", ["signup"])
def test_signups_are_limited_per_address(client, reference_data, settings, limit_name):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, limit_name: (1, 3600)}
    data = {
        "role": "buyer",
        "display_name": "x",
        "preferred_language": "ko",
        "password1": "a-long-Passw0rd!",
        "password2": "a-long-Passw0rd!",
    }
    first = client.post(
        "/accounts/signup/", {**data, "username": "a1", "email": "a1@example.com"}, **HOST
    )
    client.logout()
    second = client.post(
        "/accounts/signup/", {**data, "username": "a2", "email": "a2@example.com"}, **HOST
    )
    assert (first.status_code, second.status_code) == (302, 429)
    assert not User.objects.filter(username="a2").exists()
