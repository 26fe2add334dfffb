"""Limits people can see: API answers carry where the caller stands (limit, remaining, reset)
beside 429's Retry-After; walking ticket references (many 404s from one address or
account) is slowed like any other abuse, on pages and the API alike."""

import time

import pytest
from django.test import Client

from catalog.models import Category
from tests.api.helpers import client_for
from tickets import services

HOST = {"HTTP_HOST": "127.0.0.1"}


def test_api_answers_say_where_the_caller_stands(people, rates):
    rates(user="5/minute")
    api = client_for(people["buyer"])
    first, second = api.get("/api/v1/tickets/"), api.get("/api/v1/categories/")
    assert (first["X-RateLimit-Limit"], first["X-RateLimit-Remaining"]) == ("5", "4")
    assert second["X-RateLimit-Remaining"] == "3"
    now = time.time()
    assert now <= int(first["X-RateLimit-Reset"]) <= now + 61
    assert 0 <= int(first["RateLimit-Reset"]) <= 60
    assert (first["RateLimit-Limit"], first["RateLimit-Remaining"]) == ("5", "4")
    assert first["RateLimit-Policy"] == "5;w=60"


def test_a_429_carries_retry_after_and_nothing_remaining(people, rates):
    rates(user="2/minute")
    api = client_for(people["buyer"])
    responses = [api.get("/api/v1/tickets/") for _ in range(3)]
    assert [r.status_code for r in responses] == [200, 200, 429]
    refused = responses[-1]
    assert int(refused["Retry-After"]) > 0 and refused["X-RateLimit-Remaining"] == "0"


def test_the_tightest_limit_is_the_one_shown(people, rates):
    rates(anon="100/minute", anon_ticket="2/hour")
    api = client_for(None)
    guest = {
        "category": "feedback",
        "subject": "Hello",
        "body": "Hello",
        "requester_name": "Minji",
        "requester_email": "minji@example.com",
    }
    response = api.post("/api/v1/tickets/", guest, format="json")
    assert response.status_code == 201
    assert (response["X-RateLimit-Limit"], response["X-RateLimit-Remaining"]) == ("2", "1")


@pytest.fixture
def walk_limit(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "ticket-not-found": (5, 600)}


def own_ticket(user):
    return services.open_ticket(
        requester=user,
        category=Category.objects.get(slug="feedback"),
        subject="Mine",
        body="Mine",
    ).ticket


def test_walking_references_on_the_pages_is_slowed(people, walk_limit):
    mine = own_ticket(people["buyer"])
    walker = Client(**HOST, REMOTE_ADDR="10.0.0.7")
    walker.force_login(people["buyer"])
    assert walker.get(mine.get_absolute_url()).status_code == 200
    statuses = [walker.get(f"/tickets/HD-{900000 + n}/").status_code for n in range(7)]
    assert statuses == [404] * 5 + [429] * 2
    refused = walker.get(mine.get_absolute_url())
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    # The account is slowed from another address too; other people are not.
    elsewhere = Client(**HOST, REMOTE_ADDR="10.0.0.8")
    elsewhere.force_login(people["buyer"])
    assert elsewhere.get(mine.get_absolute_url()).status_code == 429
    other = Client(**HOST, REMOTE_ADDR="10.0.0.9")
    other.force_login(people["buyer2"])
    assert other.get(f"/tickets/{own_ticket(people['buyer2']).reference}/").status_code == 200
    # Pages naming no ticket are not concerned.
    assert walker.get("/tickets/").status_code == 200


def test_walking_guest_links_is_slowed_per_address(reference_data, walk_limit):
    stranger = Client(**HOST, REMOTE_ADDR="10.0.1.1")
    statuses = [stranger.get(f"/tickets/track/{'x' * 40}{n}/").status_code for n in range(6)]
    assert statuses == [404] * 5 + [429]


def test_walking_references_through_the_api_is_slowed(people, walk_limit):
    mine = own_ticket(people["buyer"])
    api = client_for(people["buyer"])
    statuses = [api.get(f"/api/v1/tickets/HD-{900000 + n}/").status_code for n in range(6)]
    assert statuses == [404] * 5 + [429]
    refused = api.get(f"/api/v1/tickets/{mine.reference}/")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert refused.json()["error"]["code"] == "throttled"


def test_a_few_mistyped_references_change_nothing(people, walk_limit):
    mine = own_ticket(people["buyer"])
    person = Client(**HOST)
    person.force_login(people["buyer"])
    for n in range(4):
        assert person.get(f"/tickets/HD-{900000 + n}/").status_code == 404
    assert person.get(mine.get_absolute_url()).status_code == 200
