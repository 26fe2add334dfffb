"""The ticket answer is built field by field without DRF's generic walk: it must say what that
walk says, for every kind of value a ticket holds."""

import zoneinfo
from datetime import UTC, timedelta

from django.utils import timezone
from rest_framework import serializers

from api.serializers import TicketDetailsSerializer, TicketSerializer
from tickets import services
from tickets.models import Ticket

from .helpers import client_for


def drf_walk(ticket):
    """What DRF's own Serializer.to_representation answers, nested details included."""
    serializer = TicketSerializer(ticket)
    answer = serializers.Serializer.to_representation(serializer, ticket)
    details = serializer.fields["details"]
    answer["details"] = serializers.Serializer.to_representation(details, ticket.details)
    return answer


def test_the_direct_answer_is_drf_s_own_for_every_kind_of_value(people, tickets):
    delivery, payment = tickets["buyer_delivery"], tickets["buyer_payment"]
    services.assign_ticket(delivery, by=people["agent"], assignee=people["agent2"])
    services.change_priority(delivery, by=people["agent"], priority="urgent")
    # A moment exactly at UTC's offset, and one in the middle of a second.
    Ticket.objects.filter(pk=payment.pk).update(
        escalated_at=timezone.now().replace(microsecond=123456),
        store_missed_at=timezone.now() - timedelta(days=2),
    )
    rows = list(Ticket.objects.with_reference().order_by("pk"))
    assert {row.assignee_id is None for row in rows} == {True, False}
    assert {row.store_id is None for row in rows} == {True, False}
    assert any(row.details.get("amount") == 45900 for row in rows)
    for zone in ("Asia/Seoul", "UTC", "America/St_Johns"):
        with timezone.override(zoneinfo.ZoneInfo(zone)):
            for row in rows:
                answer, expected = TicketSerializer(row).data, drf_walk(row)
                assert answer == expected, (zone, row.reference)
                assert list(answer) == list(expected)
    with timezone.override(UTC):
        escalated = TicketSerializer(Ticket.objects.with_reference().get(pk=payment.pk)).data
    assert escalated["escalated_at"].endswith("Z")
    assert escalated["details"] == {"payment_method": "card", "amount": 45900}


def test_details_leave_out_what_the_ticket_does_not_hold():
    details = TicketDetailsSerializer({"order_number": "2026111012340000", "amount": "1200"})
    assert details.data == {"order_number": "2026111012340000", "amount": 1200}
    assert TicketDetailsSerializer({}).data == {}


def test_the_list_and_one_ticket_agree(people, tickets):
    api = client_for(people["buyer"])
    listed = {row["reference"]: row for row in api.get("/api/v1/tickets/").json()["results"]}
    delivery = tickets["buyer_delivery"]
    one = api.get(f"/api/v1/tickets/{delivery.reference}/").json()
    assert listed[delivery.reference] == one
    assert one["store"] == "haru-living"
    assert one["created_at"].endswith("+09:00")
