"""Refresh tokens: opaque, stored as HMACs, bound to a device, rotated on every use.

One login starts a *family* (its id is the access token's ``sid``). Each refresh marks the token
used and issues the next in the family. Presenting a token that was already used means two
parties hold it — the person and a thief — so the whole family is revoked: the newest token
stops working too, and so do the family's access tokens (``session_revoked``). Logout revokes
the family the same way. The marking is a conditional UPDATE, so two workers racing with the
same token cannot both win.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, bindparam, select, update

from api.tables import refresh_tokens

REFRESH_TOKEN_TTL = timedelta(days=30)
TOKEN_PREFIX = "hrt_"
REFRESH_SECRET = "refresh_token_hmac"  # hisaab.secrets name: HISAAB_REFRESH_TOKEN_HMAC


class RefreshRefused(Exception):
    """The refresh token cannot be used; ``reason`` is for the audit log, not the client."""

    def __init__(self, reason: str, *, person_id: str | None = None) -> None:
        super().__init__(reason)
        self.reason, self.person_id = reason, person_id


@dataclass(frozen=True)
class Rotated:
    token: str
    person_id: str
    family_id: str


def token_hash(secret: bytes, token: str) -> str:
    return hmac.new(secret, token.encode(), hashlib.sha256).hexdigest()


def start_family(
    conn: Connection, secret: bytes, *, person_id: str, device_id: str, now: datetime
) -> tuple[str, str]:
    """A new login: (refresh token, family id)."""
    family_id = str(uuid.uuid4())
    return _issue(conn, secret, family_id, person_id, device_id, now), family_id


def _issue(
    conn: Connection, secret: bytes, family_id: str, person_id: str, device_id: str, now: datetime
) -> str:
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    conn.execute(
        refresh_tokens.insert().values(
            token_hash=token_hash(secret, token),
            family_id=family_id,
            person_id=person_id,
            device_id=device_id,
            issued_at=now,
            expires_at=now + REFRESH_TOKEN_TTL,
        )
    )
    return token


def rotate(conn: Connection, secret: bytes, token: str, device_id: str, now: datetime) -> Rotated:
    """Use ``token`` once; the caller commits even when this raises (revocations must stick)."""
    row = conn.execute(
        select(refresh_tokens).where(refresh_tokens.c.token_hash == token_hash(secret, token))
    ).first()
    if row is None:
        raise RefreshRefused("unknown")
    if row.revoked_at is not None:
        raise RefreshRefused("revoked", person_id=row.person_id)
    if row.device_id != device_id:
        revoke_family(conn, row.family_id, "device-mismatch", now)
        raise RefreshRefused("device-mismatch", person_id=row.person_id)
    if row.expires_at <= now:
        raise RefreshRefused("expired", person_id=row.person_id)
    used = conn.execute(
        update(refresh_tokens)
        .where(refresh_tokens.c.token_hash == row.token_hash, refresh_tokens.c.rotated_at.is_(None))
        .values(rotated_at=now)
    )
    if used.rowcount != 1:
        revoke_family(conn, row.family_id, "reuse-detected", now)
        raise RefreshRefused("reuse-detected", person_id=row.person_id)
    new = _issue(conn, secret, row.family_id, row.person_id, device_id, now)
    return Rotated(new, row.person_id, row.family_id)


def family_of(conn: Connection, secret: bytes, token: str) -> tuple[str, str] | None:
    """(family id, person id) of a refresh token, used or not; None when unknown."""
    row = conn.execute(
        select(refresh_tokens.c.family_id, refresh_tokens.c.person_id).where(
            refresh_tokens.c.token_hash == token_hash(secret, token)
        )
    ).first()
    return (row.family_id, row.person_id) if row else None


def revoke_family(conn: Connection, family_id: str, reason: str, now: datetime) -> None:
    conn.execute(
        update(refresh_tokens)
        .where(refresh_tokens.c.family_id == family_id, refresh_tokens.c.revoked_at.is_(None))
        .values(revoked_at=now, revoked_reason=reason)
    )


_FAMILY_REVOCATIONS = select(refresh_tokens.c.revoked_at).where(
    refresh_tokens.c.family_id == bindparam("family_id")
)  # built once: every authenticated request asks


def session_revoked(engine: Engine, family_id: str) -> bool:
    """True once the login ``family_id`` was logged out or caught replaying a refresh token, or
    is gone altogether (the person was erased: their logins went with them)."""
    with engine.connect() as conn:
        rows = conn.execute(_FAMILY_REVOCATIONS, {"family_id": family_id}).all()
    return not rows or any(row.revoked_at is not None for row in rows)
