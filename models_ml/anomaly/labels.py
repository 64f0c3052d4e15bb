"""Which transactions someone has judged: the analysts' feedback, or the sandbox's ground truth.

Production has no truth, only what analysts said about rows they reviewed
(``ml.anomaly_feedback``: one row per verdict, ``expected`` or ``suspicious``; the latest verdict
on a transaction counts). People (through the API) and analysts (through the dashboards) record
verdicts in the app database (`hisaab.feedback`); `sync_verdicts` mirrors them here before
training. Those rows are mostly ones the
detector or the rules put in front of them, so they judge precision better than recall. The
sandbox knows every generated event, so it judges both.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
from sqlalchemy import Engine, select

from hisaab.settings import WarehouseLocation
from ingestion.warehouse import open_warehouse
from models_ml.store import ML_SCHEMA, read_frame, replace_table

FEEDBACK_TABLE = "anomaly_feedback"
SUSPICIOUS, EXPECTED = "suspicious", "expected"
FEEDBACK_DDL = f"""
    create table if not exists {ML_SCHEMA}.{FEEDBACK_TABLE} (
        transaction_id varchar not null,
        verdict varchar not null,
        reviewed_by varchar,
        reviewed_at timestamp not null
    )
"""
_MIRRORED: dict[str, pl.DataType] = {
    "feedback_id": pl.String(),
    "transaction_id": pl.String(),
    "person_ref": pl.String(),
    "verdict": pl.String(),
    "source": pl.String(),
    "reviewed_by": pl.String(),
    "reviewed_at": pl.Datetime("us", "UTC"),
}
_MIRRORED_ORDER = [
    "transaction_id",
    "verdict",
    "reviewed_by",
    "reviewed_at",
    "person_ref",
    "source",
]
LABEL_SCHEMA = {"transaction_id": pl.String(), "is_anomaly": pl.Boolean()}


def ensure_feedback_table(location: WarehouseLocation) -> None:
    """Create the (empty) feedback table if nobody has yet, so the dashboards can write to it
    and this module can read it; an existing table and its verdicts are left alone."""
    with open_warehouse(location) as warehouse, warehouse.transaction():
        warehouse.execute(f"create schema if not exists {ML_SCHEMA}")
        warehouse.execute(FEEDBACK_DDL)


def sync_verdicts(location: WarehouseLocation, engine: Engine | None = None) -> int:
    """Mirror every verdict in the app database into ``ml.anomaly_feedback``; how many."""
    from hisaab.feedback import anomaly_feedback
    from payments.db import app_engine

    engine = engine or app_engine()
    with engine.connect() as conn:
        rows = [dict(row._mapping) for row in conn.execute(select(anomaly_feedback))]
    frame = pl.DataFrame(rows, schema=_MIRRORED, orient="row").with_columns(
        pl.col("reviewed_at").dt.replace_time_zone(None)  # the warehouse keeps naive UTC
    )
    replace_table(location, FEEDBACK_TABLE, frame.select(_MIRRORED_ORDER))
    return frame.height


def feedback_labels(location: WarehouseLocation) -> pl.DataFrame:
    """``transaction_id``, ``is_anomaly`` from each transaction's latest verdict."""
    ensure_feedback_table(location)
    verdicts = read_frame(
        location,
        f"select transaction_id, verdict, reviewed_at from {ML_SCHEMA}.{FEEDBACK_TABLE}"
        f" where verdict in ('{SUSPICIOUS}', '{EXPECTED}')",
    )
    latest = verdicts.sort("reviewed_at", "verdict").unique(
        subset="transaction_id", keep="last", maintain_order=True
    )
    labels = latest.select("transaction_id", (pl.col("verdict") == SUSPICIOUS).alias("is_anomaly"))
    return labels.cast(LABEL_SCHEMA)  # type: ignore[arg-type]


def truth_labels(landing: Path, location: WarehouseLocation) -> pl.DataFrame:
    """``transaction_id``, ``is_anomaly`` for every ledger row, from the generator's truth."""
    from sandbox.labels import ledger_truth  # the sandbox is a development dependency

    return ledger_truth(landing, location).select("transaction_id", "is_anomaly")
