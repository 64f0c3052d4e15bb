"""The forecast and alert assets in Dagster, on a copy of the population with a few budgets:
the checks pass, a second run reproduces the metrics and sends no alert twice."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
import polars as pl
import pytest
from sqlalchemy import select

from orchestration.defs.ml import forecast
from orchestration.resources import WarehouseResource
from payments.db import app_engine
from payments.tables import outbox

ASSETS = [forecast.spend_forecasts, forecast.balance_forecasts, forecast.budget_alerts_sent]
CHECKS = [
    forecast.FORECAST_MASE_BELOW_ONE,
    forecast.FORECAST_BEATS_NAIVE,
    forecast.FORECAST_REPRODUCIBLE,
    forecast.BALANCE_MASE_BELOW_ONE,
    forecast.BALANCE_BEATS_NAIVE,
    forecast.ALERTS_SENT_ONCE,
]
# A groceries budget of ₹5,000 for ten people in the population's last month.
BUDGETS_SQL = """
    insert into marts.fct_budget_status (budget_month_id, budget_id, person_ref, scope,
        category, month_start, is_rollover, monthly_limit_paise, carried_over_paise,
        limit_paise, spent_paise, remaining_paise, pct_used, days_left, status,
        transaction_count, as_of_date)
    select 'bm-' || person_ref, 'b-' || person_ref, person_ref, 'group', 'groceries',
        month_start, false, 500000, 0, 500000, sum(spend_paise), 500000 - sum(spend_paise),
        null, 1, 'ok', 1, date '2026-03-31'
    from marts.fct_spend_monthly
    where category = 'groceries' and month_start = date '2026-03-01' and person_ref <= 'P000010'
    group by person_ref, month_start
"""


def test_the_definitions_load() -> None:
    resources = dg.Definitions(resources={"warehouse": WarehouseResource()})
    defs = dg.Definitions.merge(forecast.defs, resources)
    dg.Definitions.validate_loadable(defs)
    specs = {s.key: s for s in defs.resolve_all_asset_specs() if s.key.path[0] == "ml"}
    assert set(specs) == {
        forecast.SPEND_FORECASTS,
        forecast.BALANCE_FORECASTS,
        forecast.BUDGET_ALERTS,
    }
    assert all(spec.tags.get("job") == "ml" and spec.group_name == "ml" for spec in specs.values())


def _materialize(home: Path) -> dg.ExecuteInProcessResult:
    resource = WarehouseResource(url=f"duckdb://{home / 'warehouse.duckdb'}", home=str(home))
    return dg.materialize(ASSETS, resources={"warehouse": resource})


def _metadata(result: dg.ExecuteInProcessResult, key: dg.AssetKey) -> dict[str, Any]:
    [event] = [e for e in result.get_asset_materialization_events() if e.asset_key == key]
    return {name: value.value for name, value in event.materialization.metadata.items()}


def _table(home: Path, sql: str) -> pl.DataFrame:
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as connection:
        return pl.from_arrow(connection.execute(sql).arrow())  # type: ignore[return-value]


@pytest.mark.slow
def test_forecasts_and_alerts_materialize_and_rerun_cleanly(
    ml_population: Any, hisaab_home: Path
) -> None:
    shutil.copyfile(ml_population.location.path, hisaab_home / "warehouse.duckdb")
    with duckdb.connect(str(hisaab_home / "warehouse.duckdb")) as connection:
        connection.execute(BUDGETS_SQL)
    first = _materialize(hisaab_home)
    assert first.success
    checks = {check.check_name: check.passed for check in first.get_asset_check_evaluations()}
    assert checks == dict.fromkeys(CHECKS, True)
    spend = _metadata(first, forecast.SPEND_FORECASTS)
    assert spend["median_mase"] < 1.0 and spend["method"]["prophet_fits"] == 64
    versions = _table(hisaab_home, "select distinct model_version from ml.spend_forecasts")
    assert versions.item() == spend["model_version"]
    sent = _metadata(first, forecast.BUDGET_ALERTS)["sent_now"]
    assert sent > 0

    second = _materialize(hisaab_home)
    reproduced = next(
        check
        for check in second.get_asset_check_evaluations()
        if check.check_name == forecast.FORECAST_REPRODUCIBLE
    )
    assert reproduced.passed and "same metrics" in str(reproduced.metadata["compared"].value)
    assert _metadata(second, forecast.BUDGET_ALERTS)["sent_now"] == 0
    with app_engine().connect() as conn:
        payloads: list[str] = list(conn.execute(select(outbox.c.payload)).scalars())
    assert sum(json.loads(p)["event_type"] == "budget.alert" for p in payloads) == sent
    assert _table(hisaab_home, "select count(*) from ml.budget_alerts").item() == sent
