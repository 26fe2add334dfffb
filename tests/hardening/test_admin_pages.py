"""Every admin screen renders: the form renderer serves the admin's own widget templates
(related-object wrappers, filtered selects, date pickers) through Django's engine."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import UserFactory

MODELS = sorted((model._meta.app_label, model._meta.model_name) for model in admin.site._registry)
# Records the site writes itself: the admin lists them and refuses to add them by hand.
APPEND_ONLY = {
    ("audit", "auditentry"),
    # the community's posts, reports and blocks: changed only through moderation actions
    ("community", "answer"),
    ("community", "block"),
    ("community", "question"),
    ("community", "report"),
    # claims change only through their services (the admin's actions call them)
    ("claims", "claim"),
    ("claims", "claimreminder"),
    # the live chat's records: its services (the console) write them
    ("chat", "availability"),
    ("chat", "chat"),
    # django-axes' records of sign-in attempts and lockouts
    ("axes", "accessattempt"),
    ("axes", "accessfailurelog"),
    ("axes", "accesslog"),
    ("faq", "articlevote"),
    ("faq", "deflection"),
    ("faq", "searchlog"),
    # the e-mail channel's records: received mail, bounced addresses, IMAP positions
    ("mail", "failingaddress"),
    ("mail", "inboundmessage"),
    ("mail", "mailboxstate"),
    ("outbox", "outboundemail"),
    ("tickets", "ticket"),
}


def test_the_append_only_models_are_all_in_the_admin():
    assert set(MODELS) >= APPEND_ONLY


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_each_admin_list_and_add_page_renders(reference_data, client, app, model):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    listing = client.get(reverse(f"admin:{app}_{model}_changelist"))
    assert listing.status_code == 200
    add_url = reverse(f"admin:{app}_{model}_add")
    add = client.get(add_url)
    if (app, model) in APPEND_ONLY:
        assert add.status_code == 403
        assert add_url not in listing.text  # no "add" button either
    else:
        assert add.status_code == 200
        assert "<form" in add.text and 'name="_save"' in add.text
        assert add_url in listing.text
