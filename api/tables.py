"""The API core's tables in the app database (people, devices, login state, audit).

They sit on the shared ``payments.tables.metadata``, so ``payments.db.app_engine`` creates them
with everything else once this module is imported. Phones are stored only encrypted
(``hisaab.crypto``) with a blind index for lookups; OTPs and refresh tokens only as HMACs.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, SmallInteger, String, Table, Text

from payments.tables import Sequence, UtcTime, metadata

people = Table(
    "people",
    metadata,
    Column("person_id", String(36), primary_key=True),  # UUID
    Column("person_ref", String(16), nullable=False, unique=True),  # the warehouse's P000012
    Column("phone_encrypted", Text),  # NULL once erased
    Column("phone_index", String(64), unique=True),  # blind index of the E.164 phone
    Column("city", String(60)),
    Column("city_tier", SmallInteger),
    Column("age_band", String(8)),
    Column("created_at", UtcTime, nullable=False),
    Column("updated_at", UtcTime, nullable=False),  # ingestion.app_sync copies profiles by it
    Column("erased_at", UtcTime),
)

devices = Table(
    "devices",
    metadata,
    Column("person_id", ForeignKey("people.person_id"), primary_key=True),
    Column("device_id", String(128), primary_key=True),
    Column("first_seen_at", UtcTime, nullable=False),
    Column("last_seen_at", UtcTime, nullable=False),
)

otp_challenges = Table(
    "otp_challenges",
    metadata,
    Column("challenge_id", String(36), primary_key=True),
    Column("purpose", String(16), nullable=False),  # login | step_up
    Column("phone_index", String(64), nullable=False),
    Column("client_index", String(64), nullable=False),  # blind index of the caller's IP
    Column("otp_hash", String(64), nullable=False),  # HMAC-SHA256, never the code itself
    Column("attempts", Integer, nullable=False, default=0),
    Column("created_at", UtcTime, nullable=False),
    Column("expires_at", UtcTime, nullable=False),
    Column("consumed_at", UtcTime),
    Index("ix_otp_challenges_phone_created", "phone_index", "created_at"),
    Index("ix_otp_challenges_client_created", "client_index", "created_at"),
)

refresh_tokens = Table(
    "refresh_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("family_id", String(36), nullable=False, index=True),  # one login, all its rotations
    Column("person_id", ForeignKey("people.person_id"), nullable=False, index=True),
    Column("device_id", String(128), nullable=False),
    Column("issued_at", UtcTime, nullable=False),
    Column("expires_at", UtcTime, nullable=False),
    Column("rotated_at", UtcTime),  # used once: any later use is a replay
    Column("revoked_at", UtcTime),
    Column("revoked_reason", String(32)),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", Sequence, primary_key=True, autoincrement=True),
    Column("occurred_at", UtcTime, nullable=False),
    Column("action", String(64), nullable=False, index=True),
    Column("person_id", String(36), index=True),
    Column("details", Text, nullable=False),  # JSON: ids and amounts only, no personal data
)
