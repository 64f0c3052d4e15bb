"""``parse_callback``: strict about what the payments layer relies on, tolerant of additions."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from payments.gateway.base import GatewayStatus
from payments.signing import parse_callback


def test_a_well_formed_callback_parses_with_sent_at_in_utc(callback_body: bytes) -> None:
    callback = parse_callback(callback_body)
    assert callback.status is GatewayStatus.SUCCESS
    assert (callback.rrn, callback.amount_paise) == ("512345678901", 25_050)
    assert callback.sent_at == datetime(2025, 6, 16, 4, 0, 0, 250_000, tzinfo=UTC)
    assert callback.sent_at.tzinfo is UTC


def test_unknown_extra_fields_are_ignored(callback_fields: dict[str, Any]) -> None:
    body = json.dumps({**callback_fields, "payer_bank": "HDFC"}).encode()
    assert parse_callback(body).callback_id == "cb_3f9a1c7e5b2d4a60"


def test_nulls_are_allowed_where_a_gateway_has_nothing_to_say(
    callback_fields: dict[str, Any],
) -> None:
    nulls = {"status": "expired", "rrn": None, "npci_code": None, "npci_reason": None}
    callback = parse_callback(json.dumps({**callback_fields, **nulls}).encode())
    assert (callback.status, callback.rrn, callback.npci_code) == (
        GatewayStatus.EXPIRED,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"callback_id": None}, "callback_id must be a non-empty string"),
        ({"txn_id": ""}, "txn_id must be a non-empty string"),
        ({"status": "not_found"}, "unexpected value 'not_found'"),
        ({"status": "SUCCESS"}, "unexpected value"),
        ({"rrn": "12345"}, "rrn must be 12 digits"),
        ({"rrn": 512345678901}, "rrn must be a string"),
        ({"amount_paise": "25050"}, "amount_paise must be a positive integer"),
        ({"amount_paise": 250.5}, "amount_paise"),
        ({"amount_paise": True}, "amount_paise"),
        ({"amount_paise": 0}, "amount_paise"),
        ({"npci_code": 0}, "npci_code must be a string or null"),
        ({"sent_at": "yesterday"}, "not an ISO-8601 time"),
        ({"sent_at": "2025-06-16T09:30:00"}, "no timezone"),
    ],
)
def test_bad_fields_are_refused_with_a_reason(
    callback_fields: dict[str, Any], changes: dict[str, Any], reason: str
) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_callback(json.dumps({**callback_fields, **changes}).encode())


@pytest.mark.parametrize("missing", ["callback_id", "gateway_ref", "rrn", "sent_at"])
def test_every_field_must_be_present(callback_fields: dict[str, Any], missing: str) -> None:
    del callback_fields[missing]
    with pytest.raises(ValueError, match=f"{missing} is missing"):
        parse_callback(json.dumps(callback_fields).encode())


@pytest.mark.parametrize(
    ("body", "reason"),
    [(b"{not json", "not JSON"), (b"\xff\xfe", "not JSON"), (b"[1, 2]", "not a JSON object")],
)
def test_bodies_that_are_not_a_json_object_are_refused(body: bytes, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_callback(body)
