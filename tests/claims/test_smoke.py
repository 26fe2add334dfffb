from claims.models import Claim, ClaimEvent

from .conftest import make_claim, moved


def test_a_return_goes_from_request_to_refund(people, clock):
    claim = make_claim(people)
    assert claim.reference == f"CL-{claim.pk:06d}"
    assert claim.state == Claim.State.REQUESTED
    claim = moved(
        claim,
        ("accepted", people["seller"]),
        ("return_shipped", people["buyer"], "CJ123456789"),
        ("received", people["seller"]),
        ("refunded", people["seller"]),
    )
    assert claim.state == Claim.State.REFUNDED
    assert ClaimEvent.objects.filter(claim=claim).count() == 5
