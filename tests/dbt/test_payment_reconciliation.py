"""Payments against the bank by RRN, on the handwritten week, on DuckDB and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import BuildLedger
from payment_sample import EXPECTED_RECONCILIATION

from hisaab.settings import WarehouseLocation
from hisaab.warehouse import query


def _reconciliation(location: WarehouseLocation) -> dict[str, tuple[str, str, int, int]]:
    rows = query(
        location,
        "select intent_id, reconciliation_status, status, bank_moved_paise, bank_reversed_paise"
        " from marts.fct_payment_reconciliation",
    )
    return {row[0][3]: tuple(row[1:]) for row in rows}  # type: ignore[misc]


def _check(location: WarehouseLocation) -> None:
    found = _reconciliation(location)
    assert {intent: row[0] for intent, row in found.items()} == EXPECTED_RECONCILIATION
    assert found["A"][2] == 24500  # the statement and AA report it once, not twice
    assert found["B"][2:] == (5000, 0)
    breaks = query(
        location,
        "select intent_id, break_type, reason from marts.fct_payment_breaks order by intent_id",
    )
    assert [(row[0][3], row[1]) for row in breaks] == [
        ("B", "refund_due"),
        ("C", "missing_at_bank"),
    ]
    assert "₹50.00" in breaks[0][2] and "refund is due" in breaks[0][2]
    assert "509399999999" in breaks[1][2]


@pytest.mark.slow
def test_reconciliation_on_duckdb(tmp_path: Path, build_ledger: BuildLedger) -> None:
    location = WarehouseLocation("duckdb", path=tmp_path / "warehouse.duckdb")
    build_ledger(location)
    _check(location)


@pytest.mark.slow
@pytest.mark.postgres
def test_reconciliation_on_postgres(postgres_url: str, build_ledger: BuildLedger) -> None:
    location = WarehouseLocation.parse(postgres_url, Path("."))
    build_ledger(location)
    _check(location)
