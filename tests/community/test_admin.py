"""Moderation in the admin goes through the services: the same checks, the audit trail."""

from audit.models import AuditEntry
from community import services
from community.models import Block, Report

from .conftest import answer, ask


def run(client, model, action, *ids):
    return client.post(
        f"/admin/community/{model}/",
        {"action": action, "_selected_action": [str(pk) for pk in ids]},
    )


def test_a_supervisor_verifies_hides_and_blocks_through_admin_actions(
    community, categories, client
):
    question = ask(community["buyer"], categories)
    good = answer(question, community["seller"])
    spam = answer(question, community["buyer2"], body="광고입니다 광고입니다 광고입니다")
    services.report_post(spam, by=community["buyer"], reason="spam")
    client.force_login(community["admin"])
    assert client.get("/admin/community/question/").status_code == 200
    assert client.get(f"/admin/community/answer/{good.pk}/change/").status_code == 200
    run(client, "answer", "verify", good.pk)
    run(client, "report", "hide_reported", Report.objects.get().pk)
    run(client, "answer", "block_authors", spam.pk)
    good.refresh_from_db()
    spam.refresh_from_db()
    assert good.verified_by == community["admin"]
    assert spam.is_hidden and Report.objects.get().resolved_at is not None
    assert Block.objects.get(lifted_at__isnull=True).user == community["buyer2"]
    run(client, "block", "lift", Block.objects.get().pk)
    assert not Block.objects.filter(lifted_at__isnull=True).exists()
    assert list(
        AuditEntry.objects.filter(action="moderation")
        .order_by("id")
        .values_list("summary", flat=True)
    ) == ["verified", "hidden", "blocked from posting", "block lifted"]


def test_the_admin_refuses_what_the_service_refuses(community, categories, client):
    question = ask(community["buyer"], categories)
    hidden = answer(question, community["seller"])
    services.hide_post(hidden, by=community["agent"])
    client.force_login(community["admin"])
    response = run(client, "answer", "verify", hidden.pk)
    assert response.status_code == 302
    hidden.refresh_from_db()
    assert hidden.verified_at is None
