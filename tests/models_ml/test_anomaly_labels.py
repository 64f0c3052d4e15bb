"""Analyst feedback as labels: the table appears empty when missing, the latest verdict counts."""

from __future__ import annotations

from pathlib import Path

import duckdb

from hisaab.settings import WarehouseLocation
from models_ml.anomaly.labels import ensure_feedback_table, feedback_labels


def test_feedback_table_is_created_empty_and_then_left_alone(tmp_path: Path) -> None:
    location = WarehouseLocation("duckdb", path=tmp_path / "warehouse.duckdb")
    assert feedback_labels(location).height == 0
    with duckdb.connect(str(location.path)) as connection:
        connection.execute(
            "insert into ml.anomaly_feedback values"
            " ('t1', 'suspicious', 'asha', '2026-04-01 10:00:00'),"
            " ('t1', 'expected', 'ravi', '2026-04-02 09:00:00'),"
            " ('t2', 'suspicious', 'asha', '2026-04-01 11:00:00'),"
            " ('t3', 'not sure', 'asha', '2026-04-01 12:00:00')"
        )
    ensure_feedback_table(location)  # an existing table keeps its verdicts
    labels = feedback_labels(location).sort("transaction_id")
    assert labels.rows() == [("t1", False), ("t2", True)]
