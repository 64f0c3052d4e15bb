"""Insights that read model outputs, against a private copy of the population to which small
``ml`` tables of the real shapes (as a model refresh writes them) are added before publishing."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.insights.periods import add_months
from api.people.enrol import enrol_population
from hisaab.serving import publish
from hisaab.settings import WarehouseLocation, get_settings
from tests.api.test_insights_api import get, phone, sql
from tests.api.utils import login
from tests.support.population import Population

ML_TABLES = {
    "spend_forecasts": "person_ref varchar, category_group varchar, period date,"
    " forecast_paise bigint, recurring_paise bigint, nonrecurring_paise bigint, model varchar,"
    " mase double, baseline_mase double, model_version varchar, as_of_date date,"
    " generated_at timestamp",
    "balance_forecasts": "person_ref varchar, month date, start_balance_paise bigint,"
    " known_credits_paise bigint, known_debits_paise bigint, spend_forecast_paise bigint,"
    " other_flows_paise bigint, cashflow_projection_paise bigint, model varchar,"
    " seasonal_naive_paise bigint, projected_month_end_balance_paise bigint, mase double,"
    " baseline_mase double, model_version varchar, as_of_date date, generated_at timestamp",
    "transaction_anomalies": "transaction_id varchar, person_ref varchar, business_date date,"
    " amount_paise bigint, payee_name varchar, score double, is_flagged boolean, reason varchar,"
    " rule_reasons varchar, model_version varchar, scored_at timestamp",
    "upcoming_debits": "person_ref varchar, debit_id varchar, source varchar, payee_name varchar,"
    " category varchar, direction varchar, due_on date, amount_paise bigint,"
    " projected_balance_before_paise bigint, is_shortfall boolean, model_version varchar,"
    " as_of_date date, generated_at timestamp",
}
SPEND_MODEL, BALANCE_MODEL = "spend_forecast-test-1", "balance_forecast-test-1"
ANOMALY_MODEL = "anomaly_detector-test-1"


def _model_outputs(db: duckdb.DuckDBPyConnection) -> None:
    """Forecasts for P000002 and P000003, a flagged payment for each, a shortfall warning."""
    day = db.execute("select max(business_date) from marts.fct_ledger").fetchone()[0]  # type: ignore[index]
    now, months = datetime(2026, 4, 1), [add_months(day.replace(day=1), k) for k in (1, 2)]
    db.execute("create schema ml")
    for table, columns in ML_TABLES.items():
        db.execute(f"create table ml.{table} ({columns})")
    for person, scale in (("P000002", 1), ("P000003", 7)):
        for month in months:
            for group, paise, model in (
                ("food_dining", 250_000, "prophet"),
                ("rent", 1_050_000, "seasonal_naive"),
            ):
                db.execute(
                    "insert into ml.spend_forecasts values"
                    " (?, ?, ?, ?, ?, ?, ?, 0.6, 0.9, ?, ?, ?)",
                    [
                        person,
                        group,
                        month,
                        paise * scale,
                        0,
                        paise * scale,
                        model,
                        SPEND_MODEL,
                        day,
                        now,
                    ],
                )
            db.execute(
                "insert into ml.balance_forecasts values"
                " (?, ?, 9000000, 3000000, 1000000, 1500000, 70000, 9430000, 'prophet', 9000000,"
                " ?, 0.4, 0.5, ?, ?, ?)",
                [person, month, 9_430_000 * scale, BALANCE_MODEL, day, now],
            )
        db.execute(
            "insert into ml.transaction_anomalies select transaction_id, person_ref, business_date,"
            " amount_paise, 'ACME', 0.97, true, 'sent from A/c 123456789012 at 3 am', null, ?, ?"
            " from marts.fct_ledger where person_ref = ? and direction = 'debit' and transaction_id"
            " not in (select transaction_id from marts.fct_anomalies)"
            " order by transaction_id limit 1",
            [ANOMALY_MODEL, now, person],
        )
    db.execute(
        "insert into ml.upcoming_debits select person_ref, series_id, 'recurring', payee_name,"
        " category, 'debit', expected_next_on, expected_next_amount_paise, 100, true, ?, ?, ?"
        " from marts.fct_recurring where person_ref = 'P000002' and is_active"
        " and direction = 'debit' and expected_next_on > ? order by expected_next_on limit 1",
        [BALANCE_MODEL, day, now, day],
    )


@pytest.fixture
def models_client(population: Population, hisaab_home: Path) -> Iterator[TestClient]:
    location = WarehouseLocation("duckdb", path=hisaab_home / "warehouse.duckdb")
    assert location.path is not None and population.location.path is not None
    shutil.copyfile(population.location.path, location.path)
    with duckdb.connect(str(location.path)) as db:
        _model_outputs(db)
    publish(location, hisaab_home / "published")
    app = create_app(get_settings())
    enrol_population(app.state.engine, app.state.cipher, population.landing)
    with TestClient(app) as client:
        yield client


def _ml(client: TestClient, table: str, person_ref: str) -> list[dict[str, Any]]:
    return sql(client, f"select * from ml.{table} where person_ref = :p", p=person_ref)


def test_forecast_serves_the_models_output(models_client: TestClient) -> None:
    headers = login(models_client, phone("P000002"))["headers"]
    body = get(models_client, headers, "forecast")
    assert (body["spend_model_version"], body["balance_model_version"]) == (
        SPEND_MODEL,
        BALANCE_MODEL,
    )
    spend = _ml(models_client, "spend_forecasts", "P000002")
    months = sorted({row["period"].isoformat() for row in spend})
    assert [month["month"] for month in body["spend"]] == months
    for month in body["spend"]:
        rows = [r for r in spend if r["period"].isoformat() == month["month"]]
        assert month["forecast_paise"] == sum(r["forecast_paise"] for r in rows) == 1_300_000
        assert [g["category_group"] for g in month["groups"]] == ["rent", "food_dining"]
        assert (
            month["groups"][0]["model"] == "seasonal_naive"
            and month["groups"][0]["group_name"] == "Rent"
        )
    balance = _ml(models_client, "balance_forecasts", "P000002")
    assert [b["projected_month_end_balance_paise"] for b in body["balance"]] == [
        r["projected_month_end_balance_paise"] for r in sorted(balance, key=lambda r: r["month"])
    ]
    assert body["balance"][0]["projected_month_end_balance_display"] == "₹94,300.00"
    one = get(models_client, headers, "forecast", months=1)
    assert len(one["spend"]) == len(one["balance"]) == 1
    assert (
        models_client.get(
            "/api/v1/insights/forecast", params={"months": 13}, headers=headers
        ).status_code
        == 422
    )


def test_anomalies_and_upcoming_carry_the_models_view(models_client: TestClient) -> None:
    headers = login(models_client, phone("P000002"))["headers"]
    scored = _ml(models_client, "transaction_anomalies", "P000002")[0]
    items = {i["transaction_id"]: i for i in get(models_client, headers, "anomalies")["items"]}
    rules = sql(
        models_client,
        "select distinct transaction_id from marts.fct_anomalies where person_ref = 'P000002'",
    )
    assert set(items) == {scored["transaction_id"]} | {r["transaction_id"] for r in rules}
    flagged = items[scored["transaction_id"]]
    assert (flagged["score"], flagged["model_version"]) == (0.97, ANOMALY_MODEL)
    assert flagged["reasons"] == [
        {
            "source": "model",
            "rule": None,
            "severity": None,
            "reason": "sent from A/c XXXXXXXX9012 at 3 am",
        }
    ]
    other = _ml(models_client, "transaction_anomalies", "P000003")[0]["transaction_id"]
    assert other not in items
    url = f"/api/v1/insights/anomalies/{scored['transaction_id']}/feedback"
    assert models_client.post(url, json={"verdict": "fraud"}, headers=headers).status_code == 201
    assert (
        models_client.post(
            f"/api/v1/insights/anomalies/{other}/feedback",
            json={"verdict": "fraud"},
            headers=headers,
        ).status_code
        == 404
    )
    warned = _ml(models_client, "upcoming_debits", "P000002")[0]
    days = (warned["due_on"] - warned["as_of_date"]).days
    body = get(models_client, headers, "upcoming", days=max(days, 1))
    match = [
        i
        for i in body["items"]
        if (i["debit_id"], i["due_on"]) == (warned["debit_id"], warned["due_on"].isoformat())
    ]
    assert (
        match
        and match[0]["projected_balance_before_paise"] == 100
        and match[0]["is_shortfall"] is True
    )
    assert body["balance_model_version"] == BALANCE_MODEL
    assert all(i["is_shortfall"] is None for i in body["items"] if i is not match[0])
