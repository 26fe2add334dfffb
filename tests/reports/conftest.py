import pytest

# The office calendar (weekdays 09-18 Seoul), the default targets, a team with a queue
# and a category, and a clock the test sets: the same fixtures as the response-time tests.
from tests.sla.conftest import _fresh, at, clock, office, targets, team  # noqa: F401


@pytest.fixture
def supervisor_client(client, team):  # noqa: F811
    client.force_login(team.supervisor)
    return client
