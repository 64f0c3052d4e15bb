"""``Gateway`` over HTTP: the adapter for the sandbox switch and for a real PSP's JSON API.

Deadlines follow NPCI (INDIA.md): 15 s for a pay/collect answer, 10 s for a status check. An
httpx deadline bounds each phase (connect, send, wait for the answer) rather than the sum; the
wait for the answer is what matters here. How each failure maps, and why:

- no answer after the request went out → ``GatewayTimeout`` (outcome unknown);
- refused connection or no connection in time → ``GatewayError(request_sent=False)``;
- 5xx, other unexpected statuses, bad JSON, a broken connection → ``GatewayError``;
- 429 on a status check → ``StatusCheckRefused`` (NPCI's check limits).
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from types import TracebackType
from typing import Any
from urllib.parse import quote

import httpx

from payments.gateway.base import (
    CollectRequest,
    GatewayAck,
    GatewayError,
    GatewayStatus,
    GatewayTimeout,
    PayRequest,
    StatusCheckRefused,
    StatusResult,
)

log = logging.getLogger(__name__)
# Connections kept open between calls: as many as ``payments.submission`` sends at once. With
# httpx's default of 20, every round wider than that opened new connections and closed them.
IDLE_CONNECTIONS = 32


class HttpGateway:
    """Synchronous: the payments service calls it outside any database transaction."""

    def __init__(
        self,
        base_url: str,
        timeout_s: float = 15.0,
        status_timeout_s: float = 10.0,
        *,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.timeout_s = timeout_s
        self.status_timeout_s = status_timeout_s
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=IDLE_CONNECTIONS)
        self._client = httpx.Client(base_url=base_url, transport=transport, limits=limits)

    def pay(self, request: PayRequest) -> GatewayAck:
        return self._submit("/v1/pay", asdict(request), request.txn_id)

    def collect(self, request: CollectRequest) -> GatewayAck:
        return self._submit("/v1/collect", asdict(request), request.txn_id)

    def status(self, txn_id: str) -> StatusResult:
        path = f"/v1/status/{quote(txn_id, safe='')}"
        response = self._send("GET", path, self.status_timeout_s, txn_id)
        if response.status_code == 429:
            raise _refusal(response, txn_id)
        data = _json_object(response, {200}, txn_id)
        return StatusResult(
            txn_id=txn_id,
            status=_status(data),
            rrn=_optional_str(data, "rrn"),
            npci_code=_optional_str(data, "npci_code"),
            npci_reason=_optional_str(data, "npci_reason"),
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpGateway:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _submit(self, path: str, payload: dict[str, Any], txn_id: str) -> GatewayAck:
        """202 means taken for processing; 200 with ``accepted: false`` a definite rejection."""
        response = self._send("POST", path, self.timeout_s, txn_id, payload)
        data = _json_object(response, {200, 202}, txn_id)
        accepted = data.get("accepted")
        if accepted is not (response.status_code == 202):
            raise GatewayError(f"{txn_id}: HTTP {response.status_code} with accepted={accepted!r}")
        ack = GatewayAck(
            txn_id=txn_id,
            gateway_ref=_optional_str(data, "gateway_ref") or "",
            accepted=accepted,
            npci_code=_optional_str(data, "npci_code"),
            npci_reason=_optional_str(data, "npci_reason"),
        )
        if ack.accepted and not ack.gateway_ref:
            raise GatewayError(f"{txn_id}: accepted without a gateway_ref")
        log.info("gateway %s %s: accepted=%s code=%s", path, txn_id, accepted, ack.npci_code)
        return ack

    def _send(
        self, method: str, path: str, timeout_s: float, txn_id: str, payload: Any = None
    ) -> httpx.Response:
        try:
            return self._client.request(method, path, json=payload, timeout=timeout_s)
        except (httpx.ConnectTimeout, httpx.PoolTimeout, httpx.ConnectError) as exc:
            raise GatewayError(f"{txn_id}: cannot connect: {exc!r}", request_sent=False) from exc
        except httpx.TimeoutException as exc:
            log.warning("gateway %s %s: no answer within %.1f s", path, txn_id, timeout_s)
            raise GatewayTimeout(f"{txn_id}: no answer within {timeout_s} s") from exc
        except httpx.HTTPError as exc:
            raise GatewayError(f"{txn_id}: transport error: {exc!r}") from exc


def _json_object(response: httpx.Response, expected: set[int], txn_id: str) -> dict[str, Any]:
    if response.status_code not in expected:
        raise GatewayError(
            f"{txn_id}: HTTP {response.status_code}: {response.text[:200]}",
            status_code=response.status_code,
        )
    try:
        data = response.json()
    except ValueError as exc:
        status_code = response.status_code
        raise GatewayError(f"{txn_id}: answer is not JSON", status_code=status_code) from exc
    if not isinstance(data, dict):
        raise GatewayError(f"{txn_id}: answer is not a JSON object")
    if data.get("txn_id", txn_id) != txn_id:
        raise GatewayError(f"{txn_id}: answer is about another transaction {data['txn_id']!r}")
    return data


def _optional_str(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise GatewayError(f"field {key} is not a string: {value!r}")
    return value


def _status(data: dict[str, Any]) -> GatewayStatus:
    value = data.get("status")
    try:
        return GatewayStatus(str(value))
    except ValueError:
        raise GatewayError(f"unknown status {value!r}") from None


def _refusal(response: httpx.Response, txn_id: str) -> StatusCheckRefused:
    """429: a refused check taught us nothing about the transaction; say when to ask again."""
    try:
        data = response.json()
    except ValueError:
        data = {}
    data = data if isinstance(data, dict) else {}
    retry_after = data.get("retry_after_s")
    retry_after_s = float(retry_after) if isinstance(retry_after, int | float) else None
    reason = str(data.get("error", "status_check_refused"))
    return StatusCheckRefused(
        f"{txn_id}: status check refused ({reason})", reason=reason, retry_after_s=retry_after_s
    )
