"""Mandates as the API shows them to their payer, and the payer's list, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, and_, or_, select

from api.payments.listing import decode_cursor, encode_cursor
from hisaab.money import format_inr
from payments.mandates.policy import MandatePolicy
from payments.mandates.records import Mandate
from payments.mandates.tables import mandates

M = mandates.c


@dataclass(frozen=True)
class MandatePage:
    items: list[Mandate]
    next_cursor: str | None


def mandate_json(mandate: Mandate, policy: MandatePolicy) -> dict[str, Any]:
    """The payer's view; ``needs_step_up`` tells the app to get a step-up before approving."""
    return {
        "mandate_id": mandate.mandate_id,
        "status": str(mandate.status),
        "payer_vpa": mandate.payer_vpa,
        "payee_vpa": mandate.payee_vpa,
        "payee_name": mandate.payee_name,
        "amount_paise": mandate.amount_paise,
        "amount_display": format_inr(mandate.amount_paise),
        "amount_rule": str(mandate.amount_rule),
        "frequency": str(mandate.frequency),
        "validity_start": mandate.validity_start.isoformat(),
        "validity_end": mandate.validity_end.isoformat(),
        "category": mandate.category,
        "purpose": mandate.purpose,
        "needs_step_up": policy.needs_step_up(mandate.amount_paise),
        "created_at": mandate.created_at.isoformat(),
        "updated_at": mandate.updated_at.isoformat(),
    }


def list_mandates(
    engine: Engine, person_ref: str, *, limit: int, cursor: str | None, status: str | None
) -> MandatePage:
    query = select(mandates).where(M.person_id == person_ref)
    if status:
        query = query.where(M.status == status)
    if cursor:
        created, mandate_id = decode_cursor(cursor)
        query = query.where(
            or_(M.created_at < created, and_(M.created_at == created, M.mandate_id < mandate_id))
        )
    query = query.order_by(M.created_at.desc(), M.mandate_id.desc()).limit(limit + 1)
    with engine.connect() as conn:
        found = [Mandate.from_row(row) for row in conn.execute(query)]
    items = found[:limit]
    last = items[-1] if len(found) > limit else None
    return MandatePage(items, encode_cursor(last.created_at, last.mandate_id) if last else None)
