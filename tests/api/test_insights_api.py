"""Cash-flow, category and recurring insights against a published copy of the synthetic
population, signed in for real: every figure ties to SQL on the marts it comes from."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from api.insights.periods import add_months, fy_of
from api.insights.recurring import kind_of, series
from hisaab.money import format_inr
from tests.api.utils import V1, enrol, login

FLOWS = ("income_paise", "spend_paise", "investments_paise", "other_outflows_paise")


def phone(person_ref: str) -> str:
    return f"+91 90000 {int(person_ref[1:]):05d}"


def sql(client: TestClient, query: str, **params: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = client.app.state.marts.rows(query, params)  # type: ignore[attr-defined]
    return rows


def as_of(client: TestClient) -> date:
    return date.fromisoformat(
        str(sql(client, "select max(business_date) as d from marts.fct_ledger")[0]["d"])
    )


def get(client: TestClient, headers: dict[str, str], path: str, **params: Any) -> Any:
    response = client.get(f"{V1}/insights/{path}", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def problem(
    client: TestClient, headers: dict[str, str], path: str, status: int = 422, **params: Any
) -> str:
    """The slug of the problem the request answers with ``status``."""
    response = client.get(f"{V1}/insights/{path}", params=params, headers=headers)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return str(response.json()["type"]).rsplit("/", 1)[-1]


def group_spend(client: TestClient, person_ref: str, first: date, last: date) -> dict[str, int]:
    rows = sql(
        client,
        "select category, sum(spend_paise) as spend from marts.fct_spend_monthly"
        " where person_ref = :p and month_start between :first and :last group by category",
        p=person_ref, first=first, last=last,
    )  # fmt: skip
    return {row["category"]: int(row["spend"]) for row in rows}


def test_monthly_ties_to_the_marts_and_leaves_transfers_out(population_client: TestClient) -> None:
    headers = login(population_client, phone("P000001"))["headers"]
    latest = as_of(population_client).replace(day=1)
    assert get(population_client, headers, "monthly")["month"] == latest.isoformat()
    month = add_months(latest, -5)
    body = get(population_client, headers, "monthly", month=f"{month:%Y-%m}")
    row = sql(
        population_client,
        "select * from marts.fct_cashflow_monthly where person_ref = :p and month_start = :m",
        p="P000001", m=month,
    )[0]  # fmt: skip
    assert {name: body[name] for name in FLOWS} == {name: row[name] for name in FLOWS}
    savings = row["income_paise"] - row["spend_paise"] - row["other_outflows_paise"]
    assert body["savings_paise"] == savings
    assert body["income_display"] == format_inr(row["income_paise"])
    assert body["closing_balance_paise"] == row["closing_balance_paise"]
    groups = {g["category_group"]: g["spend_paise"] for g in body["groups"]}
    assert groups == group_spend(population_client, "P000001", month, month)
    assert sum(groups.values()) == body["spend_paise"]
    # Own-account transfers happened that month, and none of them is in the spend.
    flows = sql(
        population_client,
        "select count(*) filter (where is_transfer) as transfers,"
        " count(*) filter (where is_transfer and flow = 'spend') as spent,"
        " sum(outflow_paise) filter (where flow = 'spend') as spend"
        " from marts.fct_ledger_flows where person_ref = :p and month_start = :m",
        p="P000001", m=month,
    )[0]  # fmt: skip
    assert flows["transfers"] > 0 and flows["spent"] == 0
    assert flows["spend"] == body["spend_paise"]
    assert problem(population_client, headers, "monthly", month="2025-13") == "validation-error"
    future = f"{add_months(latest, 1):%Y-%m}"
    assert problem(population_client, headers, "monthly", 404, month=future) == "period-not-covered"
    quiet = get(population_client, headers, "monthly", month="2019-04")
    assert quiet["spend_paise"] == 0 and quiet["groups"] == [] and quiet["savings_rate_pct"] is None


def test_financial_year_is_the_sum_of_its_months(population_client: TestClient) -> None:
    headers = login(population_client, phone("P000002"))["headers"]
    ledger_day = as_of(population_client)
    label = fy_of(ledger_day)
    body = get(population_client, headers, "fy")
    assert body["financial_year"] == label and body["starts_on"][5:] == "04-01"
    totals = sql(
        population_client,
        "select sum(income_paise) as income_paise, sum(spend_paise) as spend_paise,"
        " sum(investments_paise) as investments_paise,"
        " sum(other_outflows_paise) as other_outflows_paise, sum(transaction_count) as n"
        " from marts.fct_cashflow_monthly where person_ref = :p and financial_year = :fy",
        p="P000002", fy=label,
    )[0]  # fmt: skip
    assert {name: body[name] for name in FLOWS} == {name: int(totals[name]) for name in FLOWS}
    assert body["transaction_count"] == totals["n"]
    start = date.fromisoformat(body["starts_on"])
    expected_months = [
        add_months(start, k) for k in range(12) if add_months(start, k) <= ledger_day
    ]
    assert [m["month"] for m in body["months"]] == [m.isoformat() for m in expected_months]
    for name in FLOWS:
        assert sum(m[name] for m in body["months"]) == body[name]
    groups = {g["category_group"]: g["spend_paise"] for g in body["groups"]}
    assert groups == group_spend(population_client, "P000002", start, expected_months[-1])
    earlier = get(population_client, headers, "fy", fy="FY2019-20")
    assert len(earlier["months"]) == 12 and earlier["income_paise"] == 0
    assert problem(population_client, headers, "fy", fy="FY2025-27") == "validation-error"
    assert problem(population_client, headers, "fy", fy="2025-26") == "validation-error"
    later = fy_of(date(ledger_day.year + 1, ledger_day.month, 1))
    assert problem(population_client, headers, "fy", 404, fy=later) == "period-not-covered"


def test_categories_add_up_to_each_months_spend(population_client: TestClient) -> None:
    headers = login(population_client, phone("P000004"))["headers"]
    last = as_of(population_client).replace(day=1)
    first = add_months(last, -2)
    body = get(
        population_client,
        headers,
        "categories",
        **{"from": f"{first:%Y-%m}", "to": f"{last:%Y-%m}"},
    )
    months = [add_months(first, k).isoformat() for k in range(3)]
    monthly = {m: get(population_client, headers, "monthly", month=m[:7]) for m in months}
    assert body["spend_paise"] == sum(month["spend_paise"] for month in monthly.values())
    for group in body["groups"]:
        assert sum(c["spend_paise"] for c in group["categories"]) == group["spend_paise"]
        assert all(
            c["category_id"].startswith(group["category_group"] + ":") for c in group["categories"]
        )
        assert [m["month"] for m in group["monthly"]] == months
        assert sum(m["spend_paise"] for m in group["monthly"]) == group["spend_paise"]
    for index, month in enumerate(months):
        in_month = sum(group["monthly"][index]["spend_paise"] for group in body["groups"])
        assert in_month == monthly[month]["spend_paise"]
    default = get(population_client, headers, "categories")
    earliest = sql(population_client, "select min(month_start) as m from marts.fct_ledger")[0]["m"]
    served = (max(add_months(last, -11), earliest).isoformat(), last.isoformat())
    assert (default["from_month"], default["to_month"]) == served
    # A range wider than the ledger is served for the months the ledger has.
    wide = get(population_client, headers, "categories", **{"from": "2019-01", "to": "2099-12"})
    assert (wide["from_month"], wide["to_month"]) == (earliest.isoformat(), last.isoformat())
    everything = group_spend(population_client, "P000004", earliest, last)
    assert wide["spend_paise"] == sum(everything.values())
    assert {g["category_group"]: g["spend_paise"] for g in wide["groups"]} == everything
    after = {"from": f"{add_months(last, 1):%Y-%m}", "to": "2099-12"}
    assert problem(population_client, headers, "categories", 404, **after) == "period-not-covered"
    assert (
        problem(population_client, headers, "categories", **{"from": "2026-03", "to": "2026-01"})
        == "invalid-range"
    )
    assert (
        problem(population_client, headers, "categories", **{"from": "2026-1"})
        == "validation-error"
    )


def test_recurring_series_are_the_callers_own(population_client: TestClient) -> None:
    person = "P000006"
    headers = login(population_client, phone(person))["headers"]
    body = get(population_client, headers, "recurring")
    rows = sql(
        population_client, "select * from marts.fct_recurring where person_ref = :p", p=person
    )
    assert rows and sorted(i["series_id"] for i in body["items"]) == sorted(
        r["series_id"] for r in rows
    )
    by_id = {row["series_id"]: row for row in rows}
    for item in body["items"]:
        row = by_id[item["series_id"]]
        assert item["expected_next_on"] == row["expected_next_on"].isoformat()
        assert item["expected_next_amount_paise"] == row["expected_next_amount_paise"]
        assert (item["missed_occurrences"], item["is_active"]) == (
            row["missed_occurrences"],
            row["is_active"],
        )
        assert item["kind"] == kind_of(row["category_id"])
    active = get(population_client, headers, "recurring", active="true")["items"]
    assert [i["series_id"] for i in active] == [
        i["series_id"] for i in body["items"] if i["is_active"]
    ]
    stranger = login(population_client, phone("P000060"))["headers"]
    theirs = {i["series_id"] for i in get(population_client, stranger, "recurring")["items"]}
    assert theirs and not theirs & set(by_id)


def test_recurring_kinds_price_changes_and_masked_payees() -> None:
    assert [kind_of(c) for c in ("emi_loans:emi", "investments:mutual_funds", "income:salary")] == [
        "emi", "sip", "salary",
    ]  # fmt: skip
    assert [kind_of(c) for c in ("insurance:life", "subscriptions:music_streaming", None)] == [
        "insurance", "subscription", "other",
    ]  # fmt: skip
    row = {
        "series_id": "s1", "account_id": "P1:sbi-6099", "merchant_id": "netflix",
        "payee_name": "035359906656:Int.Pd", "direction": "debit",
        "category_id": "subscriptions:video_streaming", "category_group": "subscriptions",
        "cadence": "monthly", "amount_kind": "fixed", "typical_amount_paise": 64_900,
        "last_amount_paise": 79_900, "first_seen_on": date(2025, 4, 3),
        "last_seen_on": date(2026, 3, 3), "occurrences": 12, "expected_next_on": date(2026, 4, 3),
        "expected_next_amount_paise": 79_900, "price_changes": 1,
        "price_changed_on": date(2026, 1, 3), "price_before_change_paise": 64_900,
        "price_after_change_paise": 79_900, "is_overdue": False, "missed_occurrences": 0,
        "is_active": True, "as_of_date": date(2026, 3, 31),
    }  # fmt: skip
    item = series(row)
    assert item.kind == "subscription" and item.payee_name == "XXXXXXXX6656:Int.Pd"
    assert item.latest_price_change is not None
    assert item.latest_price_change.before_display == "₹649.00"
    assert item.latest_price_change.after_paise == 79_900
    assert item.expected_next_amount_display == "₹799.00"


def test_nothing_published_yet_is_503_for_every_insight(client: TestClient) -> None:
    enrol(client.app.state.engine, "P000001", phone("P000001"))  # type: ignore[attr-defined]
    headers = login(client, phone("P000001"))["headers"]
    for path in ("monthly", "fy", "categories", "recurring", "upcoming", "anomalies", "forecast"):
        response = client.get(f"{V1}/insights/{path}", headers=headers)
        assert response.status_code == 503, (path, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["retry-after"] == "60"
