"""Oversized requests, NUL bytes and over-long fields are refused with a clear message in the
person's language, and nothing is saved half-way."""

import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from tickets.models import Message, SatisfactionRating, Ticket

from .conftest import PNG

HANGUL = re.compile(r"[가-힣]")


def inquiry(**overrides):
    return {
        "category": "feedback",
        "submission_id": str(uuid.uuid4()),
        "requester_name": "Guest",
        "requester_email": "guest@example.com",
        "subject": "A subject",
        "body": "A body",
        **overrides,
    }


def errors_of(response, form="form"):
    form = response.context[form]
    return [str(message) for messages in form.errors.values() for message in messages]


def test_the_whole_request_is_capped_with_a_413_in_korean_by_default(world, settings):
    settings.REQUEST_MAX_BYTES = 4096
    data = inquiry(body="x" * 5000)
    response = world.client("anon").post("/tickets/new/", data)
    assert response.status_code == 413
    text = response.content.decode()
    assert "요청이 너무 큽니다" in text and "4.0" in text
    assert response["Connection"] == "close"
    assert not Ticket.objects.filter(subject="A subject").exists()


def test_the_413_speaks_english_to_an_english_speaker(world, settings):
    settings.REQUEST_MAX_BYTES = 4096
    response = world.client("anon").post(
        "/tickets/new/", inquiry(body="x" * 5000), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 413
    assert "This request is too large" in response.content.decode()


def test_the_api_gets_the_413_as_json(world, settings):
    settings.REQUEST_MAX_BYTES = 100
    response = world.client("anon").post(
        "/api/v1/tickets/", data="{" + '"x": 1,' * 50 + "}", content_type="application/json"
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "request_too_large"


def test_the_default_cap_lets_five_full_attachments_through_and_little_more(settings):
    attachments = settings.ATTACHMENT_MAX_COUNT * settings.ATTACHMENT_MAX_BYTES
    assert attachments == 5 * 10 * 1024 * 1024
    assert attachments < settings.REQUEST_MAX_BYTES <= attachments + 4 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 2_621_440
    # Django's own cap on files is far above ours, so more than five gets the form's error
    # (test_uploads.py); only a flood past it gets Django's 400.
    assert settings.ATTACHMENT_MAX_COUNT * 20 < settings.DATA_UPLOAD_MAX_NUMBER_FILES <= 1000


def test_too_many_files_in_one_request_is_refused(world):
    files = [SimpleUploadedFile(f"p{n}.png", PNG, "image/png") for n in range(11)]
    response = world.client("buyer").post(
        reverse("tickets:reply", kwargs={"reference": world.ticket.reference}),
        {"body": "hi", "attachments": files},
    )
    assert response.status_code == 400
    assert Message.objects.filter(ticket=world.ticket).count() == 1


@pytest.mark.parametrize("field", ["subject", "body", "requester_name"])
def test_nul_bytes_in_the_inquiry_form_are_refused_in_korean(world, field):
    response = world.client("anon").post("/tickets/new/", inquiry(**{field: "a\x00b"}))
    assert response.status_code == 200
    errors = errors_of(response)
    assert errors and all(HANGUL.search(e) for e in errors), errors
    assert Ticket.objects.count() == 2  # the world's two, nothing more


def test_nul_bytes_in_a_reply_are_refused(world):
    response = world.client("buyer").post(
        reverse("tickets:reply", kwargs={"reference": world.ticket.reference}),
        {"body": "hello\x00"},
    )
    assert response.status_code == 400
    errors = errors_of(response, "reply_form")
    assert errors and HANGUL.search(errors[0])
    assert Message.objects.filter(ticket=world.ticket).count() == 1


def test_nul_bytes_in_an_agent_reply_are_refused(world):
    response = world.client("supervisor").post(
        reverse("agent:reply", kwargs={"reference": world.ticket.reference}),
        {"body": "hello\x00", "kind": "reply"},
    )
    assert response.status_code == 400
    assert Message.objects.filter(ticket=world.ticket).count() == 1


@pytest.mark.parametrize("field", ["username", "display_name", "email"])
def test_nul_bytes_at_sign_up_are_refused(reference_data, client, field):
    data = {
        "role": "buyer",
        "username": "newperson",
        "display_name": "New",
        "email": "new@example.com",
        "preferred_language": "ko",
        "password1": "a-long-Passw0rd!",
        "password2": "a-long-Passw0rd!",
    }
    data[field] = data[field][:3] + "\x00" + data[field][3:]
    response = client.post("/accounts/signup/", data)
    assert response.status_code == 200
    assert any(HANGUL.search(e) for e in errors_of(response))
    assert not User.objects.filter(email__startswith="new").exists()


@pytest.mark.parametrize(
    ("field", "length"), [("subject", 201), ("body", 20_001), ("requester_name", 81)]
)
def test_over_long_inquiry_fields_are_refused_in_the_persons_language(world, field, length):
    response = world.client("anon").post("/tickets/new/", inquiry(**{field: "가" * length}))
    assert response.status_code == 200
    assert any(HANGUL.search(e) for e in errors_of(response))
    english = world.client("anon").post(
        "/tickets/new/", inquiry(**{field: "a" * length}), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert any("at most" in e for e in errors_of(english)), errors_of(english)
    assert Ticket.objects.count() == 2


def test_an_over_long_rating_comment_is_refused(world):
    world.ticket.status = Ticket.Status.RESOLVED
    world.ticket.save(update_fields=["status"])
    response = world.client("buyer").post(
        reverse("tickets:rate", kwargs={"reference": world.ticket.reference}),
        {"score": 5, "comment": "x" * 2001},
    )
    assert response.status_code == 302
    assert not SatisfactionRating.objects.exists()
    world.client("buyer").post(
        reverse("tickets:rate", kwargs={"reference": world.ticket.reference}),
        {"score": 5, "comment": "x" * 2000},
    )
    assert SatisfactionRating.objects.get().comment == "x" * 2000  # the limit, not the rating


@pytest.mark.parametrize("field", ["subject", "body"])
def test_nul_bytes_in_the_api_are_refused_in_the_callers_language(world, field):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(world.users["buyer"])
    data = {"category": "feedback", "subject": "s", "body": "b", field: "a\x00b"}
    response = api.post("/api/v1/tickets/", data, format="json")
    assert response.status_code == 400
    assert HANGUL.search(response.content.decode("utf-8")), response.content
    english = api.post("/api/v1/tickets/", data, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 400
    assert "Null characters are not allowed." in english.content.decode()
    assert Ticket.objects.count() == 2


def test_over_long_api_subjects_are_refused(world):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(world.users["buyer"])
    data = {"category": "feedback", "subject": "s" * 201, "body": "b"}
    response = api.post("/api/v1/tickets/", data, format="json")
    assert response.status_code == 400 and Ticket.objects.count() == 2


def test_the_api_throttle_answers_429_with_retry_after(world, settings):
    config = dict(settings.REST_FRAMEWORK)
    config["DEFAULT_THROTTLE_RATES"] = {**config["DEFAULT_THROTTLE_RATES"], "anon": "2/minute"}
    settings.REST_FRAMEWORK = config
    client = world.client("anon")
    codes = [client.get("/api/v1/categories/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    refused = client.get("/api/v1/categories/")
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 60
