"""``dbt build`` turns the handwritten raw rows into the same ledger on DuckDB and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import psycopg
import pytest
from ledger_sample import EXPECTED_ACCOUNTS, EXPECTED_TRANSACTIONS, SOURCE_TRANSACTION_ROWS

from hisaab.settings import WarehouseLocation

TRANSACTIONS_SQL = """
    select cast(txn_date as varchar), account_key, direction, amount_paise, channel, category,
        financial_year, has_statement, has_sms, has_aa
    from marts.fct_transactions
    order by txn_date, account_key, amount_paise, source_count desc
"""
ACCOUNTS_SQL = """
    select account_key, account_last_digits, sources_seen, latest_balance_paise,
        latest_balance_source
    from marts.dim_accounts
    order by account_key
"""
BuildLedger = Callable[[WarehouseLocation], None]  # the build_ledger fixture (conftest.py)
LINEAGE_SQL = """
    select count(*), count(distinct transaction_id) from intermediate.int_transactions_reconciled
"""


def _assert_ledger(query: Any) -> None:
    assert query(TRANSACTIONS_SQL) == EXPECTED_TRANSACTIONS
    assert query(ACCOUNTS_SQL) == EXPECTED_ACCOUNTS
    # Every transaction row of every source is kept, each under one canonical transaction.
    assert query(LINEAGE_SQL) == [(SOURCE_TRANSACTION_ROWS, len(EXPECTED_TRANSACTIONS))]


def test_dbt_build_on_duckdb(build_ledger: BuildLedger, tmp_path: Path) -> None:
    location = WarehouseLocation("duckdb", path=tmp_path / "warehouse.duckdb")
    build_ledger(location)
    with duckdb.connect(str(location.path), read_only=True) as conn:
        _assert_ledger(lambda sql: [tuple(row) for row in conn.execute(sql).fetchall()])


@pytest.mark.postgres
def test_dbt_build_on_postgres(
    build_ledger: BuildLedger, postgres_url: str, tmp_path: Path
) -> None:
    location = WarehouseLocation.parse(postgres_url, tmp_path)
    build_ledger(location)
    with psycopg.connect(location.postgres_conninfo()) as conn:
        _assert_ledger(lambda sql: [tuple(row) for row in conn.execute(sql).fetchall()])
