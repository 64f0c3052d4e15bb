"""A person's payment intents, newest first, a page at a time (keyset pagination).

The cursor is the last row's ``(created_at, intent_id)``, so a page is one index range scan
however deep the person scrolls, and an intent created meanwhile never shifts a page under the
reader (offset pagination would repeat or skip rows). It is opaque to clients (base64url).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, and_, or_, select

from payments.intents import Intent
from payments.privacy import vpa_index
from payments.tables import payment_intents

MAX_PAGE = 100
T = payment_intents.c


class BadCursor(ValueError):
    """The cursor was not one this API handed out."""


@dataclass(frozen=True)
class Page:
    items: list[Intent]
    next_cursor: str | None


def encode_cursor(created_at: datetime, row_id: str) -> str:
    raw = json.dumps([created_at.isoformat(), row_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        created, intent_id = json.loads(raw)
        return datetime.fromisoformat(created), str(intent_id)
    except (ValueError, TypeError) as exc:
        raise BadCursor("cursor is not one this API returned; start again without it") from exc


def list_intents(
    engine: Engine,
    person_ref: str,
    *,
    limit: int,
    cursor: str | None = None,
    status: str | None = None,
    payee_vpa: str | None = None,
) -> Page:
    query = select(payment_intents).where(T.person_id == person_ref)
    if status:
        query = query.where(T.status == status)
    if payee_vpa:  # encrypted column: equality goes through the blind index
        query = query.where(T.payee_vpa_index == vpa_index(payee_vpa))
    if cursor:
        created, intent_id = decode_cursor(cursor)
        after: Any = or_(
            T.created_at < created, and_(T.created_at == created, T.intent_id < intent_id)
        )
        query = query.where(after)
    query = query.order_by(T.created_at.desc(), T.intent_id.desc()).limit(limit + 1)
    with engine.connect() as conn:
        intents = [Intent.from_row(row) for row in conn.execute(query)]
    more = len(intents) > limit
    items = intents[:limit]
    last = items[-1] if more and items else None
    return Page(items, encode_cursor(last.created_at, last.intent_id) if last else None)
