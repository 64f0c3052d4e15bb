"""The ground truth describes the sources without leaking into them."""

from __future__ import annotations

import re
from collections import Counter

from tests.sandbox.landing import Landing

TRUTH_COLUMNS = [
    "canonical_txn_id",
    "person_ref",
    "bank",
    "account_last4",
    "occurred_at",
    "business_date",
    "amount_paise",
    "direction",
    "channel",
    "counterparty",
    "merchant",
    "category",
    "reference",
    "is_anomaly",
    "anomaly_type",
    "in_statement",
    "in_sms",
    "in_aa",
    "posted_date",
    "recurring_series",
]


def test_truth_has_the_contract_columns(landing: Landing) -> None:
    rows = landing.truth("transactions.csv")
    assert list(rows[0]) == TRUTH_COLUMNS
    assert len(rows) == landing.summary.transactions == landing.summary.statement_lines
    assert len({row["canonical_txn_id"] for row in rows}) == len(rows)
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", r["occurred_at"]) for r in rows)
    assert all(int(row["amount_paise"]) > 0 for row in rows)
    assert {row["direction"] for row in rows} == {"debit", "credit"}
    people = landing.truth("people.csv")
    assert list(people[0]) == [
        "person_ref",
        "city",
        "state",
        "city_tier",
        "age_band",
        "income_band",
        "has_sms_export",
    ]


def test_truth_counts_match_the_sources(landing: Landing) -> None:
    rows = landing.truth("transactions.csv")
    aa_rows = sum(
        len(b["FI"][0]["data"][0]["Account"]["Transactions"]["Transaction"])
        for b in landing.bundles()
    )
    assert sum(row["in_aa"] == "true" for row in rows) == aa_rows
    assert all(row["in_statement"] == "true" for row in rows)


def test_anomalies_are_rare_and_only_in_truth(landing: Landing) -> None:
    rows = landing.truth("transactions.csv")
    kinds = Counter(row["anomaly_type"] for row in rows if row["is_anomaly"] == "true")
    assert 0 < sum(kinds.values()) / len(rows) < 0.015
    assert set(kinds) <= {"duplicate_charge", "large_payment_new_payee", "fee_spike"}
    inputs = "\n".join(p.read_text() for p in landing.files("person=*/*/*"))
    first_id = rows[0]["canonical_txn_id"]
    for leaked in ("canonical_txn_id", "anomaly", "is_anomaly", "in_sms", first_id):
        assert leaked not in inputs


def test_references_are_rrns_utrs_or_absent(landing: Landing) -> None:
    for row in landing.truth("transactions.csv"):
        reference, channel = row["reference"], row["channel"]
        if channel in ("upi", "imps", "atm", "nach"):
            assert re.fullmatch(r"\d{12}", reference), row
        elif channel == "neft":
            assert re.fullmatch(r"[A-Z]{4}N?\d{12}", reference), row
        else:
            assert reference == "", row


def test_life_looks_indian(landing: Landing) -> None:
    rows = landing.truth("transactions.csv")
    categories = Counter(row["category"] for row in rows)
    for category in (
        "salary",
        "food_delivery",
        "groceries",
        "p2p_transfer",
        "utilities",
        "telecom",
        "cash_withdrawal",
        "shopping",
    ):
        assert categories[category] > 0, category
    salaries = [r for r in rows if r["category"] == "salary"]
    assert all(r["channel"] == "neft" and r["direction"] == "credit" for r in salaries)
    assert {r["business_date"][8:] for r in salaries} <= {
        "01",
        "02",
        "03",
        "07",
        "26",
        "27",
        "28",
        "29",
        "30",
        "31",
    }
    assert len({r["business_date"][:7] for r in salaries}) == 2
    upi_share = sum(r["channel"] == "upi" for r in rows) / len(rows)
    assert 0.6 < upi_share < 0.95
