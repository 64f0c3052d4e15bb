"""The notifications WebSocket against the real sandbox switch and signed callbacks.

The API app is served by uvicorn (the switch calls it back over HTTP) and read through the test
client: a payment created over HTTP is submitted to the switch, whose signed callback settles it,
and the outcome reaches the payer's socket from the outbox — and nobody else's.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from api.app import create_app
from hisaab.settings import get_settings
from payments.receiver import serving
from sandbox.gateway.process import SandboxProcess, free_port, start_sandbox
from tests.api.utils import V1, enrol, login
from tests.sandbox.gateway.harness import FLAGS

SECRET = "notifications-test-webhook-secret-0123456789"
WS = f"{V1}/notifications/ws"
PAY = {
    "kind": "pay",
    "payer_vpa": "asha.k@okhdfcbank",
    "payee_vpa": "chaiwala.42@ybl",
    "payee_name": "Sharma Tea Stall",
    "amount_paise": 25_050,
}


@pytest.fixture(scope="module")
def switch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxProcess]:
    process = start_sandbox(tmp_path_factory.mktemp("switch"), SECRET.encode(), FLAGS)
    yield process
    process.stop()


@pytest.fixture
def live_app(
    hisaab_home: Path, switch: SandboxProcess, monkeypatch: pytest.MonkeyPatch
) -> Iterator[FastAPI]:
    port = free_port()
    monkeypatch.setenv("HISAAB_GATEWAY_WEBHOOK", SECRET)
    monkeypatch.setenv("HISAAB_GATEWAY_URL", switch.base_url)
    monkeypatch.setenv("HISAAB_CALLBACK_BASE_URL", f"http://127.0.0.1:{port}")
    get_settings.cache_clear()
    app = create_app(get_settings())
    with serving(app, port):
        yield app


def phone_of(person_ref: str) -> str:
    return f"+91 90000 {int(person_ref[1:]):05d}"


def signed_in(client: TestClient, person_ref: str) -> dict[str, Any]:
    enrol(client.app.state.engine, person_ref, phone_of(person_ref))  # type: ignore[attr-defined]
    return login(client, phone_of(person_ref))


def next_event(socket: Any) -> dict[str, Any]:
    message: dict[str, Any] = socket.receive_json()
    assert message["kind"] == "event", message
    return message


def test_the_payer_is_pushed_the_result_and_nobody_else_is(live_app: FastAPI) -> None:
    with TestClient(live_app) as client:
        asha, ravi = signed_in(client, "P000001"), signed_in(client, "P000002")
        with client.websocket_connect(f"{WS}?access_token={asha['access_token']}") as mine, \
                client.websocket_connect(WS) as theirs:  # fmt: skip
            theirs.send_json({"type": "auth", "access_token": ravi["access_token"]})
            since = mine.receive_json()["since"]
            assert theirs.receive_json()["kind"] == "ready"
            headers = {**asha["headers"], "Idempotency-Key": str(uuid.uuid4())}
            created = client.post(f"{V1}/payments/intents", json=PAY, headers=headers).json()
            statuses = []
            while not statuses or statuses[-1] not in ("success", "failed"):
                event = next_event(mine)["event"]
                assert (
                    event["intent_id"] == created["intent_id"] and event["person_id"] == "P000001"
                )
                assert event["payee_vpa"] == "ch***@ybl"  # masked, as published
                statuses.append(event["to_status"])
            assert statuses == ["created", "submitted", "success"]
            # Ravi's first message is about his own payment: none of Asha's was queued before it
            headers = {**ravi["headers"], "Idempotency-Key": str(uuid.uuid4())}
            own = client.post(f"{V1}/payments/intents", json=PAY, headers=headers).json()
            first = next_event(theirs)["event"]
            assert (first["intent_id"], first["person_id"]) == (own["intent_id"], "P000002")
            resume = f"{WS}?access_token={asha['access_token']}&since={since}"
            with client.websocket_connect(resume) as again:  # a reconnect replays from since
                assert again.receive_json()["kind"] == "ready"
                assert [next_event(again)["event"]["to_status"] for _ in statuses] == statuses
        intent = client.get(
            f"{V1}/payments/intents/{created['intent_id']}", headers=asha["headers"]
        )
        assert intent.json()["status"] == "success" and len(intent.json()["rrn"]) == 12


@pytest.mark.parametrize("how", ["query", "message", "garbage"])
def test_bad_tokens_are_refused(api_app: FastAPI, how: str) -> None:
    with (
        TestClient(api_app) as client,
        client.websocket_connect(
            f"{WS}?access_token=not-a-token" if how == "query" else WS
        ) as socket,
    ):
        if how == "message":
            socket.send_json({"type": "auth", "access_token": "eyJhbGciOiJSUzI1NiJ9.e30.x"})
        elif how == "garbage":
            socket.send_text("hello")
        with pytest.raises(WebSocketDisconnect) as closed:
            socket.receive_json()
    assert closed.value.code == (1008 if how == "garbage" else 4401)
