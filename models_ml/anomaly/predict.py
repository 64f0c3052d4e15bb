"""Score every ledger transaction and publish the scores and the review queue to ``ml``.

``ml.transaction_anomalies`` has one row per ledger transaction so the API can show any row's
score; only flagged rows carry a worded ``reason``. ``ml.anomaly_review_queue`` is the flagged
rows, most suspicious first, for analysts (whose verdicts come back as labels). Both carry the
model version that wrote them.
"""

from __future__ import annotations

import json
from datetime import datetime

import numpy as np
import polars as pl

from hisaab.settings import WarehouseLocation
from models_ml.anomaly.evaluate import meets_targets
from models_ml.anomaly.model import AnomalyModel
from models_ml.anomaly.reasons import reason
from models_ml.registry import ModelRecord
from models_ml.store import replace_table

SCORES_TABLE = "transaction_anomalies"
QUEUE_TABLE = "anomaly_review_queue"
SCORE_COLUMNS = [
    "transaction_id", "person_ref", "business_date", "amount_paise", "payee_name", "score",
    "is_flagged", "reason", "rule_reasons", "model_version", "scored_at",
]  # fmt: skip


def usable_record(records: list[ModelRecord], name: str) -> ModelRecord | None:
    """The newest ``name`` model that met its targets, or that nobody could judge (no labels):
    a model that failed its checks is registered, for the record, but never scores."""
    usable = [
        record
        for record in records
        if record.name == name
        and (
            "pr_auc" not in json.loads(record.metrics)
            or meets_targets(json.loads(record.metrics), json.loads(record.baseline_metrics))
        )
    ]
    return max(usable, key=lambda record: record.trained_at) if usable else None


def score_transactions(
    model: AnomalyModel, frame: pl.DataFrame, model_version: str, scored_at: datetime
) -> pl.DataFrame:
    """``SCORE_COLUMNS`` for every row of a features frame (with the rule columns)."""
    assessment = model.assess(frame)
    reasons = _reasons(model, frame, assessment.flagged)
    return frame.with_columns(
        pl.Series("score", np.clip(assessment.scores, 0.0, 1.0), dtype=pl.Float64),
        pl.Series("is_flagged", assessment.flagged, dtype=pl.Boolean),
        pl.Series("reason", reasons, dtype=pl.String),
        pl.lit(model_version).alias("model_version"),
        pl.lit(scored_at.replace(tzinfo=None), dtype=pl.Datetime("us")).alias("scored_at"),
    ).select(SCORE_COLUMNS)


def review_queue(scored: pl.DataFrame) -> pl.DataFrame:
    """The flagged rows, most suspicious first, numbered from 1 (ties: oldest first)."""
    flagged = scored.filter(pl.col("is_flagged")).sort(
        ["score", "business_date", "transaction_id"], descending=[True, False, False]
    )
    return flagged.with_row_index("queue_position", offset=1).with_columns(
        pl.col("queue_position").cast(pl.Int64)
    )


def publish(location: WarehouseLocation, scored: pl.DataFrame) -> pl.DataFrame:
    """Replace both tables; returns the review queue."""
    queue = review_queue(scored)
    replace_table(location, SCORES_TABLE, scored)
    replace_table(location, QUEUE_TABLE, queue)
    return queue


def _reasons(model: AnomalyModel, frame: pl.DataFrame, flagged: np.ndarray) -> list[str | None]:
    texts: list[str | None] = [None] * frame.height
    rows = np.flatnonzero(flagged)
    if rows.size == 0:
        return texts
    flagged_rows = frame[rows]
    shares = model.contributions(flagged_rows)
    for position, row in enumerate(flagged_rows.iter_rows(named=True)):
        row_shares = None
        if shares is not None:
            row_shares = {name: float(values[position]) for name, values in shares.items()}
        texts[int(rows[position])] = reason(row, row_shares)
    return texts
