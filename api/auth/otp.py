"""One-time passwords: issued under rate limits, stored as HMACs, dead after 5 minutes or 5 misses.

Everything lives in the app database so several API workers agree on attempts and limits. A
phone gets at most 3 codes in 10 minutes and a client address 20, whatever phones it asks for
(``HISAAB_OTP_LIMIT_PER_*``); only the newest code of a phone is live. Codes are 6 digits from
``secrets`` and stored as ``HMAC(server secret, challenge_id:code)``: a stolen database gives
no code, and with 10^6 candidates and 5 attempts a guess succeeds once in 200,000 at best.
On PostgreSQL, transaction-scoped advisory locks on the phone and client serialise the
count-then-insert of concurrent requests; SQLite's ``BEGIN IMMEDIATE`` already does.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import ColumnElement, Connection, func, select, text, update

from api.errors import RateLimited
from api.tables import otp_challenges

OTP_SECRET = "otp_hmac"  # hisaab.secrets name: HISAAB_OTP_HMAC in production
OTP_TTL = timedelta(minutes=5)
MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class Limits:
    per_phone: int = 3
    per_client: int = 20
    window: timedelta = timedelta(minutes=10)


class Outcome(StrEnum):
    VERIFIED = "verified"
    WRONG = "wrong"  # attempts remain
    DEAD = "dead"  # no live code: none asked for, expired, used, or out of attempts


def _hash(secret: bytes, challenge_id: str, code: str) -> str:
    return hmac.new(secret, f"{challenge_id}:{code}".encode(), hashlib.sha256).hexdigest()


def issue(
    conn: Connection,
    secret: bytes,
    *,
    purpose: str,
    phone_index: str,
    client_index: str,
    now: datetime,
    limits: Limits,
) -> str:
    """A fresh code for the phone (its older codes die); ``RateLimited`` over either limit."""
    _serialise(conn, phone_index, client_index)
    _check(conn, otp_challenges.c.phone_index == phone_index, limits.per_phone, now, limits)
    _check(conn, otp_challenges.c.client_index == client_index, limits.per_client, now, limits)
    code = f"{secrets.randbelow(10**6):06d}"
    challenge_id = str(uuid.uuid4())
    conn.execute(
        otp_challenges.insert().values(
            challenge_id=challenge_id,
            purpose=purpose,
            phone_index=phone_index,
            client_index=client_index,
            otp_hash=_hash(secret, challenge_id, code),
            attempts=0,
            created_at=now,
            expires_at=now + OTP_TTL,
        )
    )
    return code


def _serialise(conn: Connection, *keys: str) -> None:
    if conn.dialect.name == "postgresql":
        for key in keys:  # always phone first, then client: no two requests wait on each other
            lock_id = int.from_bytes(bytes.fromhex(key[:16]), "big", signed=True)
            conn.execute(text("select pg_advisory_xact_lock(:id)"), {"id": lock_id})


def _check(
    conn: Connection, scope: ColumnElement[bool], limit: int, now: datetime, limits: Limits
) -> None:
    since = now - limits.window
    row = conn.execute(
        select(
            func.count().label("codes"), func.min(otp_challenges.c.created_at).label("oldest")
        ).where(scope, otp_challenges.c.created_at > since)
    ).one()
    count: int = row.codes
    oldest: datetime | None = row.oldest
    if count >= limit:
        wait = (oldest + limits.window - now).total_seconds() if oldest else 60
        raise RateLimited("too many codes requested: try again later", int(wait) + 1)


def verify(
    conn: Connection, secret: bytes, *, purpose: str, phone_index: str, code: str, now: datetime
) -> tuple[Outcome, int]:
    """Check ``code`` against the phone's newest challenge: (outcome, attempts left).

    Commit whatever this returns: a wrong guess must count even though the caller then refuses.
    """
    latest = conn.execute(
        select(otp_challenges)
        .where(otp_challenges.c.phone_index == phone_index)
        .order_by(otp_challenges.c.created_at.desc())
        .limit(1)
    ).first()
    if latest is None or latest.purpose != purpose:
        return Outcome.DEAD, 0
    counted = conn.execute(
        update(otp_challenges)
        .where(
            otp_challenges.c.challenge_id == latest.challenge_id,
            otp_challenges.c.consumed_at.is_(None),
            otp_challenges.c.expires_at > now,
            otp_challenges.c.attempts < MAX_ATTEMPTS,
        )
        .values(attempts=otp_challenges.c.attempts + 1)
    )
    if counted.rowcount != 1:
        return Outcome.DEAD, 0
    left = MAX_ATTEMPTS - latest.attempts - 1
    if not hmac.compare_digest(_hash(secret, latest.challenge_id, code), latest.otp_hash):
        return (Outcome.WRONG if left else Outcome.DEAD), left
    used = conn.execute(
        update(otp_challenges)
        .where(
            otp_challenges.c.challenge_id == latest.challenge_id,
            otp_challenges.c.consumed_at.is_(None),
        )
        .values(consumed_at=now)
    )
    return (Outcome.VERIFIED if used.rowcount == 1 else Outcome.DEAD), left
