def test_health_reports_database_and_broker(client, db):
    response = client.get("/healthz", HTTP_HOST="127.0.0.1")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "broker": "ok"}


def test_health_answers_503_naming_the_broker_when_it_is_down(client, db, monkeypatch):
    from helpdesk import views

    monkeypatch.setattr(views, "_check_broker", lambda: "error")
    response = client.get("/healthz", HTTP_HOST="127.0.0.1")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "error"
