"""The categorizer's Dagster assets and checks, materialized on a copy of the population."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import dagster as dg
import pytest

from hisaab.settings import WarehouseLocation
from models_ml.categorizer import evaluate
from models_ml.store import read_frame
from orchestration.defs.ml import categorizer
from orchestration.resources import WarehouseResource
from tests.models_ml.conftest import Population


def _copy(population: Population, folder: Path) -> WarehouseResource:
    """The population's warehouse in ``folder`` (same file name: its views name the file),
    with ``folder`` as the home the model registry writes to."""
    folder.mkdir()
    shutil.copyfile(population.location.path or "", folder / "warehouse.duckdb")
    return WarehouseResource(url=f"duckdb://{folder / 'warehouse.duckdb'}", home=str(folder))


@pytest.mark.slow
def test_training_and_predicting_pass_their_checks(
    ml_population: Population, tmp_path: Path
) -> None:
    warehouse = _copy(ml_population, tmp_path / "home")
    result = dg.materialize(
        [categorizer.categorizer_model, categorizer.transaction_categories_assets],
        resources={"warehouse": warehouse},
    )
    assert result.success
    checks = {check.check_name: check.passed for check in result.get_asset_check_evaluations()}
    assert checks == {
        categorizer.MACRO_F1_FLOOR_CHECK: True,
        categorizer.BEATS_RULES_CHECK: True,
        categorizer.REPRODUCIBLE_CHECK: True,
        categorizer.ONE_ROW_PER_LEDGER_ROW_CHECK: True,
    }
    events = {
        event.asset_key: event.materialization
        for event in result.get_asset_materialization_events()
    }
    model = {
        key: value.value for key, value in events[categorizer.CATEGORIZER_MODEL].metadata.items()
    }
    # How the size was handled: the population's distinct rows are under the cap, all fitted.
    assert model["fitted_rows"] == model["distinct_rows"] < model["labelled_rows"]
    assert "distinct ones; each fit on at most about 150,000" in model["scale"]
    predicted = events[categorizer.TRANSACTION_CATEGORIES]
    metadata: dict[str, Any] = {key: value.value for key, value in predicted.metadata.items()}
    print(f"\npredictions: {metadata}")
    assert metadata["spend_share_categorized_after"] > metadata["spend_share_categorized_before"]
    _assert_published(warehouse.location, metadata)


def _assert_published(location: WarehouseLocation, metadata: dict[str, Any]) -> None:
    [registered] = read_frame(location, "select * from ml.model_registry").iter_rows(named=True)
    assert registered["version"] == metadata["model_version"]
    assert json.loads(registered["metrics"])["macro_f1"] >= 0.90
    assert Path(registered["artifact_path"]).exists()
    counts = read_frame(
        location,
        """select
            (select count(*) from ml.transaction_categories) as predicted,
            (select count(*) from ml.category_review_queue) as queued,
            (select count(*) from marts.fct_ledger where category_source = 'none') as unplaced,
            (select count(*) from ml.ledger_categorized where category_source = 'model')
                as filled""",
    ).row(0, named=True)
    assert counts["predicted"] == counts["unplaced"] == metadata["predicted_rows"]
    assert counts["queued"] == metadata["review_queue_rows"] > 0
    assert counts["filled"] == metadata["confident_rows"] == counts["predicted"] - counts["queued"]


@pytest.mark.slow
def test_a_model_under_its_floor_stops_the_run_and_is_never_used(
    ml_population: Population, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(evaluate, "MACRO_F1_FLOOR", 0.9999)
    warehouse = _copy(ml_population, tmp_path / "home")
    assets = [categorizer.categorizer_model, categorizer.transaction_categories_assets]
    failed = dg.materialize(assets, resources={"warehouse": warehouse}, raise_on_error=False)
    assert not failed.success
    checks = {check.check_name: check.passed for check in failed.get_asset_check_evaluations()}
    assert checks[categorizer.MACRO_F1_FLOOR_CHECK] is False
    materialized = {event.asset_key for event in failed.get_asset_materialization_events()}
    assert materialized == {categorizer.CATEGORIZER_MODEL}  # registered, for the record
    alone = dg.materialize(
        [categorizer.transaction_categories_assets],
        resources={"warehouse": warehouse},
        raise_on_error=False,
    )
    assert not alone.success  # the registry holds no model that met its targets
