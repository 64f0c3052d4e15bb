"""The rule-based alerts of ``marts.fct_anomalies``, as inputs of the model and as its baseline.

The rules encode what people already agreed is worth an alert (a double charge, a large first
payment, a fee spike); the model takes each rule's flag as a feature rather than competing with
it, and keeps the rules' wording next to its own reason. Scored alone, the rules are the
baseline the model has to beat.
"""

from __future__ import annotations

import polars as pl

from hisaab.settings import WarehouseLocation
from models_ml.store import read_frame

RULES = (
    "duplicate_charge",
    "failed_debit_without_reversal",
    "large_new_payee",
    "amount_outlier_for_merchant",
    "fee_or_penalty",
    "subscription_price_rise",
)
RULE_FEATURES = [f"rule_{rule}" for rule in RULES] + ["rule_score"]
# How strongly a rule's own severity vouches for its alert, on the model's 0..1 scale.
SEVERITY_SCORE = {"low": 0.4, "medium": 0.7, "high": 0.9}
RULES_SQL = "select transaction_id, rule, severity, reason from marts.fct_anomalies"


def load_rule_hits(location: WarehouseLocation) -> pl.DataFrame:
    """One row per flagged transaction and rule."""
    return read_frame(location, RULES_SQL)


def rule_features(hits: pl.DataFrame) -> pl.DataFrame:
    """Per flagged transaction: a 0/1 column per rule, the highest severity as ``rule_score``
    and the rules' reasons joined (``rule_reasons``)."""
    flags = [
        (pl.col("rule") == rule).any().cast(pl.Float64).alias(f"rule_{rule}") for rule in RULES
    ]
    severity = pl.col("severity").replace_strict(
        SEVERITY_SCORE, default=0.5, return_dtype=pl.Float64
    )
    return hits.group_by("transaction_id").agg(
        *flags,
        severity.max().alias("rule_score"),
        pl.col("reason").sort().str.join("; ").alias("rule_reasons"),
    )


def with_rules(features: pl.DataFrame, hits: pl.DataFrame) -> pl.DataFrame:
    """``features`` with ``RULE_FEATURES`` (0 where no rule fired) and ``rule_reasons``."""
    joined = features.join(rule_features(hits), on="transaction_id", how="left")
    return joined.with_columns(pl.col(RULE_FEATURES).fill_null(0.0))
