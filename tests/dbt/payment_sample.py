"""Payment intents of the handwritten week's person, as ``raw.payment_events`` lands them, and
how each must reconcile against that week's statement and AA lines (bank data up to 5 April).

- A: success, RRN 509112345678 (the Swiggy UPI debit in statement and AA) → matched.
- B: failed here, but RRN 509212345001 (the chai debit on the ICICI statement) left the
  account and never came back → refund_due.
- C: success on 2 April with an RRN the bank never printed, bank data to 5 April → missing.
- D: success on 5 April, not on a statement yet → awaiting_bank_data (2 grace days).
- E: pending → in_flight. F: declined before any money moved → not_applicable.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

PERSON = "P000001"
INGESTED_AT = datetime(2025, 4, 7, 6, 0, 0)

# (intent, amount_paise, [(status, rrn, utc time)]) — every intent starts "created".
# fmt: off
HISTORIES: list[tuple[str, int, list[tuple[str, str | None, datetime]]]] = [
    ("A", 24500, [("submitted", None, datetime(2025, 4, 1, 3, 42)),
                  ("success", "509112345678", datetime(2025, 4, 1, 3, 42, 30))]),
    ("B", 5000, [("submitted", None, datetime(2025, 4, 2, 3, 59)),
                 ("pending", None, datetime(2025, 4, 2, 3, 59, 15)),
                 ("failed", "509212345001", datetime(2025, 4, 2, 5, 0))]),
    ("C", 10000, [("submitted", None, datetime(2025, 4, 2, 10, 0)),
                  ("success", "509399999999", datetime(2025, 4, 2, 10, 0, 9))]),
    ("D", 30000, [("submitted", None, datetime(2025, 4, 5, 10, 0)),
                  ("success", "509488888888", datetime(2025, 4, 5, 10, 0, 5))]),
    ("E", 7000, [("submitted", None, datetime(2025, 4, 6, 9, 0)),
                 ("pending", None, datetime(2025, 4, 6, 9, 0, 15))]),
    ("F", 9900, [("submitted", None, datetime(2025, 4, 3, 9, 0)),
                 ("failed", None, datetime(2025, 4, 3, 9, 0, 2))]),
]
# fmt: on

EXPECTED_RECONCILIATION = {
    "A": "matched",
    "B": "refund_due",
    "C": "missing_at_bank",
    "D": "awaiting_bank_data",
    "E": "in_flight",
    "F": "not_applicable",
}


def _event(intent: str, amount: int, sequence: int, step: tuple[Any, ...], previous: str | None):
    status, rrn, at = step
    intent_id = f"HSB{intent * 32}"
    event = {
        "event_id": f"{intent}-{sequence}", "event_type": "payment.status_changed",
        "schema_version": 1, "person_ref": PERSON, "occurred_at": at, "intent_id": intent_id,
        "mandate_id": None, "sequence": sequence, "kind": "pay", "from_status": previous,
        "to_status": status, "reason": "callback", "amount_paise": amount,
        "category": "general", "rrn": rrn, "npci_code": "Z9" if status == "failed" else None,
        "source": "outbox", "source_position": f"seq:{intent}{sequence}",
        "file_hash": f"hash-{intent}-{sequence}", "ingested_at": INGESTED_AT,
    }  # fmt: skip
    event["payload"] = json.dumps({**event, "occurred_at": at.isoformat()}, default=str)
    return event


def payment_events() -> list[dict[str, Any]]:
    rows = []
    for intent, amount, steps in HISTORIES:
        created = ("created", None, steps[0][2])
        previous = None
        for sequence, step in enumerate([created, *steps], start=1):
            rows.append(_event(intent, amount, sequence, step, previous))
            previous = step[0]
    return rows
