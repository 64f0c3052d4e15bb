"""The issue's targets on the synthetic population (60 people x 12 months): the pooled model's
median series MASE is under 1.0 and under the seasonal naive's, for spend and for month-end
balances, and every recently active series gets a forecast."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import polars as pl
import pytest

from hisaab.settings import WarehouseLocation
from models_ml.forecast.balance_history import read_balance_history
from models_ml.forecast.balance_train import BalanceRun, train_balance
from models_ml.forecast.history import read_spend_history
from models_ml.forecast.schedule import known_flows, recurring_flows
from models_ml.forecast.train import SpendRun, train_spend

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def location(
    ml_population: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[WarehouseLocation]:
    """A copy: reading opens the warehouse for writing (its raw DDL), which the shared one
    must not be."""
    copied = tmp_path_factory.mktemp("forecast") / "warehouse.duckdb"
    shutil.copyfile(ml_population.location.path, copied)
    yield WarehouseLocation("duckdb", path=copied)


@pytest.fixture(scope="module")
def spend(location: WarehouseLocation) -> SpendRun:
    return train_spend(read_spend_history(location))


@pytest.fixture(scope="module")
def balance(location: WarehouseLocation, spend: SpendRun) -> BalanceRun:
    history, as_of = read_balance_history(location), spend.forecaster.as_of
    recurring = recurring_flows(history.schedule, as_of, as_of + timedelta(days=92))
    return train_balance(history, spend.forecaster, known_flows(recurring, recurring.clear()))


def test_spend_median_series_mase_is_under_one_and_beats_the_naive(spend: SpendRun) -> None:
    assert spend.metrics["series_scored"] >= 500
    assert spend.metrics["median_mase"] < 1.0
    assert spend.metrics["median_mase"] < spend.baseline_metrics["median_mase"]
    assert spend.backtests["origin"].n_unique() == 3


def test_every_recently_active_series_gets_three_months(spend: SpendRun) -> None:
    history = spend.forecaster.components.filter(pl.col("is_backtest")).select("period").max()
    assert history.item() == date(2026, 3, 1)
    periods = spend.forecasts.group_by("person_ref", "category_group").agg(pl.len())
    assert periods["len"].unique().to_list() == [3]
    assert set(spend.forecasts["model"]) == {"prophet", "seasonal_naive"}
    assert spend.forecasts["forecast_paise"].dtype == pl.Int64


def test_balance_median_mase_is_under_one_and_beats_the_naive(balance: BalanceRun) -> None:
    assert balance.metrics["series_scored"] == 60
    assert balance.metrics["median_mase"] < 1.0
    assert balance.metrics["median_mase"] < balance.baseline_metrics["median_mase"]
    assert balance.forecasts.height == 60 * 3
    assert balance.debits.height > 0 and balance.debits["amount_paise"].min() > 0  # type: ignore[operator]
