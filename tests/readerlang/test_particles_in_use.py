"""Combined particles written in the Korean catalog are settled where the sentence is said:
a claim's timeline, the messages of the similar-ticket panel, and e-mail templates."""

from django.template.loader import render_to_string
from django.utils import translation

from claims.models import ClaimEvent
from claims.selectors import event_text


def test_a_claims_move_reads_with_the_particle_its_state_takes():
    with translation.override("ko"):
        accepted = ClaimEvent(
            kind="moved", party="store", old_state="requested", new_state="accepted"
        )
        shipped = ClaimEvent(
            kind="moved", party="buyer", old_state="accepted", new_state="return_shipped"
        )
        assert "“승인됨”으로 변경했습니다" in event_text(accepted)
        assert "(으)로" not in event_text(shipped)


def test_the_priority_raised_in_the_breach_e_mail_takes_its_particle():
    with translation.override("ko"):
        text = render_to_string(
            "emails/sla_breach.txt",
            {
                "user": "김하늘",
                "ticket": None,
                "target": "첫 답변",
                "due": "-",
                "priority": "높음",
                "raised": True,
            },
        )
    assert "(으)로" not in text
