"""The Store admin (supervisors only, like all of it) shows the team as an inline; a store made
there comes with its owner's membership, a new owner takes over the team. The demo seller
owns the demo store's team."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import Store, StoreMembership
from tests.factories import StoreFactory, UserFactory


@pytest.fixture
def admin_client(db):
    client = Client()
    client.force_login(UserFactory(supervisor=True, is_superuser=True))
    return client


def management(prefix, total, initial):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def store_form(store=None, owner=None, **extra):
    data = {
        "name": store.name if store else "새 가게",
        "seller_id": store.seller_id if store else "new-shop",
        "owner": str((owner or store.owner).pk),
        "answer_target_minutes": "1440",
        **management("invitations", 0, 0),
    }
    if store is None:
        data.update(management("memberships", 0, 0))
    else:
        rows = list(StoreMembership.objects.filter(store=store).order_by("pk"))
        data.update(management("memberships", len(rows), len(rows)))
        for index, row in enumerate(rows):
            data[f"memberships-{index}-id"] = str(row.pk)
            data[f"memberships-{index}-store"] = str(store.pk)
            data[f"memberships-{index}-user"] = str(row.user_id)
    data.update(extra)
    return data


def test_a_store_added_in_the_admin_comes_with_its_owner_on_the_team(admin_client):
    owner = UserFactory(seller=True)
    response = admin_client.post(reverse("admin:accounts_store_add"), store_form(owner=owner))
    assert response.status_code == 302, response.content.decode()[:2000]
    store = Store.objects.get(seller_id="new-shop")
    assert list(StoreMembership.objects.filter(store=store).values_list("user", "role")) == [
        (owner.pk, "owner")
    ]


def test_the_change_page_shows_the_team(admin_client):
    store = StoreFactory()
    manager = UserFactory(seller=True, username="team-manager")
    StoreMembership.objects.create(store=store, user=manager)
    page = admin_client.get(reverse("admin:accounts_store_change", args=[store.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "스토어 팀원" in html and f'value="{manager.pk}"' in html


def test_a_new_owner_takes_over_and_the_former_owner_stays_as_a_manager(admin_client):
    store = StoreFactory()
    former, new = store.owner, UserFactory(seller=True)
    response = admin_client.post(
        reverse("admin:accounts_store_change", args=[store.pk]), store_form(store, owner=new)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    store.refresh_from_db()
    assert store.owner == new
    roles = dict(StoreMembership.objects.filter(store=store).values_list("user", "role"))
    assert roles == {former.pk: "manager", new.pk: "owner"}


def test_the_owners_row_cannot_be_deleted_in_the_inline(admin_client):
    store = StoreFactory()
    data = store_form(store, **{"memberships-0-DELETE": "on"})
    response = admin_client.post(reverse("admin:accounts_store_change", args=[store.pk]), data)
    assert response.status_code == 200
    assert "대표는 팀에서 뺄 수 없습니다." in response.content.decode()
    assert StoreMembership.objects.filter(store=store, role="owner").count() == 1


def test_a_manager_added_in_the_inline_joins_the_team(admin_client):
    store = StoreFactory()
    person = UserFactory(seller=True)
    data = store_form(store)
    data.update(management("memberships", 2, 1))
    data.update({"memberships-1-store": str(store.pk), "memberships-1-user": str(person.pk)})
    response = admin_client.post(reverse("admin:accounts_store_change", args=[store.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert StoreMembership.objects.get(store=store, user=person).role == "manager"


def test_the_demo_seller_owns_the_demo_stores_team_and_seeding_twice_changes_nothing(db):
    call_command("seed_demo")
    rows = set(StoreMembership.objects.values_list("store__seller_id", "user__username", "role"))
    assert ("haru-living", "seller", "owner") in rows
    assert {seller_id for seller_id, _, _ in rows} == set(
        Store.objects.values_list("seller_id", flat=True)
    )
    assert all(role == "owner" for _, _, role in rows)
    call_command("seed_demo")
    again = set(StoreMembership.objects.values_list("store__seller_id", "user__username", "role"))
    assert again == rows
