"""What a person has agreed we may do with their data, purpose by purpose (DPDP Act, s. 6).

Consent is per purpose, given affirmatively and withdrawable as easily as given; no record
means not given. Each purpose here is enforced where the data is used:

- ``sms_ingest``: the app may forward bank SMS to us (`POST /ingest/sms` refuses without it).
- ``analytics_profile``: city and age band may be used in aggregate analytics (the bank sync
  copies a profile's demographics to the warehouse only with it: `ingestion.app_sync`).

The core ledger needs no separate consent here: it is the service the person signed up for
(s. 7, legitimate use), and erasure ends it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Column, Engine, String, Table, select

from payments.tables import UtcDateTime, metadata

NOTICE_VERSION = "2026-11"
PURPOSES: dict[str, str] = {
    "sms_ingest": "Read the bank SMS alerts your phone forwards, to build your ledger.",
    "analytics_profile": "Use your city and age band, never your identity, in aggregate analytics.",
}

privacy_consents = Table(
    "privacy_consents",
    metadata,
    Column("person_ref", String(16), primary_key=True),
    Column("purpose", String(32), primary_key=True),
    Column("status", String(16), nullable=False),  # granted | withdrawn
    Column("notice_version", String(16), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
)


class UnknownPurpose(ValueError):
    """A purpose this service does not ask consent for."""


@dataclass(frozen=True)
class Consent:
    purpose: str
    description: str
    granted: bool
    notice_version: str | None
    updated_at: datetime | None


def consents(engine: Engine, person_ref: str) -> list[Consent]:
    """Every purpose, with the person's current answer (not given when never asked)."""
    query = select(privacy_consents).where(privacy_consents.c.person_ref == person_ref)
    with engine.connect() as conn:
        stored = {row.purpose: row for row in conn.execute(query)}
    return [
        Consent(
            purpose,
            description,
            granted=purpose in stored and stored[purpose].status == "granted",
            notice_version=stored[purpose].notice_version if purpose in stored else None,
            updated_at=stored[purpose].updated_at if purpose in stored else None,
        )
        for purpose, description in PURPOSES.items()
    ]


def set_consent(engine: Engine, person_ref: str, purpose: str, *, granted: bool) -> Consent:
    if purpose not in PURPOSES:
        raise UnknownPurpose(f"unknown purpose {purpose!r}: one of {', '.join(PURPOSES)}")
    values = {
        "status": "granted" if granted else "withdrawn",
        "notice_version": NOTICE_VERSION,
        "updated_at": datetime.now(UTC),
    }
    key = (privacy_consents.c.person_ref == person_ref) & (privacy_consents.c.purpose == purpose)
    with engine.begin() as conn:
        if conn.execute(privacy_consents.update().where(key).values(**values)).rowcount == 0:
            conn.execute(
                privacy_consents.insert().values(person_ref=person_ref, purpose=purpose, **values)
            )
    return next(c for c in consents(engine, person_ref) if c.purpose == purpose)


def has_consent(engine: Engine, person_ref: str, purpose: str) -> bool:
    return any(c.granted for c in consents(engine, person_ref) if c.purpose == purpose)
