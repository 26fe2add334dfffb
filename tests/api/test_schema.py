"""The OpenAPI schema is served, valid, and documents what the contract promises."""

from django.core.management import call_command


def test_the_schema_validates_without_warnings(db, tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"))


def test_the_schema_is_served_with_the_contract_paths(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert set(schema["paths"]) == {
        "/api/v1/auth/token/",
        "/api/v1/categories/",
        "/api/v1/contacts/channels/",
        "/api/v1/notices/",
        "/api/v1/faq/articles/",
        "/api/v1/faq/articles/{slug}/",
        "/api/v1/faq/articles/{slug}/vote/",
        "/api/v1/tickets/",
        "/api/v1/tickets/{reference}/",
        "/api/v1/tickets/{reference}/messages/",
        "/api/v1/tickets/{reference}/store-request/",
        "/api/v1/tickets/{reference}/escalate/",
        "/api/v1/stores/{seller_id}/scorecard/",
        "/api/v1/claims/",
        "/api/v1/claims/{reference}/",
        "/api/v1/claims/{reference}/transition/",
        "/api/v1/community/questions/",
        "/api/v1/community/questions/{id}/",
        "/api/v1/community/questions/{id}/answers/",
    }
    create = schema["paths"]["/api/v1/tickets/"]["post"]
    assert {"name": "Idempotency-Key", "in": "header"}.items() <= create["parameters"][0].items()
    assert {"200", "201", "400", "401", "429"} <= set(create["responses"])
    ticket = schema["components"]["schemas"]["Ticket"]["properties"]
    assert set(ticket) >= {
        "reference",
        "category",
        "subject",
        "details",
        "status",
        "priority",
        "queue",
        "assignee",
        "channel",
        "created_at",
        "first_response_due_at",
        "resolution_due_at",
    }
    request = schema["components"]["schemas"]["TicketCreateRequest"]["properties"]
    assert {"body", "requester_name", "requester_email"} <= set(request)


def test_the_docs_page_loads_its_assets_from_this_site(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "//cdn" not in html and "unpkg" not in html and "jsdelivr" not in html
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert "/api/schema/" in script.content.decode()
