"""The model's category for each ledger row the rules left uncategorized, or a place in review.

Only rows with ``category_source = 'none'`` are predicted: a rule or a person already decided
the others, and a model does not overrule either. A guess below the model's threshold is not
used; the row waits in the review queue with the three likeliest categories, biggest amounts
first, for a person to pick (their pick is a correction: the next training learns from it).
"""

from __future__ import annotations

import json
from datetime import datetime

import polars as pl

from models_ml.categorizer.evaluate import meets_targets
from models_ml.categorizer.features import UNPLACED_SOURCE, with_features
from models_ml.categorizer.model import CANDIDATES, Categorizer
from models_ml.registry import ModelRecord

CATEGORY_COLUMNS = [
    "transaction_id", "person_ref", "predicted_category", "predicted_group", "confidence",
    "is_confident", "model_version", "predicted_at",
]  # fmt: skip
CANDIDATE_COLUMNS = [
    name
    for rank in range(1, CANDIDATES + 1)
    for name in (f"candidate_{rank}", f"candidate_{rank}_confidence")
]
QUEUE_COLUMNS = [
    "transaction_id", "person_ref", "business_date", "amount_paise", "direction",
    "counterparty", *CANDIDATE_COLUMNS, "model_version", "predicted_at",
]  # fmt: skip


def usable_record(records: list[ModelRecord], name: str) -> ModelRecord | None:
    """The newest ``name`` model that met its targets: one that failed its checks stays in the
    registry, for the record, but never places a transaction."""
    usable = [
        record
        for record in records
        if record.name == name
        and meets_targets(json.loads(record.metrics), json.loads(record.baseline_metrics))
    ]
    return max(usable, key=lambda record: record.trained_at) if usable else None


def predict_unplaced(
    categorizer: Categorizer, ledger: pl.DataFrame, model_version: str, predicted_at: datetime
) -> pl.DataFrame:
    """The ledger rows the rules left uncategorized with the model's guess and candidates."""
    rows = with_features(ledger.filter(pl.col("category_source") == UNPLACED_SOURCE))
    guesses = categorizer.predict(rows)
    return rows.hstack(guesses).with_columns(
        pl.col("predicted_category").str.split(":").list.first().alias("predicted_group"),
        pl.lit(model_version).alias("model_version"),
        pl.lit(predicted_at.replace(tzinfo=None)).alias("predicted_at"),  # UTC, stored naive
    )


def transaction_categories(predictions: pl.DataFrame) -> pl.DataFrame:
    """``ml.transaction_categories``: every prediction, confident or not."""
    return predictions.select(CATEGORY_COLUMNS).sort("transaction_id")


def review_queue(predictions: pl.DataFrame) -> pl.DataFrame:
    """``ml.category_review_queue``: the guesses too unsure to use, biggest amounts first."""
    unsure = predictions.filter(~pl.col("is_confident"))
    return unsure.select(QUEUE_COLUMNS).sort(
        ["amount_paise", "transaction_id"], descending=[True, False]
    )
