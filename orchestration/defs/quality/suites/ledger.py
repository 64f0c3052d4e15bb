"""Suites for the marts: the contract the API and dashboards read (``dbt/models/marts/``).

dbt's own tests guard each model's keys as it builds; these suites add what a reader of the
marts relies on across models — ranges, accepted values, dates within the data, shares that
should stay small — and show every observed value in the Dagster UI.
"""

from __future__ import annotations

from orchestration.defs.quality.suites import expectations as gxe
from orchestration.defs.quality.suites.common import (
    DIRECTIONS,
    WARNING,
    key,
    not_negative,
    not_null,
    plausible_date,
    positive,
    within_data_range,
)

CHANNELS = [
    "upi", "neft", "rtgs", "imps", "nach", "atm", "card", "interest", "charges", "cash",
    "cheque", "other",
]  # fmt: skip
FLOWS = ["transfer", "investment", "spend", "other_outflow", "income"]
BALANCE_CHECKS = ["matches", "mismatch", "not_reported"]
BUDGET_STATUSES = ["ok", "warning", "exceeded"]
ANOMALY_SEVERITIES = ["low", "medium", "high"]
# Above this share of account-days whose reported balance disagrees with the ledger, warn.
MAX_BALANCE_MISMATCH_SHARE = 0.05
# Below this share of person-month-categories with a spend of zero or more, warn.
MIN_NON_NEGATIVE_SPEND_SHARE = 0.99

fct_transactions: list[gxe.Expectation] = [
    *key("transaction_id"),
    *not_null("person_ref", "account_id", "category", "direction"),
    positive("amount_paise"),
    gxe.ExpectColumnValuesToBeInSet(column="direction", value_set=DIRECTIONS),
    gxe.ExpectColumnValuesToBeInSet(column="channel", value_set=CHANNELS),
    gxe.ExpectColumnValuesToBeBetween(column="source_count", min_value=1, max_value=3),
    within_data_range("txn_date"),
]

dim_accounts: list[gxe.Expectation] = [
    *key("account_id"),
    *not_null("person_ref", "bank"),
    gxe.ExpectColumnValuesToBeBetween(column="source_count", min_value=1, max_value=3),
]

fct_ledger: list[gxe.Expectation] = [
    *key("transaction_id"),
    *not_null("person_ref", "account_id", "direction", "category_id", "category", "is_transfer"),
    positive("amount_paise"),
    gxe.ExpectColumnValuesToBeInSet(column="direction", value_set=DIRECTIONS),
    gxe.ExpectColumnValuesToBeInSet(column="channel", value_set=CHANNELS),
    gxe.ExpectColumnValuesToBeBetween(column="category_confidence", min_value=0, max_value=1),
    within_data_range("business_date"),
]

fct_ledger_flows: list[gxe.Expectation] = [
    *key("transaction_id"),
    *not_null("person_ref", "direction", "category_id", "is_transfer", "flow"),
    gxe.ExpectColumnValuesToBeInSet(column="flow", value_set=FLOWS),
    positive("amount_paise"),
    within_data_range("business_date"),
]

fct_account_balances_daily: list[gxe.Expectation] = [
    *key("account_day_id"),
    *not_null("account_id", "balance_date", "closing_balance_paise", "balance_check"),
    gxe.ExpectColumnValuesToBeInSet(column="balance_check", value_set=BALANCE_CHECKS),
    gxe.ExpectColumnValuesToNotBeInSet(
        column="balance_check",
        value_set=["mismatch"],
        mostly=1 - MAX_BALANCE_MISMATCH_SHARE,
        severity=WARNING,
    ),
    *not_negative("credits_paise", "debits_paise", "transaction_count"),
    plausible_date("balance_date"),
]

fct_spend_monthly: list[gxe.Expectation] = [
    *key("spend_month_id"),
    *not_null("person_ref", "month_start", "category_id"),
    *not_negative("gross_spend_paise", "refunds_paise"),
    # A refund in a later month than its purchase leaves that month's category negative, and is
    # kept there (the model's contract); many such months would mean refunds are misdated.
    gxe.ExpectColumnValuesToBeBetween(
        column="spend_paise", min_value=0, mostly=MIN_NON_NEGATIVE_SPEND_SHARE, severity=WARNING
    ),
    plausible_date("month_start"),
]

fct_cashflow_monthly: list[gxe.Expectation] = [
    *key("cashflow_month_id"),
    *not_null("person_ref", "month_start", "net_cashflow_paise"),
    # investments_paise is bought less sold, and spend_paise nets late refunds: either may be < 0.
    *not_negative("income_paise", "transaction_count"),
    plausible_date("month_start"),
]

fct_recurring: list[gxe.Expectation] = [
    *key("series_id"),
    *not_null("person_ref", "account_id", "direction", "category_id", "cadence"),
    gxe.ExpectColumnValuesToBeInSet(column="direction", value_set=DIRECTIONS),
    gxe.ExpectColumnValuesToBeBetween(column="occurrences", min_value=2),
    positive("typical_amount_paise"),
]

fct_budget_status: list[gxe.Expectation] = [
    *key("budget_month_id"),
    *not_null("budget_id", "person_ref", "month_start", "status"),
    gxe.ExpectColumnValuesToBeInSet(column="status", value_set=BUDGET_STATUSES),
    positive("monthly_limit_paise"),
    *not_negative("spent_paise"),
]

fct_anomalies: list[gxe.Expectation] = [
    *key("anomaly_id"),
    *not_null("transaction_id", "person_ref", "rule", "severity", "reason"),
    gxe.ExpectColumnValuesToBeInSet(column="severity", value_set=ANOMALY_SEVERITIES),
    positive("amount_paise"),
    within_data_range("business_date"),
]

# Payments banks are merchants without a category of their own: category_id may be null.
dim_merchants: list[gxe.Expectation] = [
    *key("merchant_id"),
    *not_null("merchant_name"),
    *not_negative("transaction_count", "person_count", "debit_paise"),
]

dim_categories: list[gxe.Expectation] = [
    *key("category_id"),
    *not_null("category"),
]

LEDGER_SUITES: dict[str, list[gxe.Expectation]] = {
    "marts.fct_transactions": fct_transactions,
    "marts.dim_accounts": dim_accounts,
    "marts.fct_ledger": fct_ledger,
    "marts.fct_ledger_flows": fct_ledger_flows,
    "marts.fct_account_balances_daily": fct_account_balances_daily,
    "marts.fct_spend_monthly": fct_spend_monthly,
    "marts.fct_cashflow_monthly": fct_cashflow_monthly,
    "marts.fct_recurring": fct_recurring,
    "marts.fct_budget_status": fct_budget_status,
    "marts.fct_anomalies": fct_anomalies,
    "marts.dim_merchants": dim_merchants,
    "marts.dim_categories": dim_categories,
}
