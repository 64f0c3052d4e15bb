"""The forecasting helpers on small handmade frames: months, baselines and MASE scales,
scoring and model choice, the reproducibility comparison and the pool size."""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime

import numpy as np
import polars as pl
import pytest

from models_ml.forecast.calendar import (
    add_months,
    festival_holidays,
    last_complete_month,
    month_end,
    months_between,
)
from models_ml.forecast.checks import beats_baseline, mase_below_ceiling, reproducible
from models_ml.forecast.evaluate import scored, series_scores, summary
from models_ml.forecast.panel import Panel
from models_ml.forecast.prophet_model import GroupJob, forecast_group, pool_size
from models_ml.registry import ModelRecord

MONTHS = [date(2025, month, 1) for month in (4, 5, 6, 7, 8)]


def _panel(spend: list[list[int]], recurring: list[list[int]], first: list[int]) -> Panel:
    series = pl.DataFrame({"person_ref": [f"P{i}" for i in range(len(spend))]}).with_columns(
        pl.lit("groceries").alias("category_group")
    )
    return Panel(series, MONTHS, np.array(spend), np.array(recurring), np.array(first))


def test_month_arithmetic_and_the_last_complete_month() -> None:
    assert add_months(date(2025, 11, 1), 3) == date(2026, 2, 1)
    assert month_end(date(2024, 2, 10)) == date(2024, 2, 29)
    assert months_between(date(2025, 12, 15), date(2026, 2, 1)) == [
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
    assert last_complete_month(date(2026, 3, 31)) == date(2026, 3, 1)
    assert last_complete_month(date(2026, 3, 30)) == date(2026, 2, 1)


def test_festival_windows_cover_the_diwali_sales() -> None:
    table = festival_holidays(2025, 2025).set_index("holiday")
    assert str(table.loc["Diwali", "ds"].date()) == "2025-10-20"
    assert table.loc["Diwali", "lower_window"] == -32


def test_seasonal_naive_recurring_level_and_scale() -> None:
    panel = _panel(
        spend=[[100, 300, 200, 400, 0], [0, 0, 50, 70, 90]],
        recurring=[[10, 10, 30, 10, 0], [0, 0, 0, 0, 0]],
        first=[0, 2],
    )
    assert panel.seasonal_naive(4).tolist() == [400, 70]
    assert panel.recurring_level(4).tolist() == [10, 0]  # median of 10, 30, 10
    scale = panel.mase_scale(4)
    assert scale[0] == pytest.approx((200 + 100 + 200) / 3)
    assert scale[1] == pytest.approx(20.0)  # only the months since P1 joined
    assert math.isnan(_panel([[5, 5, 5, 5, 5]], [[0] * 5], [3]).mase_scale(4)[0])


def _backtest_rows() -> pl.DataFrame:
    rows = [
        ("A", "prophet", 100, 110, 20.0),
        ("A", "seasonal_naive", 130, 110, 20.0),
        ("B", "prophet", 50, 40, 10.0),
        ("B", "seasonal_naive", 45, 40, 10.0),
        ("C", "prophet", 7, 7, 0.0),
        ("C", "seasonal_naive", 7, 7, 0.0),
    ]
    frame = pl.DataFrame(
        rows,
        schema=["person_ref", "model", "forecast_paise", "actual_paise", "scale"],
        orient="row",
    )
    return scored(frame)


def test_mase_is_the_error_over_the_naive_scale_and_null_without_one() -> None:
    frame = _backtest_rows()
    assert frame["abs_error_paise"].to_list() == [10, 20, 10, 5, 0, 0]
    assert frame["mase"].to_list()[:4] == [0.5, 1.0, 1.0, 0.5]
    assert frame["mase"].null_count() == 2


def test_each_series_keeps_its_better_model_and_ties_keep_the_model() -> None:
    scores = series_scores(_backtest_rows(), ["person_ref"])
    assert dict(scores.select("person_ref", "model").iter_rows()) == {
        "A": "prophet",
        "B": "seasonal_naive",
        "C": "prophet",
    }
    metrics, baseline = summary(scores)
    assert metrics["median_mase"] == 0.75  # A and B; C has no scale
    assert metrics["median_mase_kept"] == 0.5
    assert baseline == {"median_mase": 0.75}
    assert mase_below_ceiling(metrics)
    assert not beats_baseline(metrics, baseline)


def _record(version: str, data_hash: str, metrics: dict[str, float], hour: int) -> ModelRecord:
    return ModelRecord(
        "spend_forecast",
        version,
        datetime(2026, 4, 1, hour, tzinfo=UTC),
        date(2025, 4, 1),
        date(2026, 3, 31),
        "[]",
        json.dumps(metrics),
        "{}",
        data_hash,
        42,
        "/dev/null",
    )


def test_reproducible_compares_with_the_latest_training_on_the_same_data() -> None:
    metrics = {"median_mase": 0.6}
    assert reproducible([], "spend_forecast", "h1", metrics) == (
        True,
        "first training on this data",
    )
    records = [
        _record("v1", "h1", {"median_mase": 0.7}, 1),
        _record("v2", "h1", metrics, 2),
        _record("v3", "h2", {"median_mase": 0.9}, 3),
    ]
    assert reproducible(records, "spend_forecast", "h1", metrics)[0]
    passed, detail = reproducible(records, "spend_forecast", "h1", {"median_mase": 0.61})
    assert not passed and "v2" in detail


def test_the_pool_starts_only_when_there_are_enough_fits() -> None:
    assert pool_size(64) == 1
    assert pool_size(150) == 2
    assert pool_size(1000, workers=1) == 1


def test_a_group_model_learns_the_weekly_rhythm_and_sums_months() -> None:
    days = np.arange(np.datetime64("2025-04-01"), np.datetime64("2025-07-01"))
    weekend = (days.astype("datetime64[D]").view("int64") - 4) % 7 >= 5  # 1970-01-01 a Thursday
    values = np.where(weekend, 300.0, 100.0)
    job = GroupJob("food", date(2025, 7, 1), date(2025, 4, 1), values, date(2025, 7, 31), 42)
    forecast = forecast_group(job)
    months = forecast.months
    assert list(months) == [date(2025, 7, 1)]
    assert len(forecast.fitted) == len(values)
    assert forecast.fitted[weekend].mean() == pytest.approx(300.0, rel=0.05)
    expected = sum(300.0 if d.weekday() >= 5 else 100.0 for d in _july())
    assert months[date(2025, 7, 1)] == pytest.approx(expected, rel=0.05)
    empty = GroupJob("rent", date(2025, 7, 1), date(2025, 4, 1), values * 0, date(2025, 8, 31), 42)
    assert forecast_group(empty).months == {date(2025, 7, 1): 0.0, date(2025, 8, 1): 0.0}


def _july() -> list[date]:
    return [date(2025, 7, day) for day in range(1, 32)]
