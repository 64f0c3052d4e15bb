"""The anomaly assets in Dagster: definitions load; materialized on a copy of the population,
the checks pass with the sandbox's truth, warn without labels and block on a bad model."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
import polars as pl
import pytest

from hisaab.settings import WarehouseLocation
from models_ml.store import read_frame
from orchestration.defs.ml import anomaly
from orchestration.resources import WarehouseResource

MODEL_CHECKS = {
    anomaly.PR_AUC_FLOOR_CHECK, anomaly.BEATS_RULES_CHECK, anomaly.REPRODUCIBLE_CHECK,
}  # fmt: skip


class EveryHundredthLabels(anomaly.AnomalyLabels):
    """Labels with no pattern to learn: the model lands under its floor."""

    def labels(self, location: WarehouseLocation) -> pl.DataFrame:
        ledger = read_frame(
            location, "select transaction_id from marts.fct_ledger order by transaction_id"
        )
        return ledger.with_row_index().select(
            "transaction_id", is_anomaly=pl.col("index") % 100 == 0
        )


def _materialize(
    population: Any, home: Path, labels: anomaly.AnomalyLabels
) -> dg.ExecuteInProcessResult:
    copied = home / "warehouse.duckdb"
    shutil.copyfile(population.location.path, copied)
    return dg.materialize(
        [anomaly.anomaly_model, anomaly.transaction_anomalies],
        resources={
            "warehouse": WarehouseResource(url=f"duckdb://{copied}", home=str(home)),
            "anomaly_labels": labels,
        },
        raise_on_error=False,
    )


def _checks(result: dg.ExecuteInProcessResult) -> dict[str, dg.AssetCheckEvaluation]:
    return {check.check_name: check for check in result.get_asset_check_evaluations()}


def _table(home: Path, sql: str) -> pl.DataFrame:
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as connection:
        return pl.from_arrow(connection.execute(sql).arrow())  # type: ignore[return-value]


def test_definitions_load() -> None:
    # As orchestration/definitions.py merges it: the shared resources come from there.
    shared = dg.Definitions(resources={"warehouse": WarehouseResource()})
    graph = dg.Definitions.merge(anomaly.defs, shared).resolve_asset_graph()
    keys = {anomaly.ANOMALY_MODEL, anomaly.TRANSACTION_ANOMALIES, anomaly.ANOMALY_REVIEW_QUEUE}
    assert keys <= set(graph.get_all_asset_keys())
    for key in keys:
        node = graph.get(key)
        assert node.group_name == "ml" and node.tags.get("job") == "ml"


@pytest.mark.slow
def test_model_and_scores_materialize_with_the_sandbox_truth(
    ml_population: Any, tmp_path: Path
) -> None:
    result = _materialize(
        ml_population, tmp_path, anomaly.SandboxTruthLabels(landing=str(ml_population.landing))
    )
    assert result.success
    checks = _checks(result)
    assert set(checks) == MODEL_CHECKS | {anomaly.SCORES_COVER_LEDGER_CHECK}
    assert all(check.passed for check in checks.values())  # reproducible on the population too
    metadata = result.asset_materializations_for_node("ml__anomaly_model")[0].metadata
    assert metadata["pr_auc"].value > metadata["baseline_pr_auc"].value
    # The population fits under the sample cap: every row fitted, the metadata says how.
    assert metadata["forest_rows"].value == metadata["training_rows"].value
    assert metadata["sampling_rate"].value == 1.0
    assert "seeded sample of at most 200,000 rows" in metadata["scale"].value
    scores = _table(tmp_path, "select * from ml.transaction_anomalies")
    queue = _table(tmp_path, "select * from ml.anomaly_review_queue")
    registry = _table(tmp_path, "select version from ml.model_registry")
    assert scores["model_version"].unique().to_list() == registry["version"].to_list()
    assert queue.height == scores["is_flagged"].sum() > 0
    assert queue["reason"].str.contains("₹").all()
    assert _table(tmp_path, "select count(*) as n from ml.anomaly_feedback")["n"].item() == 0


@pytest.mark.slow
def test_without_labels_the_quality_checks_warn_and_scoring_goes_on(
    ml_population: Any, tmp_path: Path
) -> None:
    result = _materialize(ml_population, tmp_path, anomaly.AnalystFeedbackLabels())
    assert result.success
    checks = _checks(result)
    for name in (anomaly.PR_AUC_FLOOR_CHECK, anomaly.BEATS_RULES_CHECK):
        assert not checks[name].passed
        assert checks[name].severity == dg.AssetCheckSeverity.WARN
        assert "not enough labels" in checks[name].metadata["skipped"].value
    assert checks[anomaly.REPRODUCIBLE_CHECK].passed
    flagged = _table(tmp_path, "select count(*) as n from ml.anomaly_review_queue")["n"].item()
    assert flagged > 0


@pytest.mark.slow
def test_a_model_under_its_floor_fails_the_run_and_scores_nothing(
    ml_population: Any, tmp_path: Path
) -> None:
    result = _materialize(ml_population, tmp_path, EveryHundredthLabels())
    assert not result.success
    checks = _checks(result)
    assert not checks[anomaly.PR_AUC_FLOOR_CHECK].passed
    assert checks[anomaly.PR_AUC_FLOOR_CHECK].severity == dg.AssetCheckSeverity.ERROR
    materialized = {event.asset_key for event in result.get_asset_materialization_events()}
    assert materialized == {anomaly.ANOMALY_MODEL}
