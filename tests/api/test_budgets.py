"""Budgets: CRUD through the API, and status numbers equal to SQL over the published ledger."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api.utils import V1, login


def _spent(client: TestClient, person_ref: str, group: str, month: str) -> tuple[int, int]:
    marts = client.app.state.marts  # type: ignore[attr-defined]
    row: dict[str, Any] = marts.rows(
        "select coalesce(sum(case when direction = 'debit' then amount_paise"
        " when is_refund then -amount_paise else 0 end), 0) as spent, count(*) as n"
        " from marts.fct_ledger where person_ref = :p and category = :g and not is_transfer"
        " and month_start = cast(:m as date)",
        {"p": person_ref, "g": group, "m": month},
    )[0]
    return int(row["spent"]), int(row["n"])


def test_budget_crud_and_ownership(population_client: TestClient) -> None:
    headers = login(population_client, "+91 90000 00007")["headers"]
    body = {"category": "groceries", "monthly_limit_paise": 1_200_000, "starts_on": "2025-05-17"}
    created = population_client.post(f"{V1}/budgets", json=body, headers=headers)
    assert created.status_code == 201, created.text
    budget = created.json()
    assert budget["scope"] == "group" and budget["starts_on"] == "2025-05-01"
    assert budget["monthly_limit_display"] == "₹12,000.00"
    assert population_client.post(f"{V1}/budgets", json=body, headers=headers).status_code == 409
    url = f"{V1}/budgets/{budget['budget_id']}"
    changed = population_client.patch(url, json={"monthly_limit_paise": 1_500_000}, headers=headers)
    assert changed.json()["monthly_limit_paise"] == 1_500_000
    stranger = login(population_client, "+91 90000 00008")["headers"]
    for method in ("get", "delete"):
        assert getattr(population_client, method)(url, headers=stranger).status_code == 404
    assert population_client.get(f"{V1}/budgets", headers=stranger).json() == []
    assert population_client.delete(url, headers=headers).status_code == 204
    assert population_client.get(url, headers=headers).status_code == 404
    bad = {"category": "not_a_group", "monthly_limit_paise": 100}
    assert population_client.post(f"{V1}/budgets", json=bad, headers=headers).status_code == 422


def test_status_equals_sql_with_rollover(population_client: TestClient) -> None:
    headers = login(population_client, "+91 90000 00009")["headers"]
    body = {
        "category": "food_dining",
        "monthly_limit_paise": 500_000,
        "starts_on": "2025-08-01",
        "rollover": True,
    }
    budget = population_client.post(f"{V1}/budgets", json=body, headers=headers).json()
    url = f"{V1}/budgets/{budget['budget_id']}/status"
    status = population_client.get(url, params={"month": "2025-10"}, headers=headers).json()
    spent_by_month = [
        _spent(population_client, "P000009", "food_dining", m)
        for m in ("2025-08-01", "2025-09-01", "2025-10-01")
    ]
    carried = sum(500_000 - spent for spent, _ in spent_by_month[:2])
    spent, count = spent_by_month[2]
    assert status["carried_over_paise"] == carried
    assert status["limit_paise"] == 500_000 + carried
    assert (status["spent_paise"], status["transaction_count"]) == (spent, count)
    assert status["remaining_paise"] == 500_000 + carried - spent
    assert status["days_left"] == 0 and status["computed_from"] == "ledger"
    assert (
        population_client.get(url, params={"month": "2025-07"}, headers=headers).status_code == 422
    )
    current = population_client.get(f"{V1}/budgets/status", headers=headers).json()
    assert [s["budget_id"] for s in current] == [budget["budget_id"]]
    assert current[0]["month"] == current[0]["as_of_date"][:8] + "01"
