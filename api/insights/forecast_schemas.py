"""What the forecast insight answers (exact models for OpenAPI).

Fields a model refresh may not write (older model outputs have fewer columns) are nullable;
metrics are floats because they are ratios (MASE: the model's error over a naive forecast's,
below 1 is better than repeating last season), never money.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, Field

from api.insights.priced import Priced

Mase = Annotated[
    float | None,
    Field(description="Backtest error over the seasonal-naive baseline's; < 1 is better"),
]


class GroupForecast(Priced):
    category_group: str = Field(examples=["food_dining"])
    group_name: str
    forecast_paise: int
    forecast_display: str
    recurring_paise: int | None = Field(description="Of which known recurring payments")
    recurring_display: str | None
    nonrecurring_paise: int | None
    nonrecurring_display: str | None
    model: str | None = Field(description="The method chosen for this series", examples=["prophet"])
    mase: Mase
    baseline_mase: float | None = Field(None, description="The seasonal-naive baseline's MASE")


class SpendForecastMonth(Priced):
    month: date = Field(description="First day of the forecast month")
    forecast_paise: int = Field(description="Sum over the category groups")
    forecast_display: str
    groups: list[GroupForecast] = Field(description="Largest first")


class BalanceForecastMonth(Priced):
    month: date = Field(description="First day of the forecast month")
    projected_month_end_balance_paise: int
    projected_month_end_balance_display: str
    start_balance_paise: int | None = Field(description="Balance on the as-of date")
    start_balance_display: str | None
    known_credits_paise: int | None = Field(description="Expected salary and other known credits")
    known_credits_display: str | None
    known_debits_paise: int | None = Field(description="EMIs, SIPs, bills and mandate debits")
    known_debits_display: str | None
    spend_forecast_paise: int | None = Field(description="Forecast non-recurring spend")
    spend_forecast_display: str | None
    model: str | None = Field(examples=["prophet"])
    mase: Mase


class Forecast(BaseModel):
    as_of_date: date | None = Field(description="The ledger day the forecasts start after")
    spend_model_version: str | None = Field(description="null before the first model refresh")
    balance_model_version: str | None
    spend: list[SpendForecastMonth]
    balance: list[BalanceForecastMonth]
