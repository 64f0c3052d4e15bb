"""How ``HttpGateway`` maps what goes wrong: unknown outcome, definite error, refused check."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, fields

import httpx
import pytest

from payments.gateway.base import (
    GatewayError,
    GatewayTimeout,
    PayRequest,
    StatusCheckRefused,
)
from payments.gateway.http import HttpGateway

REQUEST = PayRequest(
    txn_id="HSB0001",
    payer_vpa="ravi.kumar@okhdfcbank",
    payee_vpa="chaiwala.42@ybl",
    payee_name="Sharma Tea Stall",
    amount_paise=25_050,
    note="chai",
    callback_url="http://127.0.0.1:9/callbacks",
)
ACCEPTED = {"txn_id": "HSB0001", "gateway_ref": "REF1", "accepted": True}


def mocked(handler: Callable[[httpx.Request], httpx.Response]) -> HttpGateway:
    return HttpGateway("http://gateway.test", transport=httpx.MockTransport(handler))


def answering(status: int, body: object) -> HttpGateway:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return mocked(lambda request: httpx.Response(status, content=content))


def test_pay_sends_every_request_field_as_json() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(202, json=ACCEPTED)

    ack = mocked(handler).pay(REQUEST)
    assert ack.accepted and ack.gateway_ref == "REF1"
    assert seen[0].url.path == "/v1/pay" and json.loads(seen[0].content) == asdict(REQUEST)
    assert set(json.loads(seen[0].content)) == {field.name for field in fields(PayRequest)}


def test_a_rejection_is_an_answer_not_an_error() -> None:
    rejected = {"txn_id": "HSB0001", "accepted": False, "npci_code": "ZH", "npci_reason": "x"}
    ack = answering(200, rejected).pay(REQUEST)
    assert (ack.accepted, ack.npci_code, ack.gateway_ref) == (False, "ZH", "")


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (500, {"detail": "boom"}),
        (503, {"error": "psp_unavailable", "npci_code": "U28"}),
        (422, {"detail": "bad request"}),
        (202, b"<html>proxy error</html>"),
        (202, [ACCEPTED]),
        (202, {**ACCEPTED, "accepted": False}),
        (200, ACCEPTED),
        (202, {"txn_id": "HSB0001", "accepted": True}),
        (202, {**ACCEPTED, "txn_id": "SOMEONE-ELSE"}),
        (202, {**ACCEPTED, "gateway_ref": 42}),
    ],
    ids=[
        "500",
        "503",
        "422",
        "not-json",
        "not-an-object",
        "202-not-accepted",
        "200-accepted",
        "no-ref",
        "other-txn",
        "ref-not-text",
    ],
)
def test_protocol_errors_are_gateway_errors(status: int, body: object) -> None:
    with pytest.raises(GatewayError) as error:
        answering(status, body).pay(REQUEST)
    assert error.value.request_sent and not isinstance(error.value, StatusCheckRefused)


def test_a_refused_status_check_says_when_to_ask_again() -> None:
    body = {"error": "status_check_too_early", "retry_after_s": 42.5}
    with pytest.raises(StatusCheckRefused) as refused:
        answering(429, body).status("HSB0001")
    assert (refused.value.reason, refused.value.retry_after_s) == ("status_check_too_early", 42.5)
    with pytest.raises(StatusCheckRefused) as bare:
        answering(429, b"slow down").status("HSB0001")
    assert bare.value.retry_after_s is None


def test_status_rejects_an_unknown_status_and_quotes_the_id() -> None:
    paths: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        paths.append(request.url.raw_path.decode())
        return httpx.Response(200, json={"txn_id": "a/b", "status": "settled"})

    with pytest.raises(GatewayError, match="unknown status"):
        mocked(handler).status("a/b")
    assert paths == ["/v1/status/a%2Fb"]


@pytest.mark.parametrize(
    ("raised", "expected", "sent"),
    [
        (httpx.ReadTimeout("slow"), GatewayTimeout, None),
        (httpx.WriteTimeout("slow"), GatewayTimeout, None),
        (httpx.ConnectTimeout("slow"), GatewayError, False),
        (httpx.ConnectError("refused"), GatewayError, False),
        (httpx.RemoteProtocolError("hung up"), GatewayError, True),
    ],
)
def test_transport_failures(
    raised: Exception, expected: type[Exception], sent: bool | None
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise raised

    with pytest.raises(expected) as error:
        mocked(handler).pay(REQUEST)
    if sent is not None:
        assert isinstance(error.value, GatewayError) and error.value.request_sent is sent


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def silent_server() -> Iterator[str]:
    """Accepts connections and reads requests but never answers: a switch that hangs."""
    server = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []

    def serve() -> None:
        while True:
            try:
                accepted.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=serve, daemon=True).start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    server.close()
    for connection in accepted:
        connection.close()


def test_a_refused_connection_never_sent_the_request() -> None:
    with pytest.raises(GatewayError) as error:
        HttpGateway(f"http://127.0.0.1:{closed_port()}").pay(REQUEST)
    assert error.value.request_sent is False


def test_a_hanging_gateway_times_out_at_the_deadline(silent_server: str) -> None:
    gateway = HttpGateway(silent_server, timeout_s=0.3, status_timeout_s=0.2)
    started = time.monotonic()
    with pytest.raises(GatewayTimeout):
        gateway.pay(REQUEST)
    assert 0.3 <= time.monotonic() - started < 2.0
    with pytest.raises(GatewayTimeout):
        gateway.status("HSB0001")
