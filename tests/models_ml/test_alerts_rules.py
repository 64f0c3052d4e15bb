"""Budget projections and which alerts they call for, on handmade marts and forecasts."""

from __future__ import annotations

from datetime import date

import polars as pl

from models_ml.alerts.inputs import AlertInputs
from models_ml.alerts.rules import SHORTFALL, budget_alerts, project_budgets, shortfall_alerts

MARCH, AS_OF = date(2026, 3, 1), date(2026, 3, 21)  # days_left 11 (the 21st counts)


def _budget(
    budget_id: str, person: str, scope: str, category: str, limit: int, spent: int
) -> dict[str, object]:
    return {
        "budget_id": budget_id,
        "person_ref": person,
        "scope": scope,
        "category": category,
        "month_start": MARCH,
        "limit_paise": limit,
        "spent_paise": spent,
        "days_left": 11,
        "as_of_date": AS_OF,
    }


def _inputs() -> AlertInputs:
    budgets = pl.DataFrame(
        [
            _budget("food", "P1", "group", "food_dining", 10_000, 7_000),
            _budget("shoes", "P1", "category", "shopping:fashion_footwear", 50_000, 1_000),
            _budget("emi", "P2", "group", "emi_loans", 600_000, 0),
            _budget("idle", "P2", "group", "travel", 100_000, 0),
        ]
    )
    forecasts = pl.DataFrame(
        {
            "person_ref": ["P1", "P1", "P2"],
            "category_group": ["food_dining", "shopping", "travel"],
            "period": [MARCH, MARCH, date(2026, 4, 1)],
            "nonrecurring_paise": [9_300, 62_000, 500_000],
        }
    )
    shares = pl.DataFrame(
        {
            "person_ref": ["P1", "P1"],
            "category_group": ["shopping", "shopping"],
            "category_id": ["shopping:fashion_footwear", "shopping:online"],
            "leaf_share": [0.5, 0.5],
        }
    )
    due = pl.DataFrame(
        {
            "person_ref": ["P2", "P2", "P2"],
            "category_group": ["emi_loans", "emi_loans", "rent"],
            "category_id": ["emi_loans:emi", "emi_loans:emi", "rent:rent"],
            "expected_next_on": [date(2026, 3, 25), date(2026, 4, 25), date(2026, 3, 28)],
            "expected_next_amount_paise": [598_000, 598_000, 1_000_000],
        }
    )
    return AlertInputs(budgets, shares, due, forecasts, _shortfalls())


def _shortfalls() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "person_ref": ["P2"],
            "debit_id": ["series-emi"],
            "source": ["recurring"],
            "payee_name": ["HDFC LOANS"],
            "category": ["emi_loans"],
            "direction": ["debit"],
            "due_on": [date(2026, 4, 5)],
            "amount_paise": [598_000],
            "projected_balance_before_paise": [450_000],
            "is_shortfall": [True],
        }
    )


def test_projection_adds_the_rest_of_the_month_and_the_debits_still_due() -> None:
    projected = {row["budget_id"]: row for row in project_budgets(_inputs()).iter_rows(named=True)}
    # 10 of March's 31 days are still to come after the 21st.
    assert projected["food"]["forecast_rest_paise"] == 3_000
    assert projected["food"]["projected_paise"] == 10_000
    # A leaf budget takes its share of the group forecast.
    assert projected["shoes"]["forecast_rest_paise"] == 10_000
    # The EMI due on the 25th counts; April's and the rent (another group) do not.
    assert projected["emi"]["recurring_due_paise"] == 598_000
    assert projected["emi"]["projected_paise"] == 598_000
    # No forecast for this month and nothing spent or due: nothing projected.
    assert projected["idle"]["projected_paise"] == 0


def test_thresholds_fire_on_actual_or_projected_spend_each_once() -> None:
    alerts = budget_alerts(project_budgets(_inputs()))
    fired = {(a.subject_id, a.kind): a.fields["basis"] for a in alerts}
    assert fired == {
        ("emi", "budget_80"): "projected",
        ("food", "budget_80"): "projected",
        ("food", "budget_100"): "projected",
    }
    food = next(a for a in alerts if a.subject_id == "food" and a.kind == "budget_100")
    assert food.period == "2026-03" and food.person_ref == "P1"
    assert food.fields["limit_paise"] == 10_000 and food.fields["spent_paise"] == 7_000


def test_actual_spend_over_the_limit_is_the_basis_even_when_nothing_more_is_expected() -> None:
    inputs = _inputs()
    over = AlertInputs(
        inputs.budgets.with_columns(pl.lit(11_000).alias("spent_paise")),
        inputs.leaf_shares,
        inputs.due,
        inputs.forecasts.clear(),
        inputs.shortfalls,
    )
    alerts = budget_alerts(project_budgets(over))
    assert {a.fields["basis"] for a in alerts if a.subject_id == "food"} == {"actual"}


def test_a_shortfall_names_the_debit_and_how_much_is_missing() -> None:
    [alert] = shortfall_alerts(_shortfalls())
    assert (alert.kind, alert.subject_id, alert.period) == (SHORTFALL, "series-emi", "2026-04")
    assert alert.fields["shortfall_paise"] == 148_000
    assert alert.fields["due_on"] == "2026-04-05"
