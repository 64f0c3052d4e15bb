"""Which tables have a great-expectations suite, as Dagster sees them; GX itself is not imported.

great_expectations takes about five seconds to import, so the definitions (loaded by `dagster dev`,
every test and every CLI run) only know the table names; the suites load when a check runs.
"""

from __future__ import annotations

from dataclasses import dataclass

import dagster as dg

GX_CHECK = "great_expectations"

# Enough rows to catch a systematic fault, few enough that a check takes a fraction of a second:
# a larger table is validated on a sample of about this size, drawn by its key (see read.py);
# the check's metadata says so (`sampled`, `rows_validated` of `rows_in_table`). dbt's own
# unique/not_null tests still cover every row of the marts.
MAX_ROWS = 50_000


@dataclass(frozen=True)
class CheckedTable:
    schema: str
    name: str
    description: str

    @property
    def relation(self) -> str:
        return f"{self.schema}.{self.name}"

    @property
    def asset_key(self) -> dg.AssetKey:
        return dg.AssetKey([self.schema, self.name])


RAW_TABLES = (
    CheckedTable("raw", "statement_lines", "keys, positive amounts, directions, plausible dates"),
    CheckedTable("raw", "sms_messages", "reasons of non-transactions, amounts of transactions"),
    CheckedTable("raw", "aa_accounts", "keys of AA account summaries"),
    CheckedTable("raw", "aa_transactions", "keys, types, modes, positive amounts, dates"),
)

# raw.quarantine is written by every ingestion asset, so its check waits for all of them.
QUARANTINE = CheckedTable("raw", "quarantine", "every quarantined row says why")
QUARANTINE_WRITERS = tuple(table.asset_key for table in RAW_TABLES)

LEDGER_TABLES = (
    CheckedTable("marts", "fct_transactions", "one row per payment, amounts, dates in data range"),
    CheckedTable("marts", "dim_accounts", "one row per account"),
    CheckedTable("marts", "fct_ledger", "the categorized ledger: keys, amounts, categories"),
    CheckedTable("marts", "fct_ledger_flows", "one flow (spend, income, …) per ledger row"),
    CheckedTable("marts", "fct_account_balances_daily", "balance checks; few mismatches"),
    CheckedTable("marts", "fct_spend_monthly", "spend is never negative"),
    CheckedTable("marts", "fct_cashflow_monthly", "inflows and outflows are never negative"),
    CheckedTable("marts", "fct_recurring", "one row per recurring series"),
    CheckedTable("marts", "fct_budget_status", "budgets, limits and spend"),
    CheckedTable("marts", "fct_anomalies", "anomalies point at ledger transactions"),
    CheckedTable("marts", "dim_merchants", "one row per merchant"),
    CheckedTable("marts", "dim_categories", "one row per category"),
)

ALL_TABLES = (*RAW_TABLES, QUARANTINE, *LEDGER_TABLES)
