"""The generator's ground truth, joined to the ledger: what each ``fct_ledger`` row really was.

Evaluations (tests, the ML assets' checks in the sandbox) need each ledger transaction's true
event: its category label, whether it is an injected anomaly and which kind. The ledger row is
traced through reconciliation to its source rows, and those to ``_truth/source_rows.csv``.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from hisaab.settings import WarehouseLocation
from ingestion.warehouse import open_warehouse

# Equalities only in the join: a constant there (`r.source = 'aa'`) made DuckDB compare every
# pair of rows, a minute at 300 people and hours at 10,000.
RECONCILED_SQL = """
    select r.source, r.source_file, r.line_no, a.txn_id, r.transaction_id
    from intermediate.int_transactions_reconciled as r
    left join (
        select 'aa' as source, source_row_id, txn_id
        from staging.stg_account_aggregator__transactions
    ) as a
        on r.source = a.source and r.source_row_id = a.source_row_id
"""
TRUTH_COLUMNS = ("canonical_txn_id", "category", "is_anomaly", "anomaly_type")
# The generator's labels and the groups that agree with each. A festive gift bought at
# Tanishq or Haldiram's is placed by the shop (jewellery, sweets): Hisaab cannot see intent.
LABEL_GROUPS: dict[str, list[str]] = {
    "groceries": ["groceries"],
    "p2p_transfer": ["p2p"],
    "family_transfer": ["p2p"],
    "food_delivery": ["food_dining"],
    "transport": ["transport"],
    "shopping": ["shopping"],
    "self_transfer": ["transfers"],
    "telecom": ["bills_utilities"],
    "utilities": ["bills_utilities"],
    "cash_withdrawal": ["cash"],
    "fuel": ["fuel"],
    "salary": ["income"],
    "interest": ["income"],
    "refund": ["income"],
    "bank_charges": ["fees_charges"],
    "rent": ["rent"],
    "subscriptions": ["subscriptions"],
    "health": ["health"],
    "investment": ["investments"],
    "entertainment": ["entertainment"],
    "travel": ["travel"],
    "loan_emi": ["emi_loans"],
    "credit_card_payment": ["emi_loans"],
    "insurance": ["insurance"],
    "festive_gifts": ["gifts_donations", "shopping", "food_dining"],
}


def ledger_truth(landing: Path, location: WarehouseLocation) -> pl.DataFrame:
    """One row per ledger ``transaction_id`` with its true event's ``TRUTH_COLUMNS``
    (``category`` renamed ``label``; ``is_anomaly`` a boolean)."""
    with open_warehouse(location) as warehouse:
        reconciled = warehouse.read(RECONCILED_SQL)
    prefix = str(landing.resolve()) + "/"
    ours = reconciled.with_columns(
        pl.col("source_file").str.strip_prefix(prefix),
        pl.coalesce(pl.col("txn_id"), pl.col("line_no").cast(pl.String)).alias("locator"),
    )
    truth_rows = pl.read_csv(landing / "_truth" / "source_rows.csv", infer_schema=False)
    truth_rows = truth_rows.with_columns(
        pl.coalesce(pl.col("txn_id"), pl.col("line_no")).alias("locator")
    )
    keys = ["source", "source_file", "locator"]
    events = (
        ours.join(truth_rows.select(*keys, "canonical_txn_id"), on=keys)
        .select("transaction_id", "canonical_txn_id")
        .unique(subset="transaction_id", keep="first", maintain_order=True)
    )
    truth = pl.read_csv(landing / "_truth" / "transactions.csv", infer_schema=False)
    truth = truth.select(TRUTH_COLUMNS).with_columns(
        pl.col("is_anomaly").str.to_lowercase() == "true",
    )
    return events.join(truth, on="canonical_txn_id").rename({"category": "label"})
