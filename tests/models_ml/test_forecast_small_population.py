"""The spend forecast end to end on three handmade people (a few Prophet fits, in process),
and the balance projection's schedule, daily path and shortfall on handmade frames."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl
import pytest

from models_ml.forecast.history import SpendHistory, build_history
from models_ml.forecast.projection import build_path, month_ends, upcoming_debits
from models_ml.forecast.schedule import known_flows, occurrences, recurring_flows
from models_ml.forecast.train import SpendRun, train_spend

START, AS_OF = date(2025, 4, 1), date(2025, 9, 30)
RENT_PAISE = 2_000_000


def _daily_rows() -> list[tuple[str, str, date, bool, int]]:
    """P1 and P2 buy groceries every day (P2 twice as much, more at weekends); P1 pays rent on
    the 3rd; P3 only joined in August."""
    rows = []
    day = START
    while day <= AS_OF:
        weekend = 2 if day.weekday() >= 5 else 1
        rows.append(("P1", "groceries", day, False, 10_000 * weekend))
        rows.append(("P2", "groceries", day, False, 20_000 * weekend))
        if day >= date(2025, 8, 1):
            rows.append(("P3", "groceries", day, False, 5_000 * weekend))
        if day.day == 3:
            rows.append(("P1", "rent", day, True, RENT_PAISE))
        day += timedelta(days=1)
    return rows


def _history() -> SpendHistory:
    daily = pl.DataFrame(
        _daily_rows(),
        schema=["person_ref", "category_group", "business_date", "is_recurring", "outflow_paise"],
        orient="row",
    )
    monthly = (
        daily.group_by("person_ref", "category_group", pl.col("business_date").dt.truncate("1mo"))
        .agg(pl.col("outflow_paise").sum().alias("spend_paise"))
        .rename({"business_date": "month_start"})
    )
    spans = pl.DataFrame(
        {
            "person_ref": ["P1", "P2", "P3"],
            "first_day": [START, START, date(2025, 8, 1)],
            "last_day": [AS_OF] * 3,
        }
    )
    return build_history(AS_OF, daily, monthly, spans)


@pytest.fixture(scope="module")
def run() -> SpendRun:
    return train_spend(_history(), workers=1)


def _forecast(run: SpendRun, person: str, group: str, period: date) -> int:
    rows = run.forecasts.filter(
        (pl.col("person_ref") == person)
        & (pl.col("category_group") == group)
        & (pl.col("period") == period)
    )
    return int(rows["forecast_paise"].item())


def test_origins_are_the_last_three_complete_months(run: SpendRun) -> None:
    origins = sorted(run.backtests["origin"].unique().to_list())
    assert origins == [date(2025, 7, 1), date(2025, 8, 1), date(2025, 9, 1)]
    assert set(run.backtests["model"]) == {"prophet", "seasonal_naive"}
    # P3 joined in August: too new to be scored before October.
    assert run.backtests.filter(pl.col("person_ref") == "P3").height == 0


def test_the_forecast_covers_three_months_and_scales_the_group_per_person(run: SpendRun) -> None:
    assert sorted(run.forecasts["period"].unique().to_list()) == [
        date(2025, 10, 1),
        date(2025, 11, 1),
        date(2025, 12, 1),
    ]
    october = date(2025, 10, 1)
    p1, p2 = _forecast(run, "P1", "groceries", october), _forecast(run, "P2", "groceries", october)
    weekends = sum(1 for d in range(31) if (october + timedelta(days=d)).weekday() >= 5)
    assert p1 == pytest.approx(10_000 * (31 + weekends), rel=0.05)
    assert p2 == pytest.approx(2 * p1, rel=0.02)
    # A new person is forecast by the pooled model from the days they were there.
    assert _forecast(run, "P3", "groceries", october) == pytest.approx(p1 / 2, rel=0.05)
    assert _forecast(run, "P1", "rent", october) == RENT_PAISE


def test_forecasts_are_integer_paise_with_their_parts(run: SpendRun) -> None:
    forecasts = run.forecasts
    assert forecasts["forecast_paise"].dtype == pl.Int64
    parts = forecasts["recurring_paise"] + forecasts["nonrecurring_paise"]
    assert (parts == forecasts["forecast_paise"]).all()


def test_the_same_data_and_seed_give_the_same_forecasts(run: SpendRun) -> None:
    again = train_spend(_history(), workers=1)
    assert again.metrics == run.metrics and again.data_hash == run.data_hash
    assert again.forecasts.equals(run.forecasts)


def test_a_schedule_repeats_by_calendar_month_and_a_late_payment_is_due_tomorrow() -> None:
    as_of = date(2026, 1, 31)
    dates = occurrences("monthly", 30.5, date(2026, 1, 31), date(2026, 1, 20), date(2026, 4, 30))
    assert dates == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
    ]
    assert occurrences("monthly", 28.0, date(2026, 2, 1), as_of, date(2026, 3, 31)) == [
        date(2026, 2, 1),
        date(2026, 3, 1),
        date(2026, 3, 29),
    ]
    assert occurrences("monthly", 30.0, date(2026, 1, 25), as_of, date(2026, 3, 1)) == [
        date(2026, 2, 1),
        date(2026, 2, 25),
    ]


def _schedule() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "series_id": ["emi", "salary"],
            "person_ref": ["P1", "P1"],
            "account_id": ["P1:a", "P1:a"],
            "payee_name": ["HDFC LOANS", "ACME"],
            "direction": ["debit", "credit"],
            "category": ["emi_loans", "income"],
            "cadence": ["monthly", "monthly"],
            "median_interval_days": [30.0, 30.0],
            "expected_next_on": [date(2026, 4, 5), date(2026, 4, 30)],
            "expected_next_amount_paise": [1_500_000, 5_000_000],
        }
    )


def test_an_announced_mandate_debit_replaces_the_same_recurring_debit() -> None:
    recurring = recurring_flows(_schedule(), date(2026, 3, 31), date(2026, 4, 30))
    mandate = recurring.filter(pl.col("debit_id") == "emi").with_columns(
        pl.lit("notice-1").alias("debit_id"),
        pl.lit("mandate").alias("source"),
        pl.lit(date(2026, 4, 6)).alias("due_on"),
    )
    known = known_flows(recurring, mandate)
    assert known.select("debit_id", "due_on").rows() == [
        ("notice-1", date(2026, 4, 6)),
        ("salary", date(2026, 4, 30)),
    ]


def test_the_path_warns_before_a_debit_it_cannot_cover() -> None:
    as_of, until = date(2026, 3, 31), date(2026, 4, 30)
    known = recurring_flows(_schedule(), as_of, until)
    spend = pl.DataFrame(
        {"person_ref": ["P1"], "period": [date(2026, 4, 1)], "spend_paise": [300_000]}
    )
    path = build_path({"P1": 1_000_000.0}, spend, {"P1": 0.0}, known, as_of, until)
    ends = month_ends(path, [date(2026, 4, 1)]).row(0, named=True)
    assert ends["known_debits_paise"] == 1_500_000 and ends["known_credits_paise"] == 5_000_000
    assert ends["cashflow_projection_paise"] == 1_000_000 - 1_500_000 + 5_000_000 - 300_000
    [debit] = upcoming_debits(path, known, as_of).iter_rows(named=True)
    assert debit["debit_id"] == "emi" and debit["is_shortfall"]
    assert debit["projected_balance_before_paise"] == 1_000_000 - 4 * 10_000  # 4 days of spend
    assert np.isclose(path.before(0, as_of + timedelta(days=1)), 1_000_000)
