"""The audit log: an append-only record of sensitive actions, kept apart from the request log.

Call ``record`` inside the same transaction as the change it describes, so an action and its
audit row commit (or roll back) together. Details are ids and amounts; anything that looks like
a phone, VPA or account number is masked on the way in (``api.logging.masked``) so the log can
be kept for years (DPDP: at least one) without becoming a store of personal data itself.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select

from api.logging import masked
from api.tables import audit_log

_SCALARS = (str, int, bool, type(None))
_INSERT = audit_log.insert()


def record(conn: Connection, action: str, *, person_id: str | None, **details: Any) -> None:
    """Append one audit row; ``details`` must be JSON scalars (ids, amounts, statuses)."""
    for key, value in details.items():
        if not isinstance(value, _SCALARS):
            raise TypeError(f"audit detail {key!r} must be a str/int/bool/None, not {value!r}")
    row = {
        "occurred_at": datetime.now(UTC),
        "action": action,
        "person_id": person_id,
        "details": json.dumps(masked("details", details), sort_keys=True),
    }
    conn.execute(_INSERT, row)


def entries(conn: Connection, *, person_id: str | None = None) -> list[Mapping[str, Any]]:
    """Audit rows oldest first (optionally one person's), details decoded."""
    query = select(audit_log).order_by(audit_log.c.seq)
    if person_id is not None:
        query = query.where(audit_log.c.person_id == person_id)
    return [
        {**row._mapping, "details": json.loads(row.details)} for row in conn.execute(query).all()
    ]
