"""What every request resolves runs on the event loop unless it may block.

FastAPI runs a plain ``def`` dependency (or background task) in the thread pool: a thread hop
each, which cost more CPU than the one attribute read these do. Only what may block (the
session check reads the database, the endpoint itself) should take a thread.
"""

from __future__ import annotations

import inspect

import pytest

from api import deps
from api.payments.creation import submit_quietly

ON_THE_LOOP = [
    deps.settings,
    deps.app_db,
    deps.published_marts,
    deps.token_authority,
    deps.cipher,
    deps.auth_service,
    deps.payments,
    deps.current_person,
    submit_quietly,
]


@pytest.mark.parametrize("dependency", ON_THE_LOOP, ids=lambda function: function.__name__)
def test_dependencies_that_only_hand_out_state_take_no_thread(dependency: object) -> None:
    assert inspect.iscoroutinefunction(dependency)


def test_the_session_check_reads_the_database_in_a_thread() -> None:
    assert not inspect.iscoroutinefunction(deps.current_claims)
