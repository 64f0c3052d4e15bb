"""The detector on small synthetic feature frames: training, evaluation, scores, reasons, queue."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import numpy as np
import polars as pl
import pytest

from models_ml.anomaly.evaluate import rules_only_metrics, same_metrics
from models_ml.anomaly.features import DISPLAY_COLUMNS, FEATURES
from models_ml.anomaly.predict import SCORE_COLUMNS, review_queue, score_transactions, usable_record
from models_ml.anomaly.reasons import reason
from models_ml.anomaly.rules import rule_features, with_rules
from models_ml.anomaly.train import label_vector, train
from models_ml.registry import ModelRecord

PEOPLE, ROWS_EACH = 12, 100


def synthetic(seed: int = 0) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A features frame where 4% of rows are large first payments; a rule catches most of
    them and a few ordinary rows. Returns (frame, labels)."""
    rng = np.random.default_rng(seed)
    size = PEOPLE * ROWS_EACH
    odd = rng.random(size) < 0.04
    columns = {name: rng.normal(0.0, 1.0, size) for name in FEATURES}
    columns["is_new_payee"] = np.where(odd, 1.0, (rng.random(size) < 0.05).astype(float))
    columns["person_amount_z"] += np.where(odd, 6.0, 0.0)
    for flag, value in (("has_time", 1.0), ("is_debit", 1.0), ("is_p2p", 1.0), ("is_fee", 0.0)):
        columns[flag] = np.full(size, value)
    ids = [f"t{index:05d}" for index in range(size)]
    frame = pl.DataFrame(columns).with_columns(
        pl.Series("transaction_id", ids),
        pl.Series("person_ref", [f"P{index % PEOPLE:02d}" for index in range(size)]),
        pl.lit(date(2025, 4, 1)).alias("business_date"),
        pl.Series("amount_paise", np.where(odd, 12_345_600, 20_000)),
        pl.lit("debit").alias("direction"), pl.lit("RAHUL K").alias("payee_name"),
        pl.lit("p2p").alias("category"), pl.lit(1_440.0).alias("minutes_since_same"),
        pl.lit(None, pl.Int64).alias("payee_usual_paise"),
        pl.lit(300_000, pl.Int64).alias("person_usual_paise"),
        pl.lit(None, pl.Int64).alias("everyone_usual_paise"),
    )  # fmt: skip
    fired = (odd & (rng.random(size) < 0.7)) | (rng.random(size) < 0.02)
    hits = pl.DataFrame({"transaction_id": ids, "fired": fired}).filter("fired").select(
        "transaction_id", rule=pl.lit("large_new_payee"), severity=pl.lit("medium"),
        reason=pl.lit("paid to a new payee"),
    )  # fmt: skip
    labels = pl.DataFrame({"transaction_id": ids, "is_anomaly": odd})
    return with_rules(frame.select(*DISPLAY_COLUMNS, *FEATURES), hits), labels


def test_rule_hits_become_one_row_per_transaction() -> None:
    hits = pl.DataFrame({
        "transaction_id": ["a", "a", "b"],
        "rule": ["duplicate_charge", "fee_or_penalty", "large_new_payee"],
        "severity": ["low", "high", "medium"],
        "reason": ["z twice", "a fee", "new payee"],
    })  # fmt: skip
    flags = {row["transaction_id"]: row for row in rule_features(hits).iter_rows(named=True)}
    assert flags["a"]["rule_duplicate_charge"] == flags["a"]["rule_fee_or_penalty"] == 1.0
    assert flags["a"]["rule_large_new_payee"] == 0.0
    assert flags["a"]["rule_score"] == 0.9 and flags["b"]["rule_score"] == 0.7
    assert flags["a"]["rule_reasons"] == "a fee; z twice"


def test_rules_only_pr_auc_is_its_one_precision_recall_point() -> None:
    labels = np.array([1, 1, 0, 0, 0, 0, 0, 0, 0, 1])
    rules = np.array([0.7, 0.4, 0.9, 0, 0, 0, 0, 0, 0, 0])
    metrics = rules_only_metrics(labels, rules)
    assert metrics["precision"] == pytest.approx(2 / 3) and metrics["recall"] == pytest.approx(
        2 / 3
    )
    # the flagged point, then everything: 2/3 * 2/3 + (1/3) * 3/10
    assert metrics["pr_auc"] == pytest.approx(4 / 9 + 1 / 10)


def test_training_beats_the_rules_and_repeats_exactly() -> None:
    frame, labels = synthetic()
    first, second = train(frame, labels, seed=7), train(frame, labels, seed=7)
    assert first.model.supervised and first.evaluated
    assert first.metrics["pr_auc"] > first.baseline_metrics["pr_auc"]
    assert first.data_hash == second.data_hash
    assert first.metrics == second.metrics  # exactly, not approximately
    assert same_metrics(first.metrics, second.metrics)
    assert first.metrics != train(frame, labels, seed=8).metrics


def test_without_labels_the_model_is_unsupervised_and_says_it_is_unjudged() -> None:
    frame, labels = synthetic()
    result = train(frame, labels.head(0))
    assert not result.model.supervised and not result.evaluated
    assert "not enough labels" in result.note and "pr_auc" not in result.metrics
    scores = result.model.score(frame)
    flagged = result.model.flags(frame, scores)
    assert (scores >= frame["rule_score"].to_numpy()).all()
    assert flagged[frame["rule_score"].to_numpy() > 0].all()


def test_a_few_labels_judge_the_unsupervised_model_without_training_on_them() -> None:
    frame, labels = synthetic()
    few = pl.concat([labels.filter("is_anomaly").head(12), labels.filter(~pl.col("is_anomaly"))])
    result = train(frame, few)
    assert not result.model.supervised and result.evaluated
    assert result.metrics["positives"] == 12
    assert list(label_vector(frame.head(3), few.head(0))) == [-1, -1, -1]


def test_scores_reasons_and_the_review_queue() -> None:
    frame, labels = synthetic()
    model = train(frame, labels).model
    scored = score_transactions(model, frame, "anomaly-v1", datetime(2026, 4, 1, tzinfo=UTC))
    assert scored.columns == SCORE_COLUMNS and scored.height == frame.height
    assert scored["score"].is_between(0.0, 1.0).all()
    flagged = scored.filter("is_flagged")
    assert (
        flagged["reason"].null_count() == 0
        and scored.filter(~pl.col("is_flagged"))["reason"].null_count()
        == scored.height - flagged.height
    )
    assert flagged["reason"].str.starts_with("₹1,23,456.00 to RAHUL K").all()
    queue = review_queue(scored)
    assert queue["queue_position"].to_list() == list(range(1, flagged.height + 1))
    assert queue["score"].is_sorted(descending=True)


def test_a_reason_names_the_strongest_signals_first() -> None:
    row = {
        "amount_paise": 499_900, "payee_name": "RAHUL K", "is_fee": 0.0, "is_debit": 1.0,
        "is_new_payee": 1.0, "payee_usual_paise": None, "person_usual_paise": 41_000,
        "everyone_usual_paise": None, "minutes_since_same": 1_440.0, "has_time": 1.0,
        "share_of_balance": 0.9, "debits_last_hour": 0.0, "hour_share": 0.2,
    }  # fmt: skip
    assert (
        reason(row) == "₹4,999.00 to RAHUL K, a payee you have never paid, 12x your usual payment"
    )
    ranked = reason(row, {"share_of_balance": 3.0, "is_new_payee": 1.0})
    assert (
        ranked == "₹4,999.00 to RAHUL K, 90% of the balance before it, a payee you have never paid"
    )
    duplicate = {**row, "is_new_payee": 0.0, "person_usual_paise": 499_900, "share_of_balance": 0.0,
                 "minutes_since_same": 3.2}  # fmt: skip
    assert (
        reason(duplicate)
        == "₹4,999.00 to RAHUL K, the same amount to the same payee 3 minutes earlier"
    )


def test_a_reason_compares_the_amount_once() -> None:
    fee = {
        "amount_paise": 76_500, "payee_name": "SMS CHARGES", "is_fee": 1.0, "is_debit": 1.0,
        "is_new_payee": 0.0, "payee_usual_paise": 1_500, "person_usual_paise": 30_000,
        "everyone_usual_paise": 1_500, "minutes_since_same": 1_440.0, "has_time": 0.0,
        "share_of_balance": 0.0, "debits_last_hour": 0.0, "hour_share": 0.125,
    }  # fmt: skip
    ranked = reason(fee, {"everyone_payee_amount_z": 2.0, "payee_amount_z": 1.0})
    assert ranked == "₹765.00 charged by the bank (SMS CHARGES), 51x what it usually is (₹15.00)"


def _record(version: str, hour: int, metrics: dict[str, float]) -> ModelRecord:
    return ModelRecord(
        "anomaly_detector", version, datetime(2026, 4, 1, hour), date(2025, 4, 1),
        date(2026, 3, 31), "[]", json.dumps(metrics), json.dumps({"pr_auc": 0.5}), "h", 7, "p",
    )  # fmt: skip


def test_only_a_model_that_met_its_targets_scores() -> None:
    good = _record("good", 1, {"pr_auc": 0.9})
    under_floor = _record("weak", 2, {"pr_auc": 0.7})
    unjudged = _record("unjudged", 0, {"mean_score": 0.1})
    assert usable_record([good, under_floor], "anomaly_detector") == good
    assert usable_record([unjudged, under_floor], "anomaly_detector") == unjudged
    assert usable_record([under_floor], "anomaly_detector") is None
