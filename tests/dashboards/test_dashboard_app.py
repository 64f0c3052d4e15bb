"""Every page runs from the entrypoint on the seeded home and shows its key figures, checked
against answers taken straight from the published snapshot; filters narrow them; a verdict on
the anomaly queue lands in the app database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboards.data import runs
from hisaab.feedback import latest_verdicts
from hisaab.money import format_inr_short, group_indian
from payments.db import app_engine
from tests.support.population import (
    DASHBOARD_BUDGET_PEOPLE,
    DASHBOARD_BUDGETS,
    DASHBOARD_PAYMENTS,
)

APP = str(Path(__file__).resolve().parents[2] / "dashboards" / "app.py")
PAGES = (
    "overview",
    "spending",
    "budgets",
    "recurring",
    "anomalies",
    "models",
    "payments",
    "quality",
)
SPEND = """
    select sum(amount_paise) from ml.ledger_categorized l
    join marts.dim_categories c using (category_id)
    where direction = 'debit' and not is_transfer and c.is_spend
"""


def _open(page: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=120)
    app.run()
    if page != "overview":
        app.switch_page(f"views/{page}.py").run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _metrics(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


@pytest.mark.slow
def test_every_page_runs_and_offers_its_data(dashboard_env: Path) -> None:
    for page in PAGES:
        app = _open(page)
        assert app.title[0].value, page
        assert not app.error, (page, [e.value for e in app.error])
        assert len(app.metric) >= 3, page
        assert app.get("download_button"), f"{page} has no export"


@pytest.mark.slow
def test_key_figures_match_the_snapshot(
    dashboard_env: Path, snapshot: Callable[[str], Any]
) -> None:
    overview = _metrics(_open("overview"))
    assert overview["Active people"] == group_indian(
        snapshot("select count(distinct person_ref) from ml.ledger_categorized")
    )
    assert overview["Transactions"] == group_indian(
        snapshot("select count(*) from marts.fct_ledger")
    )
    assert _metrics(_open("spending"))["Spend"] == format_inr_short(int(snapshot(SPEND)))
    budget_months = len(DASHBOARD_BUDGET_PEOPLE) * len(DASHBOARD_BUDGETS) * 12
    assert _metrics(_open("budgets"))["Budget-months"] == group_indian(budget_months)
    assert _metrics(_open("payments"))["Payments"] == str(DASHBOARD_PAYMENTS)
    flagged = snapshot("select count(*) from ml.anomaly_review_queue")
    assert flagged > 0 and _metrics(_open("anomalies"))["Flagged"] == group_indian(flagged)
    accuracy = snapshot(
        "select json_extract(metrics, '$.accuracy')::double from ml.model_registry"
        " where name = 'categorizer'"
    )
    assert _metrics(_open("models"))["Categorizer accuracy"] == f"{accuracy:.3f}"
    quality = _metrics(_open("quality"))
    checks = runs.check_history(runs.dagster_home())
    latest = checks.sort("evaluated_at").group_by("asset", "check_name").last()
    assert latest.height > 100 and quality["Checks"] == group_indian(latest.height)
    passing = latest.filter("passed").height / latest.height
    assert quality["Passing now"] == f"{passing:.1%}"


@pytest.mark.slow
def test_the_sidebar_filters_narrow_every_figure(
    dashboard_env: Path, snapshot: Callable[[str], Any]
) -> None:
    app = _open("overview")
    app.radio(key="period_kind").set_value("Calendar month").run()
    app.selectbox(key="month").set_value("2025-10").run()
    app.multiselect(key="banks").set_value(["sbi"]).run()
    assert not app.exception
    expected = snapshot(
        "select count(*) from marts.fct_ledger where bank = 'sbi'"
        " and month_start = date '2025-10-01'"
    )
    assert 0 < expected < snapshot("select count(*) from marts.fct_ledger")
    assert _metrics(app)["Transactions"] == group_indian(expected)
    app.multiselect(key="tiers").set_value(["unknown"]).run()  # nobody has told the app a city
    assert _metrics(app)["Transactions"] == group_indian(expected)


@pytest.mark.slow
def test_an_analyst_verdict_reaches_the_app_database(dashboard_env: Path) -> None:
    app = _open("anomalies")
    chosen = app.selectbox(key="verdict_row").value
    app.radio(key="verdict_value").set_value("suspicious")
    app.text_input(key="verdict_analyst").set_value("asha.analyst")
    app.button[0].click().run()
    assert not app.exception and app.success
    verdicts = latest_verdicts(app_engine())
    assert verdicts.select("transaction_id", "verdict", "source", "reviewed_by").rows() == [
        (chosen, "suspicious", "analyst", "asha.analyst")
    ]
