"""``/privacy``: the person's consents, a copy of their data, and erasure (DPDP Act)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel

from api.audit import record
from api.deps import AppDb, CurrentPerson, MartsDep, SettingsDep, require_step_up
from api.errors import ApiError, NotFound
from hisaab.privacy.consents import PURPOSES, Consent, consents, set_consent
from hisaab.privacy.erasure import request_erasure
from hisaab.privacy.export import export_zip
from hisaab.serving import published_dir
from hisaab.warehouse import WarehouseNotBuilt

router = APIRouter(prefix="/privacy", tags=["privacy"])
ZIP_MEDIA_TYPE = "application/zip"


class ConsentOut(BaseModel):
    purpose: str
    description: str
    granted: bool
    notice_version: str | None
    updated_at: datetime | None


class ConsentChange(BaseModel):
    granted: bool


class ErasureOut(BaseModel):
    request_id: str
    status: Literal["complete", "pending"]
    detail: str


def _out(consent: Consent) -> ConsentOut:
    return ConsentOut(**consent.__dict__)


@router.get("/consents")
def list_consents(person: CurrentPerson, engine: AppDb) -> list[ConsentOut]:
    return [_out(consent) for consent in consents(engine, person.person_ref)]


@router.put("/consents/{purpose}")
def change_consent(
    purpose: str, change: ConsentChange, person: CurrentPerson, engine: AppDb
) -> ConsentOut:
    """Give or withdraw consent for one purpose; withdrawing is as easy as giving."""
    if purpose not in PURPOSES:
        raise NotFound("consent purpose")
    consent = set_consent(engine, person.person_ref, purpose, granted=change.granted)
    with engine.begin() as conn:
        action = "privacy.consent_granted" if change.granted else "privacy.consent_withdrawn"
        record(conn, action, person_id=person.person_id, purpose=purpose)
    return _out(consent)


@router.get(
    "/export",
    response_class=Response,
    responses={200: {"content": {ZIP_MEDIA_TYPE: {}}, "description": "JSON and CSV in a zip"}},
)
def export(person: CurrentPerson, engine: AppDb, marts: MartsDep) -> Response:
    try:
        marts.rows("select 1")
        ledger = marts
    except WarehouseNotBuilt:
        ledger = None  # nothing published yet: the app's data is still the person's to have
    body = export_zip(engine, ledger, person_ref=person.person_ref, person_id=person.person_id)
    with engine.begin() as conn:
        record(conn, "privacy.exported", person_id=person.person_id, bytes=len(body))
    filename = f"hisaab-export-{person.person_ref}.zip"
    return Response(
        body,
        media_type=ZIP_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.post("/erasure", status_code=202, responses={403: {"description": "step-up needed"}})
def erase(person: CurrentPerson, engine: AppDb, settings: SettingsDep) -> ErasureOut:
    """Forget the person: needs a fresh step-up OTP. The app database and landing files are
    erased at once; the warehouse at once too unless a bank sync holds it, then at its start."""
    require_step_up(person, "erasure")
    try:
        outcome = request_erasure(
            engine,
            settings.warehouse,
            person_ref=person.person_ref,
            person_id=person.person_id,
            landing=settings.landing_dir,
            published=published_dir(settings),
        )
    except ValueError as exc:
        raise ApiError(422, "erasure-refused", "Erasure refused", str(exc)) from exc
    with engine.begin() as conn:
        record(conn, "privacy.erased", person_id=None, request_id=outcome.request_id)
    if outcome.complete:
        return ErasureOut(
            request_id=outcome.request_id, status="complete", detail="you have been forgotten"
        )
    return ErasureOut(
        request_id=outcome.request_id,
        status="pending",
        detail="the app has forgotten you; the ledger will at the start of the next bank sync",
    )
