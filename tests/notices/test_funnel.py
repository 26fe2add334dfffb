"""The deflection funnel: people shown a notice on the inquiry form, and those who left
without filing; the supervisors' report shows both."""

import uuid
from datetime import timedelta

from notices.models import NoticeView
from notices.selectors import notice_funnel

from .conftest import TUESDAY_10


def show_form(client, submission_id):
    client.get(
        f"/tickets/new/?category=payment&submission_id={submission_id}",
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="case-fields",
    )


def file_from(client, submission_id):
    return client.post(
        "/tickets/new/",
        {
            "submission_id": submission_id,
            "category": "payment",
            "subject": "카드 결제 실패",
            "body": "결제가 안 돼요",
            "details-payment_method": "card",
            "details-amount": "12000",
        },
    )


def test_people_who_saw_a_notice_and_left_without_filing_are_counted(
    client, people, payment_notice, django_user_model
):
    from django.test import Client

    # Two people see the notice; one files anyway (after a second look), one leaves.
    client.force_login(people["buyer"])
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    show_form(client, first)
    show_form(client, first)  # the same form picked twice: one row
    show_form(client, second)  # a reload: another form, the same person
    assert file_from(client, second).status_code == 302
    leaver = Client()
    show_form(leaver, str(uuid.uuid4()))
    assert NoticeView.objects.count() == 3

    (row,) = notice_funnel(TUESDAY_10 - timedelta(hours=1), TUESDAY_10 + timedelta(hours=1))
    assert (row.category.slug, row.saw_notice, row.filed_anyway, row.left_without_filing) == (
        "payment",
        2,
        1,
        1,
    )

    client.force_login(people["admin"])
    report = client.get("/agent/reports/", HTTP_ACCEPT_LANGUAGE="en")
    assert report.status_code == 200
    assert "Left without filing" in report.text


def test_a_form_without_a_notice_counts_nothing(client, people, reference_data):
    show_form(client, str(uuid.uuid4()))
    assert not NoticeView.objects.exists()
