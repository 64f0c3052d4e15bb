"""Schemathesis against ``/openapi.json``: generated requests, bounded, over every operation.

Every answer must be a non-5xx that matches the schema the API publishes. The app serves a
published copy of the shared population; requests carry a real access token for one person, so
the generated inputs reach the handlers rather than stopping at authentication.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from tests.api.payments_harness import fake_payments
from tests.api.utils import login
from tests.payments.core.payment_fakes import FakeGateway

EXAMPLES_PER_OPERATION = 12


@pytest.fixture
def api_schema(population_app: FastAPI) -> Any:
    fake_payments(population_app, FakeGateway())
    with TestClient(population_app) as client:
        population_app.state.test_headers = login(client, "+919000000005")["headers"]
    return schemathesis.openapi.from_asgi("/openapi.json", population_app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_server_errors_and_responses_match_the_schema(case: Any) -> None:
    headers = dict(case.operation.schema.app.state.test_headers)
    if case.path.startswith("/api/v1/auth/logout"):
        headers = {}  # generated logouts must not end the login the other cases use
    case.call_and_validate(
        headers={**(case.headers or {}), **headers},
        checks=[not_a_server_error, response_schema_conformance],
    )
