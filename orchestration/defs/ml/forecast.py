"""Forecasts and budget alerts in Dagster: spend, then month-end balance, then the alerts.

``ml/spend_forecasts`` fits the pooled Prophet (one model per category group, see
``models_ml.forecast``), backtests it on rolling origins against the seasonal naive and
registers it; its blocking checks stop the balance forecast and the alerts when the median
series is not under MASE 1.0, not better than the naive, or not reproducible, and a model that
fails them publishes only its backtests (the previous forecasts stay). ``ml/balance_forecasts``
projects month-end balances from it and the known debits; ``ml/budget_alerts`` sends each
budget and shortfall alert once through the payments outbox.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import dagster as dg
import polars as pl

from hisaab.settings import WarehouseLocation
from models_ml.alerts.inputs import read_alert_inputs
from models_ml.alerts.rules import budget_alerts, project_budgets, shortfall_alerts
from models_ml.alerts.send import send_alerts, sent_alerts, sent_once
from models_ml.forecast import balance_train, train
from models_ml.forecast.balance_history import read_balance_history
from models_ml.forecast.calendar import month_end
from models_ml.forecast.checks import beats_baseline, mase_below_ceiling, reproducible, usable
from models_ml.forecast.history import read_spend_history
from models_ml.forecast.publish import balance_tables, spend_tables
from models_ml.forecast.schedule import known_until
from models_ml.registry import ModelRegistry
from models_ml.store import replace_table
from orchestration.defs.ml.common import ML_TAGS, blocking_check, model_registry
from orchestration.resources import WarehouseResource
from payments.db import app_engine

SPEND_MODEL, BALANCE_MODEL = "spend_forecast", "balance_forecast"
SPEND_FORECASTS = dg.AssetKey(["ml", "spend_forecasts"])
BALANCE_FORECASTS = dg.AssetKey(["ml", "balance_forecasts"])
BUDGET_ALERTS = dg.AssetKey(["ml", "budget_alerts"])
FORECAST_MASE_BELOW_ONE = "forecast_mase_below_one"
FORECAST_BEATS_NAIVE = "forecast_beats_seasonal_naive"
FORECAST_REPRODUCIBLE = "forecast_reproducible"
BALANCE_MASE_BELOW_ONE = "balance_mase_below_one"
BALANCE_BEATS_NAIVE = "balance_beats_seasonal_naive"
ALERTS_SENT_ONCE = "budget_alerts_sent_once"
KINDS = {"python", "prophet"}
# Tables published only by a model that passed its quality checks.
FORECAST_TABLES = {"spend_forecasts", "balance_forecasts", "upcoming_debits"}
Metadata = dict[str, dg.MetadataValue]  # type: ignore[type-arg]


def _marts(*names: str) -> list[dg.AssetKey]:
    return [dg.AssetKey(["marts", name]) for name in names]


def _register(registry: ModelRegistry, name: str, model: Any, run: Any, **record: Any) -> str:
    """Register a run (``SpendRun`` or ``BalanceRun``: metrics, baseline, data hash)."""
    return registry.register(
        name, model, metrics=run.metrics, baseline_metrics=run.baseline_metrics,
        data_hash=run.data_hash, **record,
    ).version  # fmt: skip


def _quality(
    names: tuple[str, str], metrics: dict[str, float], baseline: dict[str, float]
) -> list[dg.AssetCheckResult]:
    compared = {"median_mase": metrics["median_mase"], "naive_median_mase": baseline["median_mase"]}
    below, better = mase_below_ceiling(metrics), beats_baseline(metrics, baseline)
    return [
        dg.AssetCheckResult(check_name=names[0], passed=below, metadata=compared),
        dg.AssetCheckResult(check_name=names[1], passed=better, metadata=compared),
    ]


def _publish(
    location: WarehouseLocation, tables: dict[str, pl.DataFrame], checks: list[dg.AssetCheckResult]
) -> bool:
    """Write the tables; the forecasts themselves only when every check passed."""
    passed = all(check.passed for check in checks)
    for table, frame in tables.items():
        if passed or table not in FORECAST_TABLES:
            replace_table(location, table, frame)
    return passed


def _summary(version: str, run: Any, method: dict[str, object], published: bool) -> Metadata:
    """Metrics next to the baseline's (``baseline_*``), what was kept, how it was fitted."""
    baseline = {f"baseline_{name}": value for name, value in run.baseline_metrics.items()}
    kept = dict(run.forecasts.group_by("model").len().sort("model").iter_rows())
    return {
        "model_version": dg.MetadataValue.text(version),
        **{name: dg.MetadataValue.float(v) for name, v in {**run.metrics, **baseline}.items()},
        "rows": dg.MetadataValue.int(run.forecasts.height),
        "kept_models": dg.MetadataValue.json(kept),
        "method": dg.MetadataValue.json(method),
        "published": dg.MetadataValue.bool(published),
    }


@dg.asset(
    key=SPEND_FORECASTS,
    deps=_marts(
        "fct_spend_monthly", "fct_ledger_flows", "fct_ledger", "dim_categories",
        "fct_account_balances_daily",
    ),
    group_name="ml", kinds=KINDS, tags=ML_TAGS,
    description="Monthly spend per person and category group (pooled Prophet or seasonal naive, "
    "whichever backtested better per series); rolling-origin backtests in ml.forecast_backtests.",
    check_specs=[
        blocking_check(FORECAST_MASE_BELOW_ONE, "median series MASE under 1.0", SPEND_FORECASTS),
        blocking_check(
            FORECAST_BEATS_NAIVE,
            "median MASE under the seasonal naive's",
            SPEND_FORECASTS,
        ),
        blocking_check(FORECAST_REPRODUCIBLE, "same data and seed, same metrics", SPEND_FORECASTS),
    ],
)  # fmt: skip
def spend_forecasts(warehouse: WarehouseResource) -> dg.MaterializeResult:  # type: ignore[type-arg]
    location, registry = warehouse.location, model_registry(warehouse)
    run = train.train_spend(read_spend_history(location))
    same, compared = reproducible(registry.records(), SPEND_MODEL, run.data_hash, run.metrics)
    version = _register(
        registry, SPEND_MODEL, run.forecaster, run, window=run.window,
        features=train.FEATURES, seed=run.forecaster.seed,
    )  # fmt: skip
    names = (FORECAST_MASE_BELOW_ONE, FORECAST_BEATS_NAIVE)
    reproduced = dg.AssetCheckResult(
        check_name=FORECAST_REPRODUCIBLE, passed=same, metadata={"compared": compared}
    )
    checks = [*_quality(names, run.metrics, run.baseline_metrics), reproduced]
    published = _publish(location, spend_tables(run, version), checks)
    return dg.MaterializeResult(
        metadata=_summary(version, run, run.forecaster.method, published), check_results=checks
    )


@dg.asset(
    key=BALANCE_FORECASTS,
    deps=[
        SPEND_FORECASTS,
        *_marts("fct_cashflow_monthly", "fct_account_balances_daily", "fct_recurring",
                "fct_ledger_flows", "fct_ledger"),
    ],
    group_name="ml", kinds=KINDS, tags=ML_TAGS,
    description="Month-end balance per person from today's balance, the known debits and "
    "credits (fct_recurring, mandates) and the spend forecast; also ml.upcoming_debits.",
    check_specs=[
        blocking_check(BALANCE_MASE_BELOW_ONE, "median person MASE under 1.0", BALANCE_FORECASTS),
        blocking_check(
            BALANCE_BEATS_NAIVE,
            "median MASE under the last balance's",
            BALANCE_FORECASTS,
        ),
    ],
)  # fmt: skip
def balance_forecasts(warehouse: WarehouseResource) -> dg.MaterializeResult:  # type: ignore[type-arg]
    location, registry = warehouse.location, model_registry(warehouse)
    spend = usable(registry.records(), SPEND_MODEL)
    if spend is None:
        upstream = SPEND_FORECASTS.to_user_string()
        raise dg.Failure(f"no {SPEND_MODEL} that passed its checks: materialize {upstream}")
    forecaster: train.SpendForecaster = registry.load(spend)
    history = read_balance_history(location)
    until = month_end(forecaster.components["period"].max())  # type: ignore[arg-type]
    known, mandates = known_until(history.schedule, forecaster.as_of, until)
    run = balance_train.train_balance(history, forecaster, known)
    version = _register(
        registry, BALANCE_MODEL, run.scores, run, window=(spend.window_start, spend.window_end),
        features=balance_train.FEATURES, seed=forecaster.seed,
    )  # fmt: skip
    checks = _quality(
        (BALANCE_MASE_BELOW_ONE, BALANCE_BEATS_NAIVE), run.metrics, run.baseline_metrics
    )
    published = _publish(location, balance_tables(run, version, forecaster.as_of), checks)
    method = {
        "approach": "cash-flow projection: balance + known flows - pooled Prophet spend",
        "spend_model_version": spend.version, "mandates": mandates,
        "shortfalls": int(run.debits["is_shortfall"].sum()),
    }  # fmt: skip
    return dg.MaterializeResult(
        metadata=_summary(version, run, method, published), check_results=checks
    )


@dg.asset(
    key=BUDGET_ALERTS,
    deps=[
        SPEND_FORECASTS, BALANCE_FORECASTS,
        *_marts("fct_budget_status", "fct_recurring", "fct_spend_monthly"),
    ],
    group_name="ml", kinds={"python"}, tags=ML_TAGS,
    description="Budget alerts (actual or projected 80% and 100%) and shortfalls before known "
    "debits, each sent once as a budget.alert outbox event; ml.budget_alerts lists those sent.",
    check_specs=[
        blocking_check(
            ALERTS_SENT_ONCE,
            "each alert due sent, none twice",
            BUDGET_ALERTS,
        ),
    ],
)  # fmt: skip
def budget_alerts_sent(warehouse: WarehouseResource) -> dg.MaterializeResult:  # type: ignore[type-arg]
    location = warehouse.location
    inputs = read_alert_inputs(location)
    projected = project_budgets(inputs)
    alerts = budget_alerts(projected) + shortfall_alerts(inputs.shortfalls)
    engine = app_engine()
    sent_now = send_alerts(engine, alerts, datetime.now(UTC).replace(microsecond=0))
    sent = sent_alerts(engine)
    replace_table(location, "budget_projections", projected)
    replace_table(location, "budget_alerts", sent.rename({"person_id": "person_ref"}))
    counts = {
        "budgets": projected.height, "alerts_due": len(alerts), "sent_now": len(sent_now),
        "sent_total": sent.height,
    }  # fmt: skip
    once = dg.AssetCheckResult(check_name=ALERTS_SENT_ONCE, passed=sent_once(sent, alerts))
    return dg.MaterializeResult(
        metadata={name: dg.MetadataValue.int(value) for name, value in counts.items()},
        check_results=[once],
    )


defs = dg.Definitions(assets=[spend_forecasts, balance_forecasts, budget_alerts_sent])
