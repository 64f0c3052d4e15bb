"""Logs and the audit trail never hold a phone, VPA or account number in clear."""

from __future__ import annotations

import json
import logging

import pytest
from fastapi.testclient import TestClient

from api import audit
from api.logging import JsonFormatter, mask
from tests.api.utils import V1, login


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("+919000000001", "+91 ••••• ••001"),
        ("call 98765 43210 now", "call +91 ••••• ••210 now"),
        ("paid ravi.kumar@okhdfcbank", "paid r••@okhdfcbank"),
        ("A/c 50100123456789 debited", "A/c ••••••••••6789 debited"),
        ("intent 42 of ₹1,250.00", "intent 42 of ₹1,250.00"),
    ],
)
def test_mask(text: str, masked: str) -> None:
    assert mask(text) == masked


def test_json_lines_mask_fields_but_keep_opaque_ids() -> None:
    person_id = "0f1e2d3c-0000-4000-8000-000000000000"
    record = logging.makeLogRecord(
        {
            "msg": "paid %s",
            "args": ("ravi@ybl",),
            "levelno": 20,
            "levelname": "INFO",
            "payee": "ravi@ybl",
            "person_id": person_id,
            "rrn": "509112345678",
        }
    )
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "paid r••@ybl" and line["payee"] == "r••@ybl"
    assert line["person_id"] == person_id and line["rrn"] == "509112345678"


def test_every_request_is_one_masked_json_line(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    tokens = login(client, "+919898989898")
    with caplog.at_level(logging.INFO, logger="hisaab.api.requests"):
        client.get(f"{V1}/me", headers=tokens["headers"])
        client.post(f"{V1}/auth/otp", json={"phone": "+919898989898"})
    lines = [json.loads(JsonFormatter().format(r)) for r in caplog.records]
    me, otp = lines[-2], lines[-1]
    assert (me["method"], me["path"], me["status"]) == ("GET", f"{V1}/me", 200)
    assert me["person_id"] and me["latency_ms"] >= 0
    assert otp["path"] == f"{V1}/auth/otp" and otp["person_id"] is None
    assert "9898989898" not in json.dumps(lines)


def test_audit_records_sign_ins_and_masks_what_slips_in(client: TestClient) -> None:
    login(client, "+919898989898")
    engine = client.app.state.engine  # type: ignore[attr-defined]
    with engine.begin() as conn:
        audit.record(conn, "test.slip", person_id=None, note="to ravi@ybl", amount_paise=125_000)
        with pytest.raises(TypeError):
            audit.record(conn, "test.nested", person_id=None, payload={"vpa": "x@ybl"})
    with engine.connect() as conn:
        rows = audit.entries(conn)
    assert rows[0]["action"] == "auth.login" and rows[0]["details"]["signed_up"] is True
    assert rows[-1]["details"] == {"amount_paise": 125_000, "note": "to r••@ybl"}
