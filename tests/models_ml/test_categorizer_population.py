"""The categorizer on the shared synthetic population: the issue's targets, and the truth.

The population's warehouse is copied first: opening a DuckDB file takes its lock, and other
workers read the same file.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

from hisaab.settings import WarehouseLocation
from models_ml.categorizer.evaluate import MACRO_F1_FLOOR, beats_rules_only
from models_ml.categorizer.features import UNPLACED_SOURCE, load_ledger
from models_ml.categorizer.train import DEFAULT_SEED, TrainingRun, train
from sandbox.labels import LABEL_GROUPS, ledger_truth
from tests.models_ml.conftest import Population

MIN_TRUTH_AGREEMENT = 0.95  # confident guesses on rows the rules left, against the generator


@pytest.fixture(scope="module")
def warehouse_copy(ml_population: Population, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("categorizer") / "warehouse.duckdb"  # views name the file
    shutil.copyfile(ml_population.location.path or "", path)
    return path


@pytest.fixture(scope="module")
def trained(warehouse_copy: Path) -> TrainingRun:
    return train(load_ledger(WarehouseLocation("duckdb", path=warehouse_copy)), DEFAULT_SEED)


@pytest.mark.slow
def test_held_out_people_meet_the_targets(trained: TrainingRun) -> None:
    metrics, baseline = trained.evaluation.metrics, trained.evaluation.baseline_metrics
    print(f"\ncategorizer on held-out people: {metrics}\nbaselines: {baseline}")
    assert metrics["macro_f1"] >= MACRO_F1_FLOOR
    assert metrics["macro_f1"] > baseline["macro_f1"]  # payee lookup
    assert metrics["spend_share_categorized"] > baseline["spend_share_categorized"]  # rules
    assert beats_rules_only(metrics, baseline)
    assert metrics["precision_at_threshold"] >= 0.95


@pytest.mark.slow
def test_retraining_on_the_same_data_and_seed_gives_the_same_metrics(
    trained: TrainingRun, warehouse_copy: Path
) -> None:
    again = train(load_ledger(WarehouseLocation("duckdb", path=warehouse_copy)), DEFAULT_SEED)
    assert again.evaluation.metrics == trained.evaluation.metrics
    assert again.evaluation.baseline_metrics == trained.evaluation.baseline_metrics
    assert again.data_hash == trained.data_hash


@pytest.mark.slow
def test_confident_guesses_on_rows_the_rules_left_agree_with_the_truth(
    trained: TrainingRun, warehouse_copy: Path, ml_population: Population
) -> None:
    """Judged by the model fitted without the test people, on their uncategorized rows."""
    location = WarehouseLocation("duckdb", path=warehouse_copy)
    truth = ledger_truth(ml_population.landing, location).select("transaction_id", "label")
    rows = trained.evaluation.test_rows.filter(pl.col("category_source") == UNPLACED_SOURCE)
    judged = rows.join(truth, on="transaction_id").with_columns(
        pl.col("label")
        .replace_strict(LABEL_GROUPS, return_dtype=pl.List(pl.String))
        .list.contains(pl.col("predicted_category").str.split(":").list.first())
        .alias("agrees")
    )
    assert judged.height == rows.height > 0
    confident = judged.filter("is_confident")
    agreement = confident.select(pl.col("agrees").mean()).item()
    unsure = judged.filter(~pl.col("is_confident")).select(pl.col("agrees").mean()).item()
    print(
        f"\nheld-out rows the rules left: {rows.height}, {confident.height} confident, "
        f"{agreement:.1%} of those agree with the truth (unsure ones: {unsure:.1%})"
    )
    assert agreement >= MIN_TRUTH_AGREEMENT
