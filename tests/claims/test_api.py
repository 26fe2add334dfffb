"""The claims API: list, make, read and move, with PRODUCT.md's fields; a move the person may
not make is a 403, one the state does not allow a 409, both in the API's error shape."""

import pytest
from rest_framework.authtoken.models import Token

from claims.models import Claim

from .conftest import HOST, claim_in, make_claim

FIELDS = {
    "reference",
    "kind",
    "reason",
    "fault",
    "state",
    "order_number",
    "store_id",
    "ticket",
    "amount",
    "delivered_at",
    "seller_answer_due_at",
    "refund_due_at",
    "created_at",
    "updated_at",
}


def as_(client, person):
    token, _ = Token.objects.get_or_create(user=person)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token.key}"
    return client


def test_a_buyer_makes_and_reads_a_claim_with_the_products_fields(client, people, clock):
    api = as_(client, people["buyer"])
    response = api.post(
        "/api/v1/claims/",
        {
            "kind": "not_received",
            "reason": "배송 완료로 나오는데 받지 못했어요",
            "fault": "seller",
            "order_number": "2026112011112222",
            "store_id": "haru-living",
            "amount": 25000,
        },
        content_type="application/json",
        **HOST,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == FIELDS
    assert body["reference"].startswith("CL-") and body["state"] == "requested"
    assert body["store_id"] == "haru-living" and body["ticket"].startswith("HD-")
    assert body["seller_answer_due_at"] == "2026-12-01T10:00:00+09:00"
    listed = api.get("/api/v1/claims/", **HOST).json()["results"]
    assert [row["reference"] for row in listed] == [body["reference"]]
    assert api.get(f"/api/v1/claims/{body['reference']}/", **HOST).json() == body


def test_bad_input_and_a_closed_window_answer_400_with_fields(client, people, clock):
    api = as_(client, people["buyer"])
    response = api.post(
        "/api/v1/claims/",
        {"kind": "refund-me", "fault": "buyer", "reason": "", "amount": -1},
        content_type="application/json",
        **HOST,
    )
    assert response.status_code == 400
    assert {"kind", "reason", "amount", "order_number", "store_id"} <= set(
        response.json()["error"]["fields"]
    )
    late = api.post(
        "/api/v1/claims/",
        {
            "kind": "return",
            "reason": "마음이 바뀌었어요",
            "fault": "buyer",
            "order_number": "2026110112345678",
            "store_id": "haru-living",
            "amount": 10000,
            "delivered_at": "2026-11-01T12:00:00+09:00",
        },
        content_type="application/json",
        **HOST,
    )
    assert late.status_code == 400
    assert late.json()["error"]["code"] == "invalid"
    assert "7일" in late.json()["error"]["fields"]["delivered_at"][0]
    assert not Claim.objects.exists()


def test_the_store_moves_a_claim_and_the_refusals_have_their_status(client, people, clock):
    claim = make_claim(people)
    url = f"/api/v1/claims/{claim.reference}/transition/"
    seller = as_(client, people["seller"])
    moved = seller.post(
        url, {"to": "accepted", "note": "확인했습니다"}, content_type="application/json", **HOST
    )
    assert moved.status_code == 200 and moved.json()["state"] == "accepted"
    again = seller.post(url, {"to": "accepted"}, content_type="application/json", **HOST)
    assert again.status_code == 409
    assert again.json() == {
        "error": {
            "code": "conflict",
            "message": "“승인됨” 상태의 클레임은 지금 “승인됨” 상태로 바꿀 수 없습니다.",
            "fields": {},
        }
    }
    forbidden = seller.post(url, {"to": "withdrawn"}, content_type="application/json", **HOST)
    assert forbidden.status_code == 403
    assert forbidden.json()["error"]["code"] == "not_allowed"
    buyer = as_(client, people["buyer"])
    no_tracking = buyer.post(url, {"to": "return_shipped"}, content_type="application/json", **HOST)
    assert no_tracking.status_code == 400
    assert "tracking_number" in no_tracking.json()["error"]["fields"]
    unknown = buyer.post(url, {"to": "teleported"}, content_type="application/json", **HOST)
    assert unknown.status_code == 400 and "to" in unknown.json()["error"]["fields"]


def test_refusals_speak_the_callers_language(client, people, clock):
    claim = claim_in(people, clock, "accepted")
    api = as_(client, people["buyer2"])  # prefers English, and has no part in this claim
    url = f"/api/v1/claims/{claim.reference}/transition/"
    assert (
        api.post(url, {"to": "closed"}, content_type="application/json", **HOST).status_code == 404
    )
    api = as_(client, people["agent2"])  # English
    refused = api.post(url, {"to": "received"}, content_type="application/json", **HOST)
    assert refused.status_code == 403
    assert (
        refused.json()["error"]["message"]
        == "You cannot move this claim to “Received by the store”."
    )


@pytest.mark.parametrize("person", ["buyer2", "anonymous"])
def test_others_get_a_404_or_must_sign_in(client, people, clock, person):
    claim = make_claim(people)
    if person == "anonymous":
        assert client.get(f"/api/v1/claims/{claim.reference}/", **HOST).status_code == 401
        return
    api = as_(client, people[person])
    assert api.get(f"/api/v1/claims/{claim.reference}/", **HOST).status_code == 404
    assert api.get("/api/v1/claims/", **HOST).json()["results"] == []


def test_the_claims_endpoints_are_in_the_openapi_schema(client, db):
    schema = client.get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json", **HOST
    ).json()
    assert {
        "/api/v1/claims/",
        "/api/v1/claims/{reference}/",
        "/api/v1/claims/{reference}/transition/",
    } <= set(schema["paths"])
    responses = schema["paths"]["/api/v1/claims/{reference}/transition/"]["post"]["responses"]
    assert {"200", "403", "404", "409"} <= set(responses)
    assert set(schema["components"]["schemas"]["Claim"]["properties"]) == FIELDS
