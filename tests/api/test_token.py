"""Token flow: POST username and password, get {"token": ...}, send Authorization: Token."""

from tests.factories import PASSWORD

from .helpers import client_for, error_of


def test_a_person_gets_a_token_and_uses_it(people):
    api = client_for(None)
    response = api.post(
        "/api/v1/auth/token/", {"username": "buyer", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    assert set(response.json()) == {"token"}
    again = api.post(
        "/api/v1/auth/token/", {"username": "buyer", "password": PASSWORD}, format="json"
    )
    assert again.json()["token"] == token
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/tickets/").status_code == 200


def test_a_wrong_password_gets_no_token(people):
    response = client_for(None).post(
        "/api/v1/auth/token/", {"username": "buyer", "password": "wrong"}, format="json"
    )
    assert response.status_code == 400
    code, fields = error_of(response)
    assert code == "invalid"
    assert fields == {}
    assert "token" not in response.content.decode()


def test_an_inactive_account_gets_no_token(people):
    people["buyer"].is_active = False
    people["buyer"].save()
    response = client_for(None).post(
        "/api/v1/auth/token/", {"username": "buyer", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 400


def test_missing_credentials_are_field_errors(db):
    response = client_for(None).post("/api/v1/auth/token/", {}, format="json")
    assert response.status_code == 400
    assert set(error_of(response)[1]) == {"username", "password"}


def test_a_session_works_too(people, client):
    client.force_login(people["buyer"])
    assert client.get("/api/v1/tickets/").status_code == 200


def test_repeated_wrong_passwords_lock_the_account_out_like_the_sign_in_page(people, settings):
    settings.AXES_FAILURE_LIMIT = 3
    api = client_for(None)

    def attempt(password):
        return api.post(
            "/api/v1/auth/token/", {"username": "buyer", "password": password}, format="json"
        )

    assert [attempt(f"wrong-{i}").status_code for i in range(2)] == [400, 400]
    locked = attempt("wrong-3")
    right = attempt(PASSWORD)
    for response in (locked, right):
        assert response.status_code == 429, response.content
        assert error_of(response)[0] == "throttled"
        assert int(response["Retry-After"]) == int(settings.AXES_COOLOFF_TIME.total_seconds())
    assert "token" not in right.json()
