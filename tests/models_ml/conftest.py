"""One built synthetic population for every ML test on a machine, built once and shared.

Generating, ingesting and building the ledger takes a minute or two; pytest-xdist workers
share one build through a lock file in the run's common temporary folder.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.population import Population, built_population

__all__ = ["Population"]


@pytest.fixture(scope="session")
def ml_population(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Population]:
    """The shared built population (`tests.support.population`); read it only, copy the
    warehouse file first to write ``ml`` tables."""
    population = built_population(tmp_path_factory)
    yield population
