"""GET /api/v1/stores/<seller_id>/scorecard/: the figures in the product's names, for the
store's members and the help center's staff; for anyone else the store does not exist."""

import pytest

from tests.api.helpers import client_for, error_of
from tests.factories import UserFactory

from .conftest import PRIVATE

URL = "/api/v1/stores/haru-living/scorecard/"
FIELDS = {
    "answered_on_time_7d",
    "answered_on_time_30d",
    "answered_on_time_90d",
    "median_first_answer_minutes",
    "escalations_30d",
    "satisfaction_30d",
    "open",
}


def test_the_stores_owner_reads_its_scorecard(busy):
    response = client_for(busy.store.owner).get(URL)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == FIELDS
    assert body == {
        "answered_on_time_7d": 0.0,  # the overdue inquiry, filed Thursday
        "answered_on_time_30d": 0.5,
        "answered_on_time_90d": 0.5,
        "median_first_answer_minutes": 90,
        "escalations_30d": 1,
        "satisfaction_30d": {"mean_score": 5.0, "share_4_or_5": 1.0, "ratings": 3},
        "open": {"total": 3, "overdue": 1, "due_soon": 1, "due_today": 0, "due_later": 1},
    }
    for secret in PRIVATE:
        assert secret not in response.content.decode()


def test_shares_are_null_when_nothing_is_counted(busy):
    body = client_for(busy.store.owner).get("/api/v1/stores/quiet-store/scorecard/")
    # The owner of haru-living does not own quiet-store: it does not exist for them.
    assert body.status_code == 404
    body = client_for(busy.quiet_store.owner).get("/api/v1/stores/quiet-store/scorecard/").json()
    assert body["answered_on_time_30d"] is None and body["median_first_answer_minutes"] is None
    assert body["satisfaction_30d"] == {"mean_score": None, "share_4_or_5": None, "ratings": 0}


@pytest.mark.parametrize("who", ["agent", "supervisor"])
def test_staff_read_any_stores_scorecard(busy, who):
    staff = UserFactory(**{who: True})  # an agent of no queue at all
    response = client_for(staff).get(URL)
    assert response.status_code == 200
    assert response.json()["answered_on_time_30d"] == 0.5


def test_another_seller_and_the_buyer_get_the_same_404_as_for_no_store(busy):
    unknown = client_for(busy.other_store.owner).get("/api/v1/stores/no-such-store/scorecard/")
    assert unknown.status_code == 404
    for person in (busy.other_store.owner, busy.buyer, UserFactory(seller=True)):
        response = client_for(person).get(URL)
        assert response.status_code == 404
        assert response.json() == unknown.json()
        assert error_of(response)[0] == "not_found"


def test_signed_out_callers_are_asked_to_sign_in(busy):
    response = client_for(None).get(URL)
    assert response.status_code == 401
    assert error_of(response)[0] == "not_authenticated"


def test_a_deactivated_owner_gets_404(busy):
    owner = busy.store.owner
    owner.is_active = False
    owner.save()
    assert client_for(owner).get(URL).status_code in (401, 404)


def test_the_scorecard_has_its_own_rate_limit(busy, rates):
    rates(store_scorecard="2/minute")
    api = client_for(busy.store.owner)
    assert [api.get(URL).status_code for _ in range(3)] == [200, 200, 429]


def test_the_schema_documents_the_scorecard(client, db):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operation = schema["paths"]["/api/v1/stores/{seller_id}/scorecard/"]["get"]
    assert {"200", "401", "404", "429"} <= set(operation["responses"])
    properties = schema["components"]["schemas"]["StoreScorecard"]["properties"]
    assert set(properties) == FIELDS
    assert properties["answered_on_time_30d"]["nullable"] is True
