"""``/payments/intents``: pay and collect by UPI, idempotently, and follow each to its outcome.

Handlers are thin: ``api.payments.creation`` orders replay, step-up, creation and audit;
``payments/`` does the rest. An intent's JSON is the domain's own ``public_json`` bytes, the
same bytes an idempotent replay returns. Gateway callbacks are served by ``payments.webhook``
(mounted in ``api.app``), so the outcome reaches the intent however the API is deployed.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Header, Query
from starlette.responses import Response

from api.deps import CurrentPerson, PaymentsDep
from api.errors import BadRequest
from api.payments.creation import create_payment, submit_quietly
from api.payments.listing import MAX_PAGE, BadCursor, list_intents
from api.payments.problems import domain_errors
from api.payments.qr import MEDIA_TYPES, QrFormat, intent_link, render_qr
from api.payments.schemas import IntentCreate
from payments.status import PaymentStatus

router = APIRouter(tags=["payments"])
JSON = "application/json"
IdempotencyKey = Annotated[
    str | None,
    Header(alias="Idempotency-Key", description="8-255 printable ASCII characters (a UUID)"),
]


@router.post("/payments/intents", status_code=201, summary="Create a pay or collect intent")
def create_intent(
    body: IntentCreate,
    person: CurrentPerson,
    service: PaymentsDep,
    background: BackgroundTasks,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """The same key and body replay the first response byte for byte (``Idempotent-Replayed``);
    the same key with another body is a 422 problem. Pays above ₹15,000 need a step-up."""
    with domain_errors("payment intent"):
        stored = create_payment(service, person, idempotency_key, body.to_domain())
    headers = {"Location": f"/api/v1/payments/intents/{stored.intent_id}"}
    if stored.replayed:
        headers["Idempotent-Replayed"] = "true"
    else:
        background.add_task(submit_quietly, service, person.person_ref, stored.intent_id)
    return Response(stored.body, stored.status_code, headers, media_type=JSON)


@router.get("/payments/intents", summary="The person's intents, newest first")
def get_intents(
    person: CurrentPerson,
    service: PaymentsDep,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 20,
    cursor: str | None = None,
    status: PaymentStatus | None = None,
    payee_vpa: Annotated[str | None, Query(max_length=255)] = None,
) -> dict[str, Any]:
    try:
        page = list_intents(
            service.engine, person.person_ref, limit=limit, cursor=cursor,
            status=status and str(status), payee_vpa=payee_vpa,
        )  # fmt: skip
    except BadCursor as exc:
        raise BadRequest(str(exc), slug="invalid-cursor") from None
    items = [json.loads(intent.public_json()) for intent in page.items]
    return {"items": items, "next_cursor": page.next_cursor}


@router.get("/payments/intents/{intent_id}", summary="One intent: status, NPCI code, RRN")
def get_intent(intent_id: str, person: CurrentPerson, service: PaymentsDep) -> Response:
    with domain_errors("payment intent"):
        intent = service.get(person.person_ref, intent_id)
    return Response(intent.public_json(), media_type=JSON)


@router.get(
    "/payments/intents/{intent_id}/qr",
    summary="A collect request's UPI QR code",
    responses={200: {"content": {media: {} for media in MEDIA_TYPES.values()}}},
)
def get_intent_qr(
    intent_id: str,
    person: CurrentPerson,
    service: PaymentsDep,
    image_format: Annotated[QrFormat, Query(alias="format")] = "png",
) -> Response:
    with domain_errors("payment intent"):
        intent = service.get(person.person_ref, intent_id)
    image = render_qr(intent_link(intent), image_format)
    headers = {"Cache-Control": "no-store"}
    return Response(image, media_type=MEDIA_TYPES[image_format], headers=headers)
