"""Property-based run of the whole API against its own OpenAPI schema (schemathesis).

The schema is loaded from the app itself over WSGI, every operation gets generated requests
(positive and negative) with an agent's token, and each response must be no 5xx and
conform to the schema: documented status code, content type, headers and body.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from helpdesk.wsgi import application
from tests.factories import TicketFactory

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


# Loaded from the app at collection: the schema view needs no database.
schema = schemathesis.openapi.from_wsgi(
    "/api/schema/",
    application,
    config=schemathesis.Config.from_dict(
        {"phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}}}
    ),
)


@pytest.fixture(autouse=True)
def _keep_the_test_transaction():
    """Calls go straight to the WSGI app, not through Django's test client: like the client,
    stop request signals from closing the connection that holds the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _data_and_no_throttling(people, reference_data, settings):
    # Generous limits: this run is about conformance; throttling has its own tests.
    config = dict(settings.REST_FRAMEWORK)
    config["DEFAULT_THROTTLE_RATES"] = dict.fromkeys(
        config["DEFAULT_THROTTLE_RATES"], "100000/minute"
    )
    settings.REST_FRAMEWORK = config
    # The schema's examples (HD-000001, the article delivery-delay) name real rows.
    TicketFactory(
        reference="HD-000001",
        requester=people["buyer"],
        category=reference_data.categories["delivery"],
        details={"order_number": "2026111412345678", "store_id": "haru-living"},
    )
    assert "delivery-delay" in reference_data.articles


@pytest.fixture
def agent_token(people):
    return Token.objects.get_or_create(user=people["agent"])[0].key


@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_conforms_to_the_schema(case, agent_token):
    case.call_and_validate(headers={"Authorization": f"Token {agent_token}"}, checks=CHECKS)
