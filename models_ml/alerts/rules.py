"""Which alerts this month calls for.

Projected month-end spend = spent so far + the forecast non-recurring spend for the days left
(the person's spend forecast for the budget's group, times the leaf's share of the group for a
budget on one category) + the recurring debits fct_recurring expects in the budget's scope
before the month ends. A threshold is crossed when the actual or the projected spend reaches
it (integer arithmetic, as fct_budget_status: spent x 100 >= limit x 80 for 80%); a jump
past 100% crosses both and sends both, each once. A shortfall alert is a known automatic
debit the projected balance will not cover (``models_ml.forecast.projection``).
"""

from __future__ import annotations

from datetime import date

import polars as pl

from models_ml.alerts.inputs import AlertInputs
from models_ml.alerts.send import Alert

THRESHOLDS = (("budget_80", 80), ("budget_100", 100))
SHORTFALL = "shortfall_before_debit"


PROJECTION_COLUMNS = [
    "budget_id", "person_ref", "scope", "category", "category_group", "month_start",
    "limit_paise", "spent_paise", "forecast_rest_paise", "recurring_due_paise",
    "projected_paise", "days_left", "as_of_date",
]  # fmt: skip


def project_budgets(inputs: AlertInputs) -> pl.DataFrame:
    """This month's budgets with ``projected_paise`` and the parts it is made of."""
    budgets = inputs.budgets.with_columns(
        pl.when(pl.col("scope") == "group")
        .then(pl.col("category"))
        .otherwise(pl.col("category").str.split(":").list.first())
        .alias("category_group")
    )
    rows = _with_forecast_rest(budgets, inputs).join(
        _due_in_scope(inputs, budgets), on="budget_id", how="left"
    )
    projected = (
        pl.col("spent_paise") + pl.col("forecast_rest_paise") + pl.col("recurring_due_paise")
    )
    return (
        rows.with_columns(pl.col("recurring_due_paise").fill_null(0))
        .with_columns(projected.alias("projected_paise"))
        .select(PROJECTION_COLUMNS)
        .sort("budget_id")
    )


def _with_forecast_rest(budgets: pl.DataFrame, inputs: AlertInputs) -> pl.DataFrame:
    """``forecast_rest_paise``: the month's non-recurring spend forecast for the budget's
    scope, for the days after the as-of day (``days_left`` counts that day)."""
    forecasts = inputs.forecasts.rename({"period": "month_start"})
    shares = inputs.leaf_shares.rename({"category_id": "category"})
    share = pl.when(pl.col("scope") == "group").then(1.0).otherwise(pl.col("leaf_share"))
    rest = (pl.col("days_left") - 1).clip(lower_bound=0) / pl.col(
        "month_start"
    ).dt.month_end().dt.day()
    expected = pl.col("nonrecurring_paise").fill_null(0) * share.fill_null(0.0) * rest
    return (
        budgets.join(forecasts, on=["person_ref", "category_group", "month_start"], how="left")
        .join(shares, on=["person_ref", "category_group", "category"], how="left")
        .with_columns(expected.round(0).cast(pl.Int64).alias("forecast_rest_paise"))
    )


def _due_in_scope(inputs: AlertInputs, budgets: pl.DataFrame) -> pl.DataFrame:
    """(budget_id, recurring_due_paise): recurring debits fct_recurring expects in the
    budget's scope after the as-of day and within the month."""
    in_scope = (
        pl.when(pl.col("scope") == "group")
        .then(pl.col("category_group_due") == pl.col("category"))
        .otherwise(pl.col("category_id") == pl.col("category"))
    )
    due = pl.col("expected_next_on")
    pairs = budgets.join(inputs.due, on="person_ref", suffix="_due").filter(
        (due > pl.col("as_of_date")) & (due <= pl.col("month_start").dt.month_end()) & in_scope
    )
    return pairs.group_by("budget_id").agg(
        pl.col("expected_next_amount_paise").sum().alias("recurring_due_paise")
    )


def budget_alerts(projected: pl.DataFrame) -> list[Alert]:
    alerts = []
    for row in projected.sort("budget_id").iter_rows(named=True):
        for kind, percent in THRESHOLDS:
            basis = _crossed(
                row["spent_paise"], row["projected_paise"], row["limit_paise"], percent
            )
            if basis:
                alerts.append(
                    Alert(
                        row["person_ref"],
                        row["budget_id"],
                        kind,
                        _period(row["month_start"]),
                        _budget_fields(row, percent, basis),
                    )
                )
    return alerts


def _crossed(spent: int, projected: int, limit: int, percent: int) -> str | None:
    """'actual' or 'projected' when that spend reaches ``percent`` of the limit (spending
    nothing crosses nothing, whatever the limit)."""
    for basis, value in (("actual", spent), ("projected", projected)):
        if value > 0 and value * 100 >= limit * percent:
            return basis
    return None


def _budget_fields(row: dict[str, object], percent: int, basis: str) -> dict[str, object]:
    return {
        "budget_id": row["budget_id"],
        "category": row["category"],
        "scope": row["scope"],
        "threshold_pct": percent,
        "basis": basis,
        "limit_paise": row["limit_paise"],
        "spent_paise": row["spent_paise"],
        "projected_paise": row["projected_paise"],
        "as_of_date": str(row["as_of_date"]),
    }


def shortfall_alerts(shortfalls: pl.DataFrame) -> list[Alert]:
    alerts = []
    for row in shortfalls.iter_rows(named=True):
        fields = {
            "debit_id": row["debit_id"],
            "source": row["source"],
            "payee_name": row["payee_name"],
            "category": row["category"],
            "due_on": str(row["due_on"]),
            "debit_amount_paise": row["amount_paise"],
            "projected_balance_paise": row["projected_balance_before_paise"],
            "shortfall_paise": row["amount_paise"] - row["projected_balance_before_paise"],
        }
        alerts.append(
            Alert(row["person_ref"], row["debit_id"], SHORTFALL, _period(row["due_on"]), fields)
        )
    return alerts


def _period(day: date) -> str:
    return f"{day:%Y-%m}"
