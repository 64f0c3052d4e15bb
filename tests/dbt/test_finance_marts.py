"""The finance marts on the handwritten week of ``ledger_sample``, numbers checked by hand.

HDFC 1234 opens at Rs 10,000.00 (the statement's first line, interest of Rs 812.34, leaves
Rs 10,812.34), takes the salary and the Swiggy payment on 1 April, Rs 2,000 at an ATM on
4 April (the AA timestamp is 3 April in UTC) and two Rs 50 card payments on 5 April; the AA
summary of 6 April confirms Rs 93,467.34. ICICI 5678 appears on 2 April at Rs 4,550.00 before a
Rs 50 UPI payment to a tea stall no rule knows. Spend counts the ATM withdrawal (the taxonomy
calls cash spent); the uncategorized Rs 50 is an other outflow, not spend; there is no
transfer, refund or investment in the sample.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest

from hisaab.settings import WarehouseLocation

BuildLedger = Callable[[WarehouseLocation], None]  # the build_ledger fixture (conftest.py)
BALANCES_SQL = """
    select account_key, cast(balance_date as varchar), opening_balance_paise, credits_paise,
        debits_paise, closing_balance_paise, reported_balance_source, balance_check
    from marts.fct_account_balances_daily
    order by account_key, balance_date
"""
# (account_key, date, opening, credits, debits, closing, reported by, check)
EXPECTED_BALANCES = [
    ("hdfc-1234", "2025-03-31", 1000000, 81234, 0, 1081234, "statement", "matches"),
    ("hdfc-1234", "2025-04-01", 1081234, 8500000, 24500, 9556734, "statement", "matches"),
    ("hdfc-1234", "2025-04-02", 9556734, 0, 0, 9556734, None, "not_reported"),
    ("hdfc-1234", "2025-04-03", 9556734, 0, 0, 9556734, None, "not_reported"),
    ("hdfc-1234", "2025-04-04", 9556734, 0, 200000, 9356734, "statement", "matches"),
    ("hdfc-1234", "2025-04-05", 9356734, 0, 10000, 9346734, "statement", "matches"),
    ("hdfc-1234", "2025-04-06", 9346734, 0, 0, 9346734, "aa", "matches"),
    ("icici-5678", "2025-04-02", 455000, 0, 5000, 450000, "statement", "matches"),
]
SPEND_SQL = """
    select cast(month_start as varchar), financial_year, fy_month, sum(spend_paise),
        sum(transaction_count)
    from marts.fct_spend_monthly
    group by month_start, financial_year, fy_month
    order by month_start
"""
# Swiggy 245 + ATM 2,000 + two Chaayos 50, all in April.
EXPECTED_SPEND = [("2025-04-01", "FY2025-26", 1, 234500, 4)]
CASHFLOW_SQL = """
    select cast(month_start as varchar), financial_year, fy_month, income_paise, spend_paise,
        investments_paise, other_outflows_paise, net_cashflow_paise, opening_balance_paise,
        closing_balance_paise, has_all_balances
    from marts.fct_cashflow_monthly
    order by month_start
"""
# (month, FY, FY month, income, spend, investments, other outflows, net, opening, closing,
# all balances known). April opens with HDFC's 1 April opening plus ICICI's 2 April opening
# (its first day).
EXPECTED_CASHFLOW = [
    ("2025-03-01", "FY2024-25", 12, 81234, 0, 0, 0, 81234, 1000000, 1081234, True),
    ("2025-04-01", "FY2025-26", 1, 8500000, 234500, 0, 5000, 8260500, 1536234, 9796734, True),
]


@pytest.fixture
def query(build_ledger: BuildLedger, tmp_path: Path) -> Callable[[str], list[tuple[Any, ...]]]:
    location = WarehouseLocation("duckdb", path=tmp_path / "warehouse.duckdb")
    build_ledger(location)

    def run(sql: str) -> list[tuple[Any, ...]]:
        with duckdb.connect(str(location.path), read_only=True) as conn:
            return [tuple(row) for row in conn.execute(sql).fetchall()]

    return run


def test_finance_marts_on_the_sample_week(query: Callable[[str], list[tuple[Any, ...]]]) -> None:
    assert query(BALANCES_SQL) == EXPECTED_BALANCES
    assert query(SPEND_SQL) == EXPECTED_SPEND
    assert query(CASHFLOW_SQL) == EXPECTED_CASHFLOW
