"""``/mandates``: UPI AutoPay mandates the person sets up, approves, pauses, resumes, revokes.

Every rule is ``payments.mandates``'s: approval above ₹15,000 needs the payer's step-up (the
domain raises, the API answers 403 ``step-up-required``), ``resume`` only follows ``pause``,
a revoked mandate stays revoked (409). Each change is audited with ids and amounts only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query

from api import audit
from api.deps import CurrentPerson
from api.errors import BadRequest
from api.payments.listing import MAX_PAGE, BadCursor
from api.payments.mandate_views import list_mandates, mandate_json
from api.payments.problems import domain_errors
from api.payments.schemas import MandateCreate
from api.payments.wiring import MandatesDep
from api.principal import Person
from payments.mandates.records import Mandate
from payments.mandates.service import MandateService
from payments.mandates.status import MandateStatus

router = APIRouter(tags=["mandates"])
WHAT = "mandate"


def _changed(service: MandateService, person: Person, action: str, mandate: Mandate) -> Any:
    with service.engine.begin() as conn:
        audit.record(
            conn, f"mandate.{action}", person_id=person.person_id,
            mandate_id=mandate.mandate_id, amount_paise=mandate.amount_paise,
        )  # fmt: skip
    return mandate_json(mandate, service.policy)


@router.post("/mandates", status_code=201, summary="Set up a mandate (status created)")
def create_mandate(body: MandateCreate, person: CurrentPerson, service: MandatesDep) -> Any:
    with domain_errors(WHAT):
        mandate = service.create(person.person_ref, body.to_domain())
    return _changed(service, person, "created", mandate)


@router.get("/mandates", summary="The person's mandates, newest first")
def get_mandates(
    person: CurrentPerson,
    service: MandatesDep,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 20,
    cursor: str | None = None,
    status: MandateStatus | None = None,
) -> dict[str, Any]:
    try:
        page = list_mandates(
            service.engine, person.person_ref, limit=limit, cursor=cursor,
            status=status and str(status),
        )  # fmt: skip
    except BadCursor as exc:
        raise BadRequest(str(exc), slug="invalid-cursor") from None
    items = [mandate_json(mandate, service.policy) for mandate in page.items]
    return {"items": items, "next_cursor": page.next_cursor}


@router.get("/mandates/{mandate_id}", summary="One mandate")
def get_mandate(mandate_id: str, person: CurrentPerson, service: MandatesDep) -> Any:
    with domain_errors(WHAT):
        return mandate_json(service.get(person.person_ref, mandate_id), service.policy)


def _step_up_verified(person: Person) -> bool:
    return person.step_up_until is not None and person.step_up_until > datetime.now(UTC)


@router.post("/mandates/{mandate_id}/approve", summary="Approve (step-up above ₹15,000)")
def approve_mandate(mandate_id: str, person: CurrentPerson, service: MandatesDep) -> Any:
    with domain_errors(WHAT):
        mandate = service.approve(person.person_ref, mandate_id, _step_up_verified(person))
    return _changed(service, person, "approved", mandate)


def _simple_change(action: str, change: Callable[[MandateService, str, str], Mandate]) -> Any:
    def handler(mandate_id: str, person: CurrentPerson, service: MandatesDep) -> Any:
        with domain_errors(WHAT):
            mandate = change(service, person.person_ref, mandate_id)
        return _changed(service, person, action, mandate)

    handler.__name__ = f"{action}_mandate"
    return handler


router.post("/mandates/{mandate_id}/pause", summary="Pause debits")(
    _simple_change("paused", MandateService.pause)
)
router.post("/mandates/{mandate_id}/resume", summary="Resume a paused mandate")(
    _simple_change("resumed", MandateService.resume)
)
router.post("/mandates/{mandate_id}/revoke", summary="Revoke for good")(
    _simple_change("revoked", MandateService.revoke)
)
