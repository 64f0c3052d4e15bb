"""``/accounts``: link bank accounts through an Account Aggregator, and list them.

A consent is created PENDING; approving it (what the person does in the AA's app; here, a call)
makes it ACTIVE and fetches the FI data for its date range into the person's landing folder,
where the next bank sync ingests it. Revoking stops further fetches; what was fetched stays for
the consent's data life. Every step is audited.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from api import audit
from api.aa import consents
from api.aa.accounts import linked_accounts
from api.aa.artefact import ConsentCreate, ConsentStatus
from api.aa.fetch import Aggregator, fetch_into_landing
from api.deps import AppDb, CurrentPerson, MartsDep, SettingsDep
from sandbox.aa.fip import SandboxAggregator

router = APIRouter(tags=["accounts"])


def _aggregator(request: Request) -> Aggregator:
    """The sandbox AA over ``$HISAAB_HOME/sandbox/fip`` (``sandbox.aa.stock_fip`` fills it);
    tests and a live deployment put their own on ``app.state.aa``."""
    state = request.app.state
    if getattr(state, "aa", None) is None:
        state.aa = SandboxAggregator(state.settings.resolved_home / "sandbox" / "fip")
    aggregator: Aggregator = state.aa
    return aggregator


def _audit(engine: Any, person: Any, action: str, consent_id: str, **details: Any) -> None:
    with engine.begin() as conn:
        audit.record(conn, action, person_id=person.person_id, consent_id=consent_id, **details)


@router.post("/accounts/consents", status_code=201, summary="Ask for a consent (PENDING)")
def create_consent(body: ConsentCreate, person: CurrentPerson, engine: AppDb) -> Any:
    consent = consents.create(engine, person.person_ref, body)
    _audit(engine, person, "consent.created", consent["consent_id"])
    return consents.artefact_json(consent)


@router.get("/accounts/consents", summary="The person's consents, newest first")
def list_consents(person: CurrentPerson, engine: AppDb) -> Any:
    return {
        "items": [consents.artefact_json(c) for c in consents.list_for(engine, person.person_ref)]
    }


@router.post("/accounts/consents/{consent_id}/approve", summary="Approve and fetch the data")
def approve_consent(
    consent_id: str, person: CurrentPerson, engine: AppDb, settings: SettingsDep, request: Request
) -> Any:
    with engine.begin() as conn:
        consents.move(
            conn, consents.load(conn, person.person_ref, consent_id), ConsentStatus.ACTIVE
        )
    linked = fetch_into_landing(
        engine, _aggregator(request), settings.landing_dir, person.person_ref, consent_id
    )
    _audit(engine, person, "consent.approved", consent_id, accounts=len(linked))
    with engine.connect() as conn:
        body = consents.artefact_json(consents.load(conn, person.person_ref, consent_id))
    body["fetched"] = [
        {"fip_id": row["fip_id"], "masked_account_number": row["masked_acc_number"],
         "landing_file": row["landing_file"]}
        for row in linked
    ]  # fmt: skip
    return body


@router.post("/accounts/consents/{consent_id}/revoke", summary="Revoke: no further fetches")
def revoke_consent(consent_id: str, person: CurrentPerson, engine: AppDb) -> Any:
    with engine.begin() as conn:
        consent = consents.load(conn, person.person_ref, consent_id)
        consent = consents.move(conn, consent, ConsentStatus.REVOKED)
    _audit(engine, person, "consent.revoked", consent_id)
    return consents.artefact_json(consent)


@router.get("/accounts", summary="Linked accounts with their latest balances")
def get_accounts(person: CurrentPerson, engine: AppDb, marts: MartsDep) -> Any:
    return {"items": linked_accounts(marts, engine, person.person_ref)}
