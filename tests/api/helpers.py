from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from catalog.models import Category
from tickets import services


def client_for(user, language="en"):
    api = APIClient(**({"HTTP_ACCEPT_LANGUAGE": language} if language else {}))
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


def file_ticket(requester, category="delivery", **overrides):
    values = {
        "subject": "Parcel is late",
        "body": "It has not moved for a week.",
        "details": {"order_number": "2026111412345678", "store_id": "haru-living"},
    }
    values.update(overrides)
    return services.open_ticket(
        requester=requester, category=Category.objects.get(slug=category), **values
    ).ticket


def error_of(response):
    """Checks the one error shape; returns (code, fields)."""
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "fields"}, body
    assert body["error"]["message"]
    return body["error"]["code"], body["error"]["fields"]
