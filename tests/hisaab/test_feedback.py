"""Verdicts live in the app database and reach the model's labels through the warehouse mirror."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from hisaab.feedback import FeedbackError, latest_verdicts, record_verdict
from hisaab.settings import WarehouseLocation
from models_ml.anomaly.labels import feedback_labels, sync_verdicts
from payments.db import app_engine

T0 = datetime(2025, 11, 1, 10, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Engine:
    if request.param == "sqlite":
        return app_engine(f"sqlite:///{tmp_path / 'app.db'}")
    return app_engine(request.getfixturevalue("postgres_url"))


def _verdict(engine: Engine, txn: str, verdict: str, minutes: int, source: str = "analyst") -> None:
    record_verdict(
        engine,
        transaction_id=txn,
        person_ref="P000001" if txn != "c" else "P000002",
        verdict=verdict,
        reviewed_by="asha",
        source=source,
        reviewed_at=T0 + timedelta(minutes=minutes),
    )


def test_the_latest_verdict_counts_per_transaction(engine: Engine) -> None:
    _verdict(engine, "a", "suspicious", 0)
    _verdict(engine, "a", "expected", 5, source="person")
    _verdict(engine, "b", "suspicious", 1)
    _verdict(engine, "c", "expected", 2)
    latest = latest_verdicts(engine)
    assert dict(zip(latest["transaction_id"], latest["verdict"], strict=True)) == {
        "a": "expected",
        "b": "suspicious",
        "c": "expected",
    }
    assert latest_verdicts(engine, "P000002")["transaction_id"].to_list() == ["c"]


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [("verdict", "fraud", "verdict must be"), ("source", "bot", "source must be")],
)
def test_unknown_verdicts_and_sources_are_refused(
    tmp_path: Path, field: str, value: str, reason: str
) -> None:
    engine = app_engine(f"sqlite:///{tmp_path / 'app.db'}")
    args = {"verdict": "expected", "source": "analyst", field: value}
    with pytest.raises(FeedbackError, match=reason):
        record_verdict(engine, transaction_id="a", person_ref="P1", reviewed_by="x", **args)


def test_verdicts_reach_the_model_labels_through_the_warehouse(tmp_path: Path) -> None:
    engine = app_engine(f"sqlite:///{tmp_path / 'app.db'}")
    location = WarehouseLocation("duckdb", path=tmp_path / "warehouse.duckdb")
    _verdict(engine, "a", "suspicious", 0)
    _verdict(engine, "a", "expected", 5)
    _verdict(engine, "b", "suspicious", 1)
    assert sync_verdicts(location, engine) == 3
    labels = feedback_labels(location).sort("transaction_id")
    assert labels.rows() == [("a", False), ("b", True)]
    assert sync_verdicts(location, engine) == 3  # a mirror, not an append
