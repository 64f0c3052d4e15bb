"""Signed gateway callbacks: sign, verify, and parse them strictly.

The gateway POSTs a JSON body with two headers:

- ``X-Hisaab-Timestamp``: unix seconds when this delivery was signed;
- ``X-Hisaab-Signature``: ``v1=<hex HMAC-SHA256(secret, f"{timestamp}.".encode() + body)>``.

Signing the timestamp with the body means a captured request cannot be replayed with a fresh
timestamp, and the tolerance window (5 minutes either way) bounds how long a captured request
stays replayable. Key rotation: during a rotation the gateway may send several ``v1=`` values
(comma separated) and we may hold several secrets; any pair that matches is accepted.

What this module does NOT do is replay protection inside the window: the same callback may be
delivered again legitimately (gateways retry), or maliciously. The consumer of ``Callback``
(the payments service) records every ``callback_id`` in a database table with a unique key and
ignores ids it has seen, and it compares ``sent_at`` to drop notifications older than the one
already applied. That needs a transaction, so it cannot live here.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from payments.gateway.base import Callback, GatewayStatus

__all__ = [
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "InvalidSignature",
    "parse_callback",
    "sign",
    "verify",
]

TIMESTAMP_HEADER = "X-Hisaab-Timestamp"
SIGNATURE_HEADER = "X-Hisaab-Signature"
SCHEME = "v1"
_HEX_DIGEST_LENGTH = 64


class InvalidSignature(ValueError):
    """The callback is not provably from the gateway, or not recent; the reason says why."""


def sign(secret: bytes, body: bytes, timestamp: int) -> dict[str, str]:
    """The two headers the gateway sends with ``body``; also used by tests and fakes."""
    return {
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: f"{SCHEME}={_digest(_checked(secret), timestamp, body)}",
    }


def verify(
    secret: bytes | Sequence[bytes],
    headers: Mapping[str, str],
    body: bytes,
    now: datetime,
    tolerance_s: int = 300,
) -> None:
    """Raise ``InvalidSignature`` unless ``body`` was signed recently with one of the secrets.

    ``secret`` is one key or several (rotation); ``now`` must be timezone-aware.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    secrets = [_checked(secret)] if isinstance(secret, bytes) else [_checked(s) for s in secret]
    if not secrets:
        raise ValueError("no secrets to verify with")
    timestamp = _timestamp(headers)
    candidates = _signatures(headers)
    age_s = now.timestamp() - timestamp
    if age_s > tolerance_s:
        raise InvalidSignature(f"timestamp too old ({age_s:.0f} s > {tolerance_s} s)")
    if -age_s > tolerance_s:
        raise InvalidSignature(f"timestamp in the future ({-age_s:.0f} s > {tolerance_s} s)")
    expected = [_digest(key, timestamp, body) for key in secrets]
    if not any(hmac.compare_digest(e, c) for e in expected for c in candidates):
        raise InvalidSignature("signature does not match")


def _digest(secret: bytes, timestamp: int, body: bytes) -> str:
    return hmac.new(secret, f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def _checked(secret: bytes) -> bytes:
    if not isinstance(secret, bytes) or not secret:
        raise ValueError("a signing secret must be non-empty bytes")
    return secret


def _header(headers: Mapping[str, str], name: str) -> str:
    """Case-insensitive lookup: plain dicts are allowed, HTTP header names are not cased."""
    value = headers.get(name)
    if value is None:
        lowered = name.lower()
        value = next((v for k, v in headers.items() if k.lower() == lowered), None)
    if value is None:
        raise InvalidSignature(f"missing header {name}")
    return value


def _timestamp(headers: Mapping[str, str]) -> int:
    raw = _header(headers, TIMESTAMP_HEADER).strip()
    if not raw.isascii() or not raw.isdigit() or len(raw) > 12:
        raise InvalidSignature(f"malformed {TIMESTAMP_HEADER}: {raw[:20]!r}")
    return int(raw)


def _signatures(headers: Mapping[str, str]) -> list[str]:
    """Every ``v1=`` value; other schemes are skipped so a future ``v2`` can be added alongside."""
    values: list[str] = []
    for part in _header(headers, SIGNATURE_HEADER).split(","):
        scheme, sep, value = part.strip().partition("=")
        if not sep:
            raise InvalidSignature(f"malformed {SIGNATURE_HEADER}: expected scheme=value")
        if scheme != SCHEME:
            continue
        value = value.lower()
        if len(value) != _HEX_DIGEST_LENGTH or not _is_hex(value):
            raise InvalidSignature(f"malformed {SIGNATURE_HEADER}: not a SHA-256 hex digest")
        values.append(value)
    if not values:
        raise InvalidSignature(f"malformed {SIGNATURE_HEADER}: no {SCHEME}= signature")
    return values


def _is_hex(value: str) -> bool:
    return all(char in "0123456789abcdef" for char in value)


def parse_callback(body: bytes) -> Callback:
    """The callback in ``body``, or ``ValueError`` naming the first thing wrong with it.

    Strict about what we rely on (every field present with its type, a known final or pending
    status, a 12-digit RRN, a positive amount, a timezone-aware ``sent_at``); unknown extra
    fields are ignored, because a gateway adding a field must not make us drop real outcomes.
    """
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"callback body is not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ValueError("callback body is not a JSON object")
    return Callback(
        callback_id=_text(data, "callback_id"),
        txn_id=_text(data, "txn_id"),
        gateway_ref=_text(data, "gateway_ref"),
        status=_callback_status(data),
        rrn=_rrn(data),
        npci_code=_optional_text(data, "npci_code"),
        npci_reason=_optional_text(data, "npci_reason"),
        amount_paise=_amount(data),
        sent_at=_sent_at(data),
    )


def _field(data: dict[str, Any], name: str) -> Any:
    if name not in data:
        raise ValueError(f"callback field {name} is missing")
    return data[name]


def _text(data: dict[str, Any], name: str) -> str:
    value = _field(data, name)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"callback field {name} must be a non-empty string")
    return value


def _optional_text(data: dict[str, Any], name: str) -> str | None:
    value = _field(data, name)
    if value is not None and not isinstance(value, str):
        raise ValueError(f"callback field {name} must be a string or null")
    return value


def _callback_status(data: dict[str, Any]) -> GatewayStatus:
    """``not_found`` answers a status check; a gateway never pushes it about a transaction."""
    value = _text(data, "status")
    allowed = {status.value for status in GatewayStatus} - {GatewayStatus.NOT_FOUND.value}
    if value not in allowed:
        raise ValueError(f"callback field status has an unexpected value {value!r}")
    return GatewayStatus(value)


def _rrn(data: dict[str, Any]) -> str | None:
    value = _optional_text(data, "rrn")
    if value is not None and (len(value) != 12 or not value.isascii() or not value.isdigit()):
        raise ValueError(f"callback field rrn must be 12 digits, got {value!r}")
    return value


def _amount(data: dict[str, Any]) -> int:
    value = _field(data, "amount_paise")
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError("callback field amount_paise must be a positive integer")
    return int(value)


def _sent_at(data: dict[str, Any]) -> datetime:
    raw = _text(data, "sent_at")
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"callback field sent_at is not an ISO-8601 time: {raw!r}") from None
    if value.tzinfo is None:
        raise ValueError("callback field sent_at has no timezone")
    return value.astimezone(UTC)
