"""Consents in the app database: create (PENDING), approve (ACTIVE), revoke, expire.

Every change is a compare-and-set on ``version`` inside one transaction, so an approval and a
revocation racing cannot both win. A consent past its ``consent_expiry`` is EXPIRED on the next
read of it (there is no scheduler to wait for), and only an ACTIVE, unexpired consent fetches.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, select, update

from api.aa.artefact import PURPOSES, TRANSITIONS, ConsentCreate, ConsentStatus
from api.aa.tables import aa_consents
from api.errors import Conflict, NotFound

C = aa_consents.c


def create(engine: Engine, person_ref: str, request: ConsentCreate) -> dict[str, Any]:
    now, consent_id = datetime.now(UTC), str(uuid.uuid4())
    row: dict[str, Any] = {
        "consent_id": consent_id, "person_id": person_ref,
        "status": str(ConsentStatus.PENDING),
        "purpose_code": request.purpose_code, "purpose_text": PURPOSES[request.purpose_code],
        "fi_types": json.dumps(request.fi_types),
        "consent_types": json.dumps(["PROFILE", "SUMMARY", "TRANSACTIONS"]),
        "consent_mode": "STORE", "fetch_type": request.fetch_type,
        "data_from": request.data_from, "data_to": request.data_to,
        "frequency_unit": request.frequency.unit, "frequency_value": request.frequency.value,
        "data_life_unit": request.data_life.unit, "data_life_value": request.data_life.value,
        "consent_start": now, "consent_expiry": request.consent_expiry.astimezone(UTC),
        "created_at": now, "updated_at": now, "version": 1,
    }  # fmt: skip
    with engine.begin() as conn:
        conn.execute(aa_consents.insert().values(**row))
        return load(conn, person_ref, consent_id)


def load(conn: Connection, person_ref: str, consent_id: str) -> dict[str, Any]:
    """The person's consent (another person's id is not found), expired if its time is up."""
    query = select(aa_consents).where(C.consent_id == consent_id, C.person_id == person_ref)
    row = conn.execute(query).first()
    if row is None:
        raise NotFound("consent")
    consent = dict(row._mapping)
    if consent["consent_expiry"] <= datetime.now(UTC) and _open(consent):
        return move(conn, consent, ConsentStatus.EXPIRED)
    return consent


def _open(consent: dict[str, Any]) -> bool:
    return bool(TRANSITIONS[ConsentStatus(consent["status"])])


def move(
    conn: Connection, consent: dict[str, Any], target: ConsentStatus, **values: Any
) -> dict[str, Any]:
    current = ConsentStatus(consent["status"])
    if target not in TRANSITIONS[current]:
        raise Conflict(f"a {current} consent cannot become {target}", slug="invalid-state")
    now = datetime.now(UTC)
    changed = conn.execute(
        update(aa_consents)
        .where(C.consent_id == consent["consent_id"], C.version == consent["version"])
        .values(status=str(target), updated_at=now, version=consent["version"] + 1, **values)
    )
    if changed.rowcount != 1:
        raise Conflict("the consent changed meanwhile; read it again", slug="concurrent-update")
    return {
        **consent,
        **values,
        "status": str(target),
        "updated_at": now,
        "version": consent["version"] + 1,
    }


def list_for(engine: Engine, person_ref: str) -> list[dict[str, Any]]:
    with engine.begin() as conn:
        query = select(C.consent_id).where(C.person_id == person_ref)
        ids: list[str] = list(conn.execute(query.order_by(C.created_at.desc())).scalars())
        return [load(conn, person_ref, consent_id) for consent_id in ids]


def artefact_json(consent: dict[str, Any]) -> dict[str, Any]:
    """The consent as ReBIT's ``ConsentDetail`` names it, plus its id and status."""
    return {
        "consent_id": consent["consent_id"],
        "status": consent["status"],
        "consentStart": consent["consent_start"].isoformat(),
        "consentExpiry": consent["consent_expiry"].isoformat(),
        "consentMode": consent["consent_mode"],
        "fetchType": consent["fetch_type"],
        "consentTypes": json.loads(consent["consent_types"]),
        "fiTypes": json.loads(consent["fi_types"]),
        "Purpose": {"code": consent["purpose_code"], "text": consent["purpose_text"],
                    "Category": {"type": "Personal Finance"}},
        "FIDataRange": {"from": consent["data_from"].isoformat(),
                        "to": consent["data_to"].isoformat()},
        "DataLife": {"unit": consent["data_life_unit"], "value": consent["data_life_value"]},
        "Frequency": {"unit": consent["frequency_unit"], "value": consent["frequency_value"]},
        "lastFetchedAt": consent["last_fetched_at"] and consent["last_fetched_at"].isoformat(),
    }  # fmt: skip
