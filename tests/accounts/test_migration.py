"""The data migration that puts every existing store's owner on its team, run on a database
that holds stores from before store teams existed."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("accounts", "0004_store_calendar_and_answer_window")]
AFTER = [("accounts", "0006_store_owner_memberships")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()  # what the previous run applied
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_every_existing_store_gets_its_owner_as_the_owner_member():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = migrate(BEFORE)
    try:
        User = old.get_model("accounts", "User")
        Store = old.get_model("accounts", "Store")
        first = User.objects.create(username="first-seller", role="seller")
        second = User.objects.create(username="second-seller", role="seller")
        stores = [
            Store.objects.create(name="가게 하나", seller_id="shop-one", owner=first),
            Store.objects.create(name="가게 둘", seller_id="shop-two", owner=first),
            Store.objects.create(name="Shop three", seller_id="shop-three", owner=second),
        ]

        new = migrate(AFTER)
        StoreMembership = new.get_model("accounts", "StoreMembership")
        rows = sorted(
            StoreMembership.objects.values_list("store_id", "user_id", "role", "created_at")
        )
        assert rows == sorted(
            (store.pk, store.owner_id, "owner", store.created_at) for store in stores
        )
    finally:
        migrate(latest)
