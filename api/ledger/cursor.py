"""Opaque, tamper-evident page cursors over the ledger's stable order.

A cursor is the position after the last row of a page (its sort moment and transaction id)
plus a digest of the query it belongs to, signed with HMAC-SHA256. A client can hold it but
not forge or edit it, nor replay it against another person's or another filter's listing:
each of those answers 400 instead of a page that silently skips or repeats rows.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime

from hisaab.secrets import secret
from hisaab.settings import Settings

CURSOR_SECRET = "api_cursor"
_TAG_BYTES = 16


class InvalidCursor(ValueError):
    """A cursor this server did not issue for this query."""


@dataclass(frozen=True)
class Position:
    sort_at: datetime
    transaction_id: str


def query_digest(*parts: object) -> str:
    """A short digest of what a listing was asked for (the person and every filter)."""
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:24]


def encode(position: Position, digest: str, settings: Settings) -> str:
    body = json.dumps(
        {"at": position.sort_at.isoformat(), "id": position.transaction_id, "q": digest},
        separators=(",", ":"),
    ).encode()
    return f"{_b64(body)}.{_b64(_tag(body, settings))}"


def decode(cursor: str, digest: str, settings: Settings) -> Position:
    """The position ``cursor`` names; `InvalidCursor` unless it is intact and for ``digest``."""
    body_text, _, tag_text = cursor.partition(".")
    try:
        body, tag = _unb64(body_text), _unb64(tag_text)
    except ValueError as exc:
        raise InvalidCursor("the cursor is not one this API issued") from exc
    if not hmac.compare_digest(tag, _tag(body, settings)):
        raise InvalidCursor("the cursor is not one this API issued (or it was altered)")
    fields = json.loads(body)
    if fields.get("q") != digest:
        raise InvalidCursor("the cursor belongs to another query: keep the same filters")
    return Position(datetime.fromisoformat(fields["at"]), str(fields["id"]))


def _tag(body: bytes, settings: Settings) -> bytes:
    return hmac.new(secret(CURSOR_SECRET, settings), body, hashlib.sha256).digest()[:_TAG_BYTES]


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    if not text or len(text) > 512:
        raise ValueError("empty or oversized cursor part")
    return base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
