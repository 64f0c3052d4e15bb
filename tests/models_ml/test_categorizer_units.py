"""The categorizer's pure helpers on small handmade frames."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime

import numpy as np
import polars as pl
import pytest

from models_ml.categorizer import features
from models_ml.categorizer.evaluate import (
    MIN_THRESHOLD,
    beats_rules_only,
    calibration_error,
    choose_threshold,
    meets_floor,
    payee_lookup,
    spend_shares,
)
from models_ml.categorizer.features import USER_WEIGHT, bounded, training_table, with_features
from models_ml.categorizer.model import top_candidates
from models_ml.categorizer.predict import usable_record
from models_ml.categorizer.train import NotEnoughPeople, person_splits
from models_ml.registry import ModelRecord


def ledger_row(**values: object) -> dict[str, object]:
    row: dict[str, object] = {
        "transaction_id": "t1", "person_ref": "P1", "business_date": date(2025, 6, 1),
        "amount_paise": 25_000, "direction": "debit", "channel": "upi", "counterparty": None,
        "narration": None, "vpa": None, "category_id": "uncategorized",
        "category_source": "none", "is_transfer": False,
    }  # fmt: skip
    return {**row, **values}


def test_text_keeps_words_and_drops_references_and_masks() -> None:
    row = ledger_row(
        counterparty="OM SWEETS",
        narration="UPI/529217521203/Pay to merchant/XXXXXX1234/q870123456@ybl",
        vpa="Q870123456@YBL",
    )
    features = with_features(pl.DataFrame([row])).row(0, named=True)
    assert features["text"] == "om sweets upi pay to merchant q ybl q ybl"
    assert features["payee"] == "om sweets"
    assert features["vpa_handle"] == "ybl"


def test_amount_bucket_is_a_power_of_two_of_rupees_and_nothing_is_null() -> None:
    rows = pl.DataFrame([ledger_row(amount_paise=amount) for amount in (50, 25_000, 10**12)])
    features = with_features(rows)
    assert features["amount_bucket"].to_list() == ["0", "7", "24"]
    made = features.select("text", "payee", "vpa_handle", "amount_bucket", "channel", "direction")
    assert made.null_count().sum_horizontal().item() == 0


def test_training_table_collapses_repeats_and_weighs_corrections() -> None:
    placed = {"counterparty": "SWIGGY", "category_id": "food_dining:delivery"}
    rows = pl.DataFrame(
        [
            ledger_row(transaction_id="a", category_source="rule", **placed),
            ledger_row(transaction_id="b", category_source="rule", person_ref="P2", **placed),
            ledger_row(transaction_id="c", category_source="user", **placed),
            ledger_row(transaction_id="d", counterparty="SWIGGY"),  # uncategorized: not learned
        ]
    )
    table = training_table(with_features(rows))
    assert table.height == 1
    assert table["weight"].item() == 2 + USER_WEIGHT


def test_a_big_training_table_keeps_common_rows_and_samples_rare_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    weights = [1.0] * 900 + [2.0] * 50 + [USER_WEIGHT] * 40 + [40.0] * 10
    table = pl.DataFrame({"text": [f"payee {n}" for n in range(1_000)], "weight": weights})
    assert bounded(table, seed=1).equals(table)  # under the cap: as it is
    monkeypatch.setattr(features, "MAX_TRAINING_ROWS", 250)
    cut = bounded(table, seed=1)
    assert cut.equals(bounded(table, seed=1)) and not cut.equals(bounded(table, seed=2))
    common = cut.join(table.tail(50), on="text")
    assert common.height == 50  # every correction and every row seen 5+ times, as they were
    assert common["weight"].equals(common["weight_right"], check_names=False)
    rare = cut.join(table.head(950), on="text")
    assert 120 < rare.height < 280  # 200 expected of 950, at rate 4/19
    # Weighted back, the rare rows stand for about as much as all of them did.
    assert rare["weight"].sum() == pytest.approx(900 + 2 * 50, rel=0.15)


def test_person_splits_are_seeded_order_free_and_never_empty() -> None:
    people = [f"P{number:03d}" for number in range(10)]
    first = person_splits(people, seed=7)
    assert first.equals(person_splits(list(reversed(people)), seed=7))
    assert not first.equals(person_splits(people, seed=8))
    assert first["split"].value_counts().sort("split")["count"].to_list() == [2, 6, 2]
    assert set(person_splits(["a", "b", "c"], seed=1)["split"]) == {"test", "train", "validation"}
    with pytest.raises(NotEnoughPeople):
        person_splits(["a", "b"], seed=1)


def test_threshold_is_the_lowest_step_precise_enough_never_under_the_floor() -> None:
    confidence = np.array([0.55, 0.83, 0.86, 0.9, 0.95, 0.97])
    correct = np.array([False, False, True, True, True, True])
    assert choose_threshold(confidence, correct) == 0.84
    assert choose_threshold(np.array([0.85, 0.9]), np.array([True, True])) == MIN_THRESHOLD
    assert choose_threshold(np.array([0.995]), np.array([False])) == 0.99


def test_calibration_error_is_zero_when_confidence_matches_the_share_right() -> None:
    confidence = np.array([0.75] * 4 + [1.0] * 2)
    correct = np.array([True, True, True, False, True, True])
    assert calibration_error(confidence, correct) == pytest.approx(0.0)
    assert calibration_error(np.array([0.95, 0.95]), np.array([False, False])) == pytest.approx(
        0.95
    )


def test_payee_lookup_memorizes_payees_then_falls_back_to_channel_and_direction() -> None:
    def row(payee: str, channel: str, direction: str, category: str = "") -> dict[str, str]:
        return {"payee": payee, "channel": channel, "direction": direction, "category_id": category}

    training = pl.DataFrame(
        [
            row("om sweets", "upi", "debit", "food_dining:sweets_bakeries"),
            row("rahul", "upi", "debit", "p2p:sent"),
            row("asha", "upi", "debit", "p2p:sent"),
            row("acme ltd", "neft", "credit", "income:salary"),
        ]
    )
    judged = pl.DataFrame(
        [row("om sweets", "upi", "debit"), row("jai sweets", "upi", "debit"),
         row("", "neft", "credit"), row("", "atm", "debit")]
    )  # fmt: skip
    assert payee_lookup(training, judged).tolist() == [
        "food_dining:sweets_bakeries", "p2p:sent", "income:salary", "p2p:sent",
    ]  # fmt: skip


def test_spend_shares_count_debits_that_are_not_own_transfers() -> None:
    rows = pl.DataFrame(
        {
            "direction": ["debit", "debit", "debit", "debit", "credit"],
            "is_transfer": [False, False, False, True, False],
            "amount_paise": [600, 300, 100, 5_000, 9_000],
            "category_source": ["rule", "none", "none", "rule", "none"],
            "is_confident": [None, True, False, None, True],
        }
    )
    assert spend_shares(rows) == pytest.approx((0.6, 0.9))
    assert spend_shares(rows.filter(pl.col("direction") == "credit")) == (1.0, 1.0)


def test_beating_the_rules_needs_a_better_f1_and_more_spend_placed() -> None:
    baseline = {"macro_f1": 0.8, "spend_share_categorized": 0.9}
    assert beats_rules_only({"macro_f1": 0.95, "spend_share_categorized": 0.92}, baseline)
    assert not beats_rules_only({"macro_f1": 0.95, "spend_share_categorized": 0.9}, baseline)
    assert not beats_rules_only({"macro_f1": 0.8, "spend_share_categorized": 0.95}, baseline)
    everything = {"macro_f1": 0.8, "spend_share_categorized": 1.0}
    assert beats_rules_only({"macro_f1": 0.95, "spend_share_categorized": 1.0}, everything)
    assert meets_floor({"macro_f1": 0.9}) and not meets_floor({"macro_f1": 0.89})


def test_top_candidates_best_first_and_null_beyond_the_known_categories() -> None:
    scores = np.array([[0.2, 0.8], [0.6, 0.4]])
    candidates = top_candidates(scores, ["a", "b"])
    assert candidates["candidate_1"].to_list() == ["b", "a"]
    assert candidates["candidate_2_confidence"].to_list() == pytest.approx([0.2, 0.4])
    assert candidates["candidate_3"].to_list() == [None, None]


def _record(version: str, day: int, macro_f1: float) -> ModelRecord:
    metrics = {"macro_f1": macro_f1, "spend_share_categorized": 0.95}
    baseline = {"macro_f1": 0.85, "spend_share_categorized": 0.9}
    return ModelRecord(
        "categorizer", version, datetime(2025, 6, day, tzinfo=UTC), date(2025, 4, 1),
        date(2025, 5, 31), "[]", json.dumps(metrics), json.dumps(baseline), "hash", 1, "path",
    )  # fmt: skip


def test_a_model_that_failed_its_targets_is_never_used() -> None:
    records = [_record("good", 1, 0.97), _record("bad", 2, 0.7), _record("other", 3, 0.99)]
    records[2] = replace(records[2], name="anomaly_detector")
    found = usable_record(records, "categorizer")
    assert found is not None and found.version == "good"
    assert usable_record(records[1:2], "categorizer") is None
