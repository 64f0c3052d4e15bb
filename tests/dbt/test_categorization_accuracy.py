"""Categorization and own-account transfers against the generator's labels.

A synthetic population is ingested and built; each fct_ledger row is traced to its real
event (``_truth/source_rows.csv`` -> ``canonical_txn_id``) and the event's label is mapped to
the taxonomy's groups. Scored: the share of categorized spend (debits that are not transfers)
whose group agrees with the label, by amount; and own-account transfer detection (label
``self_transfer``) as precision and recall.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import polars as pl
import pytest

from hisaab.settings import WarehouseLocation
from ingestion import ingest_paths
from sandbox.generate import generate_population
from sandbox.labels import LABEL_GROUPS, ledger_truth

USERS, MONTHS, SEED = 40, 4, 20250607
MIN_AGREEMENT = 0.90
MIN_TRANSFER_PRECISION = MIN_TRANSFER_RECALL = 0.99
LEDGER_SQL = """
    select transaction_id, direction, amount_paise, category, category_source, is_transfer
    from marts.fct_ledger
"""


def _ledger_with_labels(root: Path, location: WarehouseLocation) -> pl.DataFrame:
    truth = ledger_truth(root, location).select("transaction_id", "label")
    with duckdb.connect(str(location.path), read_only=True) as conn:
        ledger = conn.execute(LEDGER_SQL).pl()
    labelled = ledger.join(truth, on="transaction_id")
    assert labelled.height == ledger.height, "a ledger row without its real event"
    return labelled.with_columns(
        pl.col("label")
        .replace_strict(LABEL_GROUPS, return_dtype=pl.List(pl.String))
        .list.contains(pl.col("category"))
        .alias("agrees")
    )


@pytest.mark.slow
def test_categorization_agrees_with_the_labels(
    tmp_path: Path, run_dbt_build: Callable[[WarehouseLocation], None]
) -> None:
    root = tmp_path / "landing"
    generate_population(root, users=USERS, months=MONTHS, seed=SEED)
    location = WarehouseLocation("duckdb", path=tmp_path / "warehouse.duckdb")
    ingest_paths([root], location)
    run_dbt_build(location)
    ledger = _ledger_with_labels(root, location)

    spend = ledger.filter((pl.col("direction") == "debit") & ~pl.col("is_transfer"))
    placed = spend.filter(pl.col("category_source") == "rule")
    agreement = placed.filter("agrees")["amount_paise"].sum() / placed["amount_paise"].sum()
    labelled_transfers = ledger.filter(pl.col("label") == "self_transfer")
    found_transfers = ledger.filter("is_transfer")
    precision = (found_transfers["label"] == "self_transfer").mean()
    recall = labelled_transfers["is_transfer"].mean()
    share = placed["amount_paise"].sum() / spend["amount_paise"].sum()
    print(
        f"\ncategorization: {share:.1%} of spend categorized, {agreement:.2%} of it agrees "
        f"with the labels; own-account transfers: precision {precision:.4f}, recall "
        f"{recall:.4f} ({found_transfers.height} legs found, {labelled_transfers.height} labelled)"
    )
    assert agreement >= MIN_AGREEMENT
    assert precision >= MIN_TRANSFER_PRECISION
    assert recall >= MIN_TRANSFER_RECALL
