"""The admin shows claims read-only; its one change, closing, goes through the service."""

from django.urls import reverse

from claims.models import Claim, ClaimEvent

from .conftest import HOST, make_claim


def test_closing_from_the_admin_is_a_recorded_move_by_the_supervisor(client, people, clock):
    claim = make_claim(people)
    client.force_login(people["admin"])
    change = client.get(reverse("admin:claims_claim_change", args=[claim.pk]), **HOST)
    assert change.status_code == 200 and 'name="kind"' not in change.content.decode()
    response = client.post(
        reverse("admin:claims_claim_changelist"),
        {"action": "close_claims", "_selected_action": [claim.pk]},
        **HOST,
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.state == Claim.State.CLOSED
    event = ClaimEvent.objects.get(claim=claim, new_state="closed")
    assert (event.actor, event.party) == (people["admin"], "agent")
