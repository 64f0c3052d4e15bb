"""Helpers for API tests: sign in through the real OTP flow, create people directly."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.people.enrol import enrol_person
from hisaab.crypto import field_cipher

V1 = "/api/v1"


def sms_sink(client: TestClient) -> Path:
    home: Path = client.app.state.settings.resolved_home  # type: ignore[attr-defined]
    return home / "sandbox" / "sms.jsonl"


def last_code(client: TestClient, phone: str) -> str:
    """The code in the newest SMS the sandbox sent to ``phone`` (E.164)."""
    lines = sms_sink(client).read_text(encoding="utf-8").splitlines()
    messages = [json.loads(line) for line in lines]
    body = next(m["body"] for m in reversed(messages) if m["to"] == phone)
    return str(body.split()[0])


def e164(phone: str) -> str:
    digits = "".join(c for c in phone if c.isdigit())
    return "+91" + digits[-10:]


def login(client: TestClient, phone: str, device_id: str = "test-device") -> dict[str, Any]:
    """Sign in as ``phone`` (any spelling of an Indian mobile): the token response, plus
    ``headers`` ready to pass to ``client.get(..., headers=...)``."""
    sent = client.post(f"{V1}/auth/otp", json={"phone": phone})
    assert sent.status_code == 202, sent.text
    code = last_code(client, e164(phone))
    body = {"phone": phone, "otp": code, "device_id": device_id}
    verified = client.post(f"{V1}/auth/otp/verify", json=body)
    assert verified.status_code == 200, verified.text
    tokens: dict[str, Any] = verified.json()
    tokens["headers"] = bearer(tokens["access_token"])
    return tokens


def bearer(access_token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {access_token}"}


def enrol(engine: Engine, person_ref: str, phone: str) -> None:
    """Create the person ``person_ref`` with ``phone`` (no-op if already there)."""
    with engine.begin() as conn:
        enrol_person(conn, field_cipher(), person_ref=person_ref, phone=e164(phone))
