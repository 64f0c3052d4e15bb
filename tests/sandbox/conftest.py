"""A small generated population shared by the generator tests (generated once per session)."""

from __future__ import annotations

import pytest

from sandbox.generate import generate_population
from tests.sandbox.landing import MONTHS, SEED, USERS, Landing


@pytest.fixture(scope="session")
def landing(tmp_path_factory: pytest.TempPathFactory) -> Landing:
    root = tmp_path_factory.mktemp("landing")
    summary = generate_population(root, users=USERS, months=MONTHS, seed=SEED)
    return Landing(root, summary)
