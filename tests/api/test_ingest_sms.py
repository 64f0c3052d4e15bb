"""Forwarded bank SMS: read at once, landed for the bank sync, counted once when re-sent."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from ingestion.detect import discover
from tests.api.utils import V1, enrol, login

UPI_DEBIT = {
    "sender": "VM-HDFCBK",
    "body": "Sent Rs.1,245.50 From HDFC Bank A/C *6789 To SWIGGY On 01/04/25 Ref 509112345678"
    " Not You? Call 18002586161/SMS BLOCK UPI to 7308080808",
    "received_at": "2025-04-01T14:03:11+05:30",
}
OTP = {
    "sender": "VM-HDFCBK",
    "body": "123456 is OTP for txn of INR 500.00 at AMAZON on HDFC Bank card ending 1234."
    " Valid till 14:10. Do not share OTP for security reasons.",
    "received_at": "2025-04-01T14:05:00+05:30",
}


def test_batch_is_parsed_landed_and_idempotent(client: TestClient, hisaab_home: Path) -> None:
    enrol(client.app.state.engine, "P000042", "+91 90000 00042")  # type: ignore[attr-defined]
    headers = login(client, "+91 90000 00042")["headers"]
    first = client.post(
        f"{V1}/ingest/sms", json={"messages": [UPI_DEBIT, OTP, UPI_DEBIT]}, headers=headers
    )
    assert first.status_code == 200, first.text
    answer = first.json()
    assert (answer["received"], answer["new"], answer["duplicates"]) == (3, 2, 1)
    parsed, otp, again = answer["results"]
    assert parsed["status"] == "parsed" and parsed["amount_paise"] == 124550
    assert (parsed["direction"], parsed["account_last4"]) == ("debit", "6789")
    assert otp["status"] == "quarantined" and otp["reason"] == "otp"
    assert again["duplicate"] and not parsed["duplicate"]
    files = list((hisaab_home / "landing" / "person=P000042" / "sms").glob("*.jsonl"))
    assert len(files) == 1
    lines = [json.loads(line) for line in files[0].read_text(encoding="utf-8").splitlines()]
    assert [line["body"] for line in lines] == [UPI_DEBIT["body"], OTP["body"]]
    found = discover([hisaab_home / "landing"])
    assert [(f.source, f.person_ref) for f in found.files] == [("sms", "P000042")]
    resent = client.post(
        f"{V1}/ingest/sms", json={"messages": [OTP, UPI_DEBIT]}, headers=headers
    ).json()
    assert (resent["new"], resent["duplicates"]) == (0, 2)
    assert len(list(files[0].parent.glob("*.jsonl"))) == 1  # nothing new, nothing written


def test_bad_batches_are_refused(client: TestClient) -> None:
    enrol(client.app.state.engine, "P000043", "+91 90000 00043")  # type: ignore[attr-defined]
    headers = login(client, "+91 90000 00043")["headers"]
    naive = dict(UPI_DEBIT, received_at="2025-04-01T14:03:11")
    bodies: list[dict[str, object]] = [
        {"messages": []},
        {"messages": [naive]},
        {"messages": [UPI_DEBIT] * 501},
    ]
    for body in bodies:
        answer = client.post(f"{V1}/ingest/sms", json=body, headers=headers)
        assert answer.status_code == 422
        assert answer.headers["content-type"] == "application/problem+json"
    assert client.post(f"{V1}/ingest/sms", json={"messages": [UPI_DEBIT]}).status_code == 401
