"""Each party hears of the other's moves in their own language: the buyer by e-mail, the
store's team in the app and by e-mail (the buyer masked, never their address), the help
center when a claim comes to it. Nobody is told of their own move."""

from outbox.models import OutboundEmail
from tickets.models import Notification

from .conftest import make_claim, moved


def test_the_store_hears_of_a_new_claim_in_korean_with_the_buyer_masked(people, clock):
    claim = make_claim(people, buyer="buyer2")  # the buyer writes English
    mail = OutboundEmail.objects.get(to=people["seller"].email, subject__contains=claim.reference)
    assert "클레임" in mail.subject
    body = mail.body_text + mail.body_html
    assert "B**** J**** L**" in body
    assert "Jamie" not in body and people["buyer2"].email not in body
    notice = Notification.objects.get(recipient=people["seller"], kind="claim")
    assert claim.reference in notice.text and "신청" in notice.text
    # The buyer made the move: no e-mail about it to them (the inquiry's receipt aside).
    assert not OutboundEmail.objects.filter(
        to=people["buyer2"].email, subject__contains=claim.reference
    ).exists()


def test_the_buyer_hears_of_the_stores_answer_in_their_own_language(people, clock):
    claim = moved(make_claim(people, buyer="buyer2"), ("accepted", people["seller"]))
    mail = OutboundEmail.objects.get(to=people["buyer2"].email, subject__contains=claim.reference)
    assert "Accepted" in mail.subject and "승인" not in mail.subject
    assert f"/claims/{claim.reference}/" in mail.body_text
    # The store made the move: its people are not told of it.
    assert Notification.objects.filter(recipient=people["seller"], kind="claim").count() == 1
