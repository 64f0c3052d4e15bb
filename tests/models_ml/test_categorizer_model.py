"""The categorizer trained on a small handmade ledger: what it learns, repeats and queues."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import polars as pl
import pytest

from models_ml.categorizer.features import LEDGER_SQL
from models_ml.categorizer.predict import predict_unplaced, review_queue, transaction_categories
from models_ml.categorizer.train import TrainingRun, train

SHOPS = ["OM", "GANESH", "SAI", "MAA", "STAR", "NEW"]
FRIENDS = ["RAHUL SHARMA", "ANITA DESAI", "VIKRAM RAO", "MEERA IYER", "ARJUN NAIR", "PRIYA BOSE"]
SWEETS = "food_dining:sweets_bakeries"
GADGETS = "shopping:electronics"


def payment(person: str, counterparty: str, note: str, vpa: str | None, category: str,
            source: str = "rule", direction: str = "debit", channel: str = "upi",
            amount_paise: int = 25_000) -> dict[str, object]:  # fmt: skip
    return {
        "person_ref": person, "amount_paise": amount_paise, "direction": direction,
        "channel": channel, "counterparty": counterparty, "note": note, "vpa": vpa,
        "category_id": category, "category_source": source, "is_transfer": False,
    }  # fmt: skip


def placed_rows(index: int) -> list[dict[str, object]]:
    """What the rules placed for one person: a delivery app, a sweet shop and a kirana of
    their own, a friend, a salary."""
    person, shop, friend = f"P{index}", SHOPS[index], FRIENDS[index]
    return [
        payment(person, "SWIGGY", "Swiggy Order", "swiggy@icici", "food_dining:delivery"),
        payment(person, f"{shop} SWEETS", "Pay to merchant", f"q{index}1@ybl", SWEETS),
        payment(person, f"{shop} PROVISION STORE", "Pay to merchant", f"q{index}2@ybl",
                "groceries:local_shops"),
        payment(person, friend, "dinner", f"{friend.split()[0].lower()}@okaxis", "p2p:sent"),
        payment(person, f"{shop} TECH LTD", "", None, "income:salary", direction="credit",
                channel="neft", amount_paise=8_000_000),
    ]  # fmt: skip


def person_rows(index: int, corrected: bool) -> list[dict[str, object]]:
    """Four rounds of the placed payments and two the rules could not place: a new sweet shop
    and ZQX GADGETS, which every other person (when ``corrected``) filed under electronics."""
    person = f"P{index}"
    gadgets, source = (GADGETS, "user") if corrected and index % 2 else ("uncategorized", "none")
    unplaced = [
        payment(person, "JAI AMBE SWEETS", "Pay to merchant", f"q{index}3@ybl",
                "uncategorized", source="none"),
        payment(person, "ZQX GADGETS", "Pay to merchant", f"zqx{index}@okbizaxis", gadgets,
                source=source, amount_paise=4_000_000),
    ]  # fmt: skip
    return [row for _ in range(4) for row in placed_rows(index)] + unplaced


def handmade_ledger(corrected: bool = False) -> pl.DataFrame:
    """Six people, the ``LEDGER_SQL`` columns; each row's id, date and references numbered."""
    rows = [row for index in range(len(SHOPS)) for row in person_rows(index, corrected)]
    for number, row in enumerate(rows):
        note, vpa = row.pop("note"), row["vpa"]
        row["narration"] = f"UPI-{row['counterparty']}-{vpa}-YESB0YBLUPI-5{number:011d}-{note}"
        if row["channel"] == "neft":
            row["narration"] = f"NEFT CR-HDFC0000060-{row['counterparty']}-HDFCN5{number:015d}"
        row["transaction_id"] = f"t{number:05d}"
        row["business_date"] = date(2025, 4, 1 + number % 28)
    return pl.DataFrame(rows).sort("transaction_id")


@pytest.fixture(scope="module")
def trained() -> TrainingRun:
    return train(handmade_ledger(), seed=3)


def test_the_frame_has_the_columns_the_ledger_query_reads() -> None:
    for column in handmade_ledger().columns:
        assert column in LEDGER_SQL


def test_an_unseen_shop_is_placed_by_its_words(trained: TrainingRun) -> None:
    ledger = handmade_ledger()
    predictions = predict_unplaced(trained.categorizer, ledger, "v1", datetime.now(UTC))
    sweets = predictions.filter(pl.col("counterparty") == "JAI AMBE SWEETS")
    assert sweets.height == len(SHOPS)
    assert sweets["predicted_category"].unique().to_list() == [SWEETS]
    assert sweets["predicted_group"].unique().to_list() == ["food_dining"]


def test_metrics_and_baselines_are_measured_on_held_out_people(trained: TrainingRun) -> None:
    metrics, baseline = trained.evaluation.metrics, trained.evaluation.baseline_metrics
    assert metrics["test_people"] == 1
    assert 0.0 <= metrics["macro_f1"] <= 1.0 and 0.0 <= baseline["macro_f1"] <= 1.0
    assert 0.8 <= metrics["threshold"] <= 0.99
    assert metrics["spend_share_categorized"] >= baseline["spend_share_categorized"]
    tested = trained.evaluation.test_rows["person_ref"].unique().to_list()
    assert len(tested) == 1 and trained.window == (date(2025, 4, 1), date(2025, 4, 28))


def test_same_data_and_seed_give_the_same_metrics(trained: TrainingRun) -> None:
    again = train(handmade_ledger().sample(fraction=1.0, shuffle=True, seed=11), seed=3)
    assert again.evaluation.metrics == trained.evaluation.metrics
    assert again.data_hash == trained.data_hash


def test_corrections_are_learned_at_the_next_training(trained: TrainingRun) -> None:
    """Three people filed ZQX GADGETS under electronics; the others' payments follow."""
    corrected_ledger = handmade_ledger(corrected=True)
    corrected = train(corrected_ledger, seed=3)
    now = datetime.now(UTC)
    gadgets = pl.col("counterparty") == "ZQX GADGETS"
    before = predict_unplaced(trained.categorizer, corrected_ledger, "v1", now).filter(gadgets)
    after = predict_unplaced(corrected.categorizer, corrected_ledger, "v2", now).filter(gadgets)
    assert after.height == 3 and after["person_ref"].to_list() == before["person_ref"].to_list()
    assert GADGETS not in before["predicted_category"].to_list()
    assert after["predicted_category"].unique().to_list() == [GADGETS]


def test_only_uncategorized_rows_are_predicted_and_unsure_ones_queued(
    trained: TrainingRun,
) -> None:
    ledger = handmade_ledger()
    unsure = replace(trained.categorizer, threshold=1.01)  # nothing is sure enough
    predictions = predict_unplaced(unsure, ledger, "v1", datetime(2025, 6, 1, tzinfo=UTC))
    unplaced = ledger.filter(pl.col("category_source") == "none")
    categories = transaction_categories(predictions)
    assert sorted(categories["transaction_id"]) == sorted(unplaced["transaction_id"])
    assert categories["predicted_at"].dtype == pl.Datetime("us")
    queue = review_queue(predictions)
    assert queue.height == unplaced.height
    assert queue["amount_paise"].to_list() == sorted(queue["amount_paise"], reverse=True)
    assert queue["candidate_1"].null_count() == 0 and queue["candidate_3"].null_count() == 0
    assert (queue["candidate_1_confidence"] >= queue["candidate_2_confidence"]).all()
