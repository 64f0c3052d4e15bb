"""The anomaly features on handmade ledgers: each row is judged against its own past only."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import polars as pl
import pytest

from models_ml.anomaly.features import DAY_MINUTES, FEATURES, HOUR_BINS, build_features

LEDGER_SCHEMA = {
    "transaction_id": pl.String, "person_ref": pl.String, "account_id": pl.String,
    "occurred_at": pl.Datetime("us"), "business_date": pl.Date, "amount_paise": pl.Int64,
    "direction": pl.String, "channel": pl.String, "counterparty": pl.String,
    "narration": pl.String, "vpa": pl.String, "merchant_id": pl.String,
    "category_id": pl.String, "category": pl.String, "category_kind": pl.String,
    "is_recurring": pl.Boolean, "balance_before_paise": pl.Int64,
}  # fmt: skip
START = datetime(2025, 4, 1, 6, 0)


def row(index: int, **values: Any) -> dict[str, Any]:
    """A ₹300 UPI debit to SWIGGY by P1, ``index`` days after START, unless told otherwise."""
    at = values.pop("at", START + timedelta(days=index))
    defaults = {
        "transaction_id": f"t{index:04d}", "person_ref": "P1", "account_id": "P1:hdfc-1234",
        "occurred_at": at, "business_date": (at or START).date(), "amount_paise": 30_000,
        "direction": "debit", "channel": "upi", "counterparty": "SWIGGY",
        "narration": f"UPI/P2M/{index:012d}/SWIGGY", "vpa": None, "merchant_id": "swiggy",
        "category_id": "food_dining:delivery", "category": "food_dining",
        "category_kind": "expense", "is_recurring": False, "balance_before_paise": 10_000_000,
    }  # fmt: skip
    return {**defaults, **values}


def features_of(*rows: dict[str, Any]) -> dict[str, dict[str, Any]]:
    frame = build_features(pl.DataFrame(list(rows), schema=LEDGER_SCHEMA))
    assert frame.select(FEATURES).null_count().sum_horizontal().item() == 0
    return {record["transaction_id"]: record for record in frame.iter_rows(named=True)}


def test_an_amount_is_compared_with_the_persons_own_past() -> None:
    usual = [row(day) for day in range(10)]
    big = row(10, amount_paise=300_000)
    features = features_of(*usual, big)
    assert features["t0000"]["is_new_payee"] == 1.0
    assert features["t0000"]["payee_amount_z"] == 0.0  # no history: neutral
    assert features["t0009"]["is_new_payee"] == 0.0
    assert features["t0010"]["payee_amount_z"] > 10
    assert features["t0010"]["payee_usual_paise"] == 30_000


def test_features_never_see_later_rows() -> None:
    history = [row(day, amount_paise=30_000 + 1_000 * day) for day in range(8)]
    alone = pl.DataFrame(list(features_of(*history).values())).select("transaction_id", *FEATURES)
    later = [row(8, amount_paise=900_000), row(9, counterparty="NEW PERSON", merchant_id=None)]
    extended = pl.DataFrame(list(features_of(*history, *later).values()))
    assert extended.select("transaction_id", *FEATURES).head(8).equals(alone)


def test_the_same_charge_minutes_apart_and_bursts_of_debits() -> None:
    first = row(0, at=START)
    again = row(1, at=START + timedelta(minutes=4))
    elsewhere = row(
        2, at=START + timedelta(minutes=20), counterparty="ZOMATO", merchant_id="zomato"
    )
    features = features_of(first, again, elsewhere)
    assert features["t0000"]["minutes_since_same"] == DAY_MINUTES
    assert features["t0001"]["minutes_since_same"] == pytest.approx(4.0)
    assert features["t0002"]["minutes_since_same"] == DAY_MINUTES
    assert features["t0002"]["debits_last_hour"] == 2.0


def test_a_first_bank_charge_is_judged_against_everyone_elses() -> None:
    charge = {"counterparty": None, "merchant_id": None, "channel": "charges",
              "category_id": "fees_charges:bank_charges", "category": "fees_charges"}  # fmt: skip
    usual = [
        row(index, person_ref=f"P{index}", amount_paise=1_500, narration="SMS CHARGES", **charge)
        for index in range(6)
    ]
    spike = row(7, person_ref="P9", amount_paise=48_000, narration="SMS CHARGES", **charge)
    features = features_of(*usual, spike)
    assert features["t0007"]["payee_amount_z"] == 0.0  # the person's own first charge
    assert features["t0007"]["everyone_payee_amount_z"] > 10
    assert features["t0007"]["everyone_usual_paise"] == 1_500
    assert features["t0007"]["is_fee"] == 1.0


def test_rows_without_a_time_get_neutral_time_features() -> None:
    features = features_of(*[row(day) for day in range(30)], row(30, at=None))
    assert features["t0030"]["has_time"] == 0.0
    assert features["t0030"]["hour_share"] == pytest.approx(1 / HOUR_BINS)
    assert features["t0029"]["hour_share"] == pytest.approx(1.0)  # always paid at 11:30 IST


def test_a_payment_that_empties_the_account() -> None:
    features = features_of(row(0, amount_paise=9_000_000, balance_before_paise=10_000_000))
    assert features["t0000"]["share_of_balance"] == pytest.approx(0.9)
    credit = features_of(row(0, direction="credit", amount_paise=9_000_000))
    assert credit["t0000"]["share_of_balance"] == 0.0
    assert credit["t0000"]["is_new_payee"] == 0.0  # money in is never a new payee
