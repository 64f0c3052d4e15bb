"""The data behind the pages, called directly on the seeded home and checked against the
snapshot; demographics against a snapshot that has ``dim_people``; no export carries a VPA."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest

from dashboards.data import (
    anomalies,
    budgets,
    models,
    overview,
    payments,
    recurring,
    runs,
    spending,
)
from dashboards.data.options import filter_options
from dashboards.data.source import tables
from dashboards.filters import Filters
from hisaab.serving import PublishedMarts, current_snapshot
from hisaab.settings import get_settings
from tests.support.population import DASHBOARD_PAYMENTS

PER_FILTER: list[Callable[..., pl.DataFrame]] = [
    overview.key_figures,
    overview.monthly_volume,
    overview.source_coverage,
    overview.category_sources,
    spending.by_category_month,
    spending.top_merchants,
    spending.payment_modes,
    spending.festival_effect,
    budgets.adherence,
    budgets.blown_categories,
    budgets.alerts_sent,
    recurring.by_kind,
    recurring.price_rises,
    recurring.missed_payments,
    anomalies.review_queue,
    anomalies.queue_summary,
    models.confidence_histogram,
    models.forecast_backtests,
    payments.key_figures,
    payments.by_day,
    payments.decline_reasons,
    payments.reconciliation,
]


def test_filters_narrow_the_ledger_like_sql_does(
    marts: PublishedMarts, snapshot: Callable[[str], Any]
) -> None:
    present = tables(marts)
    fy = Filters(
        period_kind="fy", period="FY2025-26", banks=("hdfc", "icici"), categories=("groceries",)
    )
    figures = overview.key_figures(marts, fy, present).row(0, named=True)
    assert figures["transactions"] == snapshot(
        "select count(*) from ml.ledger_categorized where bank in ('hdfc', 'icici')"
        " and category = 'groceries' and financial_year = 'FY2025-26'"
    )
    month = overview.key_figures(marts, Filters(period_kind="month", period="2025-12"), present)
    assert month["transactions"].item() == snapshot(
        "select count(*) from marts.fct_ledger where month_start = date '2025-12-01'"
    )
    nobody = overview.key_figures(marts, Filters(city_tiers=("1",)), present)
    assert nobody["transactions"].item() == 0  # no profile says tier 1: nobody is invented


def test_every_query_runs_under_every_kind_of_filter(marts: PublishedMarts) -> None:
    present = tables(marts)
    options = filter_options(marts, present)
    assert options.months[0] == "2026-03" and options.financial_years == ("FY2025-26",)
    assert "unknown" in options.city_tiers and "groceries" in options.categories
    everything = Filters(
        period_kind="month",
        period="2026-03",
        banks=options.banks[:2],
        city_tiers=("unknown",),
        age_bands=("unknown",),
        categories=("groceries", "food_dining"),
    )
    for function in PER_FILTER:
        for chosen in (Filters(), everything):
            assert isinstance(function(marts, chosen, present), pl.DataFrame), function


def test_payments_budgets_and_models_read_what_the_pipeline_built(marts: PublishedMarts) -> None:
    present = tables(marts)
    figures = payments.key_figures(marts, Filters(), present).row(0, named=True)
    assert figures["payments"] == DASHBOARD_PAYMENTS
    assert 0 < figures["succeeded"] <= figures["settled"] <= DASHBOARD_PAYMENTS
    assert figures["median_latency_s"] >= 0
    adherence = budgets.adherence(marts, Filters(), present)
    assert (adherence["within"] + adherence["warning"] + adherence["exceeded"]).to_list() == (
        adherence["budget_months"].to_list()
    )
    metrics = models.registry_metrics(marts, present)
    assert {"categorizer", "anomaly_detector", "spend_forecast"} <= set(metrics["model"])
    backtests = models.forecast_backtests(marts, Filters(), present)
    assert {"prophet", "seasonal_naive"} <= set(backtests["model"])


def test_festive_seasons_lift_shopping(marts: PublishedMarts) -> None:
    effect = spending.festival_effect(marts, Filters(), tables(marts))
    shopping = effect.filter(pl.col("category") == "shopping")
    assert shopping["lift"].item() > 1.2  # the sandbox's sales before Diwali


def test_sources_and_checks_come_from_the_recorded_runs(dashboard_env: Path) -> None:
    home = runs.dagster_home()
    freshness = runs.source_freshness(home)
    assert freshness["run_status"].to_list() == ["SUCCESS"] * 4
    checks = runs.check_history(home)
    assert {"bank_sync", "ml_refresh"} <= set(checks["job"])
    assert "great_expectations" in set(checks["check_name"])
    assert runs.runs_over_time(checks)["checks"].sum() == checks.height
    assert runs.source_freshness(home / "nowhere")["run_status"].to_list() == ["never loaded"] * 4


@pytest.fixture
def profiled(
    dashboard_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> PublishedMarts:
    """A private snapshot where ``dim_people`` knows a city tier and age band for some people."""
    published = tmp_path / "published"
    published.mkdir()
    shutil.copyfile(current_snapshot(), published / "warehouse-test.duckdb")
    (published / "current.duckdb").symlink_to("warehouse-test.duckdb")
    with duckdb.connect(str(published / "warehouse-test.duckdb")) as connection:
        connection.execute("""
            create or replace table marts.dim_people as
            select person_ref, 'Pune' as city,
                case when person_ref <= 'P000010' then 1 when person_ref <= 'P000020' then 2 end
                    as city_tier,
                case when person_ref <= 'P000030' then '25-34' else 'unknown' end as age_band
            from (select distinct person_ref from marts.fct_ledger where person_ref <= 'P000040')
        """)  # people after P000040 have no profile at all
    monkeypatch.setenv("HISAAB_HOME", str(tmp_path))
    get_settings.cache_clear()
    return PublishedMarts()


def test_demographics_count_missing_people_as_unknown(profiled: PublishedMarts) -> None:
    present = tables(profiled)
    people = {
        tiers: overview.key_figures(profiled, Filters(city_tiers=tiers), present)[
            "active_people"
        ].item()
        for tiers in (("1",), ("2",), ("unknown",), ("1", "unknown"))
    }
    assert people[("1",)] == 10 and people[("2",)] == 10
    assert people[("unknown",)] == 40  # 20 without a tier plus 20 without a profile
    assert people[("1", "unknown")] == 50
    young = overview.key_figures(profiled, Filters(age_bands=("25-34",)), present)
    assert young["active_people"].item() == 30
    assert filter_options(profiled, present).city_tiers == ("1", "2", "unknown")


def test_no_export_holds_a_vpa_or_an_account_number(
    marts: PublishedMarts, snapshot: Callable[[str], Any]
) -> None:
    present = tables(marts)
    vpas = {
        row["vpa"]
        for row in marts.rows("select distinct vpa from marts.fct_ledger where vpa is not null")
    }
    numbers = {
        row["account_key"]
        for row in marts.rows("select distinct account_key from marts.dim_accounts")
    }
    assert vpas and numbers
    for function in PER_FILTER:
        text = function(marts, Filters(), present).write_csv()
        assert not any(vpa in text for vpa in vpas), function
        assert not any(key in text for key in numbers), function
