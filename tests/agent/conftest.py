import pytest

from tests.factories import QueueFactory, UserFactory, member


@pytest.fixture
def queue(db):
    return QueueFactory(slug="orders")


@pytest.fixture
def other_queue(db):
    return QueueFactory(slug="payments")


@pytest.fixture
def agent(queue):
    return member(UserFactory(agent=True, display_name="Agent Kim"), queue)


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client
