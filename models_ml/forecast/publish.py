"""The ``ml`` tables the forecasts publish, each stamped with the model version behind it.

- ``spend_forecasts``: person x category group x month, the kept model's forecast.
- ``forecast_backtests``: every spend series, origin and model, with its error and MASE.
- ``balance_forecasts``: person x month, the projected month-end balance and its parts.
- ``balance_backtests``: as forecast_backtests, for the month-end balance (same columns, so a
  dashboard can union the two).
- ``upcoming_debits``: known automatic debits and the balance expected the evening before.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import polars as pl

from models_ml.forecast.balance_train import BalanceRun
from models_ml.forecast.train import SpendRun

BACKTEST_COLUMNS = [
    "series",
    "series_kind",
    "person_ref",
    "category_group",
    "origin",
    "period",
    "model",
    "forecast_paise",
    "actual_paise",
    "abs_error_paise",
    "scale_paise",
    "mase",
]


def stamp(frame: pl.DataFrame, version: str, as_of: date) -> pl.DataFrame:
    """Add model_version, as_of_date and generated_at (UTC, stored without a zone)."""
    generated_at = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    return frame.with_columns(
        pl.lit(version).alias("model_version"),
        pl.lit(as_of).alias("as_of_date"),
        pl.lit(generated_at).alias("generated_at"),
    )


def spend_tables(run: SpendRun, version: str) -> dict[str, pl.DataFrame]:
    as_of = run.forecaster.as_of
    return {
        "spend_forecasts": stamp(run.forecasts, version, as_of),
        "forecast_backtests": stamp(run.backtests.select(BACKTEST_COLUMNS), version, as_of),
    }


def balance_tables(run: BalanceRun, version: str, as_of: date) -> dict[str, pl.DataFrame]:
    backtests = run.backtests.with_columns(pl.lit(None, pl.String).alias("category_group"))
    return {
        "balance_forecasts": stamp(run.forecasts, version, as_of),
        "balance_backtests": stamp(backtests.select(BACKTEST_COLUMNS), version, as_of),
        "upcoming_debits": stamp(run.debits, version, as_of),
    }
