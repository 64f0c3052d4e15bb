"""Idempotency keys with the semantics payment APIs use (Stripe's, roughly).

- The same key with the same request returns the first response, byte for byte, however often
  and however concurrently it is retried; exactly one intent exists for it.
- The same key with a different request is refused (``IdempotencyKeyConflict``): reusing a key
  for another payment is a client bug that must not move money.
- Keys are scoped to the person and unique in the database (the primary key), so two racing
  requests cannot both win: the loser's insert fails and it replays the winner's response.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, bindparam, insert, select

from payments.tables import idempotency_keys

_KEY = re.compile(r"^[\x21-\x7e]{8,255}$")
_FIND = select(idempotency_keys).where(
    idempotency_keys.c.person_id == bindparam("person_id"),
    idempotency_keys.c.idempotency_key == bindparam("key"),
)
_INSERT = insert(idempotency_keys)


class InvalidIdempotencyKey(ValueError):
    """The key is missing or not 8–255 printable ASCII characters."""


class IdempotencyKeyConflict(ValueError):
    """The key was already used for a different request."""


@dataclass(frozen=True)
class StoredResponse:
    status_code: int
    body: bytes
    intent_id: str
    replayed: bool


def validate_key(key: str | None) -> str:
    if not key or not _KEY.match(key):
        raise InvalidIdempotencyKey(
            "Idempotency-Key must be 8 to 255 printable ASCII characters without spaces"
            " (a UUID is a good choice)"
        )
    return key


def replay(conn: Connection, person_id: str, key: str, request_hash: str) -> StoredResponse | None:
    """The stored response for this key, ``None`` if unused; a conflict if the request differs."""
    row = conn.execute(_FIND, {"person_id": person_id, "key": key}).first()
    if row is None:
        return None
    if row.request_hash != request_hash:
        raise IdempotencyKeyConflict(
            "this Idempotency-Key was already used with a different request;"
            " use a new key for a new payment"
        )
    return StoredResponse(row.response_status, bytes(row.response_body), row.intent_id, True)


def remember(
    conn: Connection,
    person_id: str,
    key: str,
    request_hash: str,
    response: StoredResponse,
    now: datetime,
) -> None:
    row = {
        "person_id": person_id,
        "idempotency_key": key,
        "request_hash": request_hash,
        "intent_id": response.intent_id,
        "response_status": response.status_code,
        "response_body": response.body,
        "created_at": now,
    }
    conn.execute(_INSERT, row)
