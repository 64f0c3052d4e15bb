"""The detector on the shared synthetic population: its targets, judged on people it never saw.

The population's injected anomalies (double charges, large payments to new payees, fee spikes)
are the labels; the rules of marts.fct_anomalies alone are the baseline. That a second training
repeats the metrics on this population is the asset's own check, asserted in
test_anomaly_dagster.py; test_anomaly_model.py asserts it on a small frame.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from hisaab.settings import WarehouseLocation
from models_ml.anomaly.evaluate import PR_AUC_FLOOR
from models_ml.anomaly.features import load_frame
from models_ml.anomaly.labels import truth_labels
from models_ml.anomaly.train import train


@pytest.mark.slow
def test_detector_beats_the_rules_on_the_population(ml_population: Any, tmp_path: Path) -> None:
    assert ml_population.location.path is not None
    copied = tmp_path / "warehouse.duckdb"  # opening the file writes: never the shared one
    shutil.copyfile(ml_population.location.path, copied)
    location = WarehouseLocation("duckdb", path=copied)
    labels = truth_labels(ml_population.landing, location)
    result = train(load_frame(location), labels)
    metrics, baseline = result.metrics, result.baseline_metrics
    print(f"\nanomaly detector {metrics}\nrules only {baseline}")
    assert result.model.supervised and result.note == "out of fold by person"
    assert metrics["positives"] >= 150
    assert metrics["pr_auc"] >= PR_AUC_FLOOR
    assert metrics["pr_auc"] > baseline["pr_auc"]
    assert metrics["precision"] > baseline["precision"]
