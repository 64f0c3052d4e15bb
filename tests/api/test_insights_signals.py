"""Upcoming debits (recurring and announced mandate debits) and flagged transactions with the
person's verdicts, against a published copy of the synthetic population (no model outputs)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.audit import entries
from hisaab.feedback import anomaly_feedback, latest_verdicts
from payments.mandates.records import MandateRequest
from payments.mandates.schedule import IST, AmountRule, Frequency
from payments.mandates.service import MandateService
from tests.api.test_insights_api import as_of, get, phone, sql
from tests.api.utils import V1, login
from tests.payments.core.payment_fakes import SECRET, FakeGateway


def _announce_mandate_debit(
    app: FastAPI, person_ref: str, day: date, due_in: int
) -> tuple[str, str]:
    """An approved ₹499 monthly mandate, set up on the ledger's day with its next debit
    announced ``due_in`` days later; (mandate id, notification id)."""
    now = datetime.combine(day, time(10, 0), IST).astimezone(UTC)
    service = MandateService(
        app.state.engine, FakeGateway(), callback_url="http://127.0.0.1:9/cb",
        callback_secrets=[SECRET], clock=lambda: now,
    )  # fmt: skip
    request = MandateRequest(
        payer_vpa="asha.k@okhdfcbank", payee_vpa="streamflix@icici",
        payee_name="StreamFlix India", amount_paise=49_900, amount_rule=AmountRule.MAX,
        frequency=Frequency.MONTHLY, validity_start=day, validity_end=day + timedelta(days=365),
        purpose="subscription",
    )  # fmt: skip
    mandate = service.create(person_ref, request)
    service.approve(person_ref, mandate.mandate_id, step_up_verified=False)
    notice = service.notify_pre_debit(mandate.mandate_id, day + timedelta(days=due_in), 49_900)
    return mandate.mandate_id, notice.notification_id


def test_upcoming_lists_recurring_and_announced_mandate_debits(population_app: FastAPI) -> None:
    with TestClient(population_app) as client:
        day = as_of(client)
        mandate_id, notice_id = _announce_mandate_debit(population_app, "P000006", day, due_in=5)
        headers = login(client, phone("P000006"))["headers"]
        body = get(client, headers, "upcoming", days=10)
        assert body["as_of_date"] == day.isoformat()
        assert body["until"] == (day + timedelta(days=10)).isoformat()
        mandated = [item for item in body["items"] if item["source"] == "mandate"]
        assert [(i["debit_id"], i["mandate_id"], i["amount_paise"]) for i in mandated] == [
            (notice_id, mandate_id, 49_900)
        ]
        assert mandated[0]["due_on"] == (day + timedelta(days=5)).isoformat()
        assert mandated[0]["payee_name"] == "StreamFlix India"
        assert body["active_mandates"][0]["next_debit_on"] == mandated[0]["due_on"]
        assert body["total_paise"] == sum(item["amount_paise"] for item in body["items"])
        assert body["items"] == sorted(body["items"], key=lambda i: i["due_on"])
        expected = sql(
            client,
            "select series_id, expected_next_on, expected_next_amount_paise"
            " from marts.fct_recurring where person_ref = :p and is_active and direction = 'debit'"
            " and category <> 'transfers' and expected_next_on > :d and expected_next_on <= :until",
            p="P000006", d=day, until=day + timedelta(days=10),
        )  # fmt: skip
        listed = {(i["series_id"], i["due_on"], i["amount_paise"]) for i in body["items"]}
        for row in expected:
            due = row["expected_next_on"].isoformat()
            assert (row["series_id"], due, row["expected_next_amount_paise"]) in listed
        owned = {
            r["series_id"]
            for r in sql(
                client, "select series_id from marts.fct_recurring where person_ref = 'P000006'"
            )
        }
        assert {i["series_id"] for i in body["items"] if i["series_id"]} <= owned
        # No model refresh yet: no balance projection, and an empty forecast rather than an error.
        assert all(i["projected_balance_before_paise"] is None for i in body["items"])
        assert body["balance_model_version"] is None
        forecast = get(client, headers, "forecast")
        assert forecast["spend"] == forecast["balance"] == []
        assert forecast["spend_model_version"] is forecast["balance_model_version"] is None
        short = get(client, headers, "upcoming", days=3)
        assert all(item["source"] == "recurring" for item in short["items"])
        assert short["active_mandates"][0]["next_debit_on"] is None
        stranger = get(client, login(client, phone("P000007"))["headers"], "upcoming")
        assert stranger["active_mandates"] == []
        assert all(item["source"] == "recurring" for item in stranger["items"])
        too_far = client.get(f"{V1}/insights/upcoming", params={"days": 91}, headers=headers)
        assert (
            too_far.status_code == 422
            and too_far.headers["content-type"] == "application/problem+json"
        )


def test_anomaly_verdicts_round_trip(population_client: TestClient) -> None:
    client = population_client
    headers = login(client, phone("P000001"))["headers"]
    items = get(client, headers, "anomalies")["items"]
    flagged = sql(
        client,
        "select distinct transaction_id from marts.fct_anomalies where person_ref = 'P000001'",
    )
    assert sorted(i["transaction_id"] for i in items) == sorted(
        r["transaction_id"] for r in flagged
    )
    assert items == sorted(
        items, key=lambda i: (i["business_date"], i["transaction_id"]), reverse=True
    )
    assert all(i["reasons"] and i["score"] is None and i["verdict"] is None for i in items)
    target = items[0]["transaction_id"]
    url = f"{V1}/insights/anomalies/{target}/feedback"
    fraud = client.post(url, json={"verdict": "fraud"}, headers=headers)
    assert fraud.status_code == 201, fraud.text
    assert fraud.json()["verdict"] == "fraud"
    stored = latest_verdicts(client.app.state.engine, "P000001")  # type: ignore[attr-defined]
    assert stored.row(0, named=True)["verdict"] == "suspicious"
    assert stored.row(0, named=True)["source"] == "person"
    assert client.post(url, json={"verdict": "expected"}, headers=headers).status_code == 201
    seen = {i["transaction_id"]: i for i in get(client, headers, "anomalies")["items"]}
    assert seen[target]["verdict"] == "expected" and seen[target]["reviewed_at"]
    with client.app.state.engine.connect() as conn:  # type: ignore[attr-defined]
        audited = [e for e in entries(conn) if e["action"] == "anomaly.verdict"]
        assert [e["details"]["verdict"] for e in audited] == ["fraud", "expected"]
        assert len(conn.execute(select(anomaly_feedback)).all()) == 2
    # Someone else's flagged transaction, and one of theirs nobody flagged: both missing.
    others = sql(
        client,
        "select transaction_id from marts.fct_anomalies where person_ref <> 'P000001' limit 1",
    )
    calm = sql(
        client,
        "select transaction_id from marts.fct_ledger where person_ref = 'P000001'"
        " and transaction_id not in (select transaction_id from marts.fct_anomalies) limit 1",
    )
    for transaction_id in (others[0]["transaction_id"], calm[0]["transaction_id"]):
        missing = client.post(
            f"{V1}/insights/anomalies/{transaction_id}/feedback",
            json={"verdict": "fraud"},
            headers=headers,
        )
        assert (
            missing.status_code == 404
            and missing.headers["content-type"] == "application/problem+json"
        )
    assert client.post(url, json={"verdict": "maybe"}, headers=headers).status_code == 422
    assert (
        client.post(
            f"{V1}/insights/anomalies/xyz/feedback", json={"verdict": "fraud"}, headers=headers
        ).status_code
        == 422
    )
    assert client.get(f"{V1}/insights/anomalies").status_code == 401
