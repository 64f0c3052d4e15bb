"""A callback body as the gateway would send it."""

from __future__ import annotations

import json
from typing import Any

import pytest


@pytest.fixture
def callback_fields() -> dict[str, Any]:
    return {
        "callback_id": "cb_3f9a1c7e5b2d4a60",
        "txn_id": "HSB0001",
        "gateway_ref": "SBX00000000A1B2",
        "status": "success",
        "rrn": "512345678901",
        "npci_code": "00",
        "npci_reason": "APPROVED OR COMPLETED SUCCESSFULLY",
        "amount_paise": 25_050,
        "sent_at": "2025-06-16T09:30:00.250+05:30",
    }


@pytest.fixture
def callback_body(callback_fields: dict[str, Any]) -> bytes:
    return json.dumps(callback_fields).encode()
