"""Whatever goes wrong under /api/v1/, the answer is JSON in the one error shape."""

from .helpers import client_for, error_of


def test_an_unknown_path_is_a_json_404(db):
    api = client_for(None)
    for response in (
        api.get("/api/v1/nothing-here/"),
        api.get("/api/v1/tickets/not a reference!/"),
        # A POST to a wrong path gets the 404 too, not a CSRF failure page.
        api.post("/api/v1/tickets/bad%20ref/messages/", {"body": "x"}, format="json"),
    ):
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert error_of(response)[0] == "not_found"


def test_a_session_write_without_csrf_is_a_json_403(people, tickets):
    from rest_framework.test import APIClient

    api = APIClient(enforce_csrf_checks=True)
    api.force_login(people["buyer"])
    response = api.post(
        f"/api/v1/tickets/{tickets['buyer_delivery'].reference}/messages/",
        {"body": "hi"},
        format="json",
    )
    assert response.status_code == 403
    assert error_of(response)[0] == "permission_denied"


def test_an_unsupported_media_type_is_a_json_415(people):
    response = client_for(people["buyer"]).post(
        "/api/v1/tickets/", "category=delivery", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415
    assert error_of(response)[0] == "unsupported_media_type"
