"""A person's active UPI AutoPay mandates and their announced debits, from the app database.

Mandates are keyed by the warehouse's ``person_ref`` (``payments.mandates``). Only the payee's
name is read among the encrypted columns: the person needs to know who will debit them, not
the VPAs. An announced debit is a pre-debit notification (the payer was told its date and
amount); an active mandate without one in the window still shows, so nothing can surprise.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl
from sqlalchemy import Engine, select

from api.insights.recurring_schemas import ActiveMandate
from payments.mandates.status import MandateStatus
from payments.mandates.tables import mandates, pre_debit_notifications

M, N = mandates.c, pre_debit_notifications.c
KNOWN_SCHEMA = {
    "person_ref": pl.String, "debit_id": pl.String, "source": pl.String,
    "payee_name": pl.String, "category": pl.String, "direction": pl.String,
    "due_on": pl.Date, "amount_paise": pl.Int64,
}  # fmt: skip


def announced(
    engine: Engine, person_ref: str, as_of: date, until: date
) -> dict[str, dict[str, Any]]:
    """notification_id → the announced debit of an active mandate due in (as_of, until]."""
    query = (
        select(
            N.notification_id, M.mandate_id, M.payee_name, M.category, N.debit_date, N.amount_paise
        )
        .join(mandates, M.mandate_id == N.mandate_id)
        .where(M.person_id == person_ref, M.status == MandateStatus.ACTIVE.value)
        .where(N.debit_date > as_of, N.debit_date <= until)
        .order_by(N.debit_date, N.notification_id)
    )
    with engine.connect() as conn:
        return {row.notification_id: dict(row._mapping) for row in conn.execute(query)}


def as_known_flows(person_ref: str, notices: dict[str, dict[str, Any]]) -> pl.DataFrame:
    """The notices in the shape of the forecast's known flows (``schedule.KNOWN_COLUMNS``)."""
    rows = [
        (person_ref, notice_id, "mandate", notice["payee_name"], notice["category"], "debit",
         notice["debit_date"], notice["amount_paise"])
        for notice_id, notice in notices.items()
    ]  # fmt: skip
    return pl.DataFrame(rows, schema=KNOWN_SCHEMA, orient="row")


def active(
    engine: Engine, person_ref: str, as_of: date, notices: dict[str, dict[str, Any]]
) -> list[ActiveMandate]:
    """Active mandates still valid after ``as_of``, each with its announced debit if any."""
    query = (
        select(
            M.mandate_id, M.payee_name, M.amount_paise, M.amount_rule, M.frequency,
            M.validity_start, M.validity_end, M.category,
        )
        .where(M.person_id == person_ref, M.status == MandateStatus.ACTIVE.value)
        .where(M.validity_end > as_of)
        .order_by(M.validity_start, M.mandate_id)
    )  # fmt: skip
    next_debit: dict[str, date] = {}
    for notice in sorted(notices.values(), key=lambda n: n["debit_date"], reverse=True):
        next_debit[notice["mandate_id"]] = notice["debit_date"]
    with engine.connect() as conn:
        rows = [dict(row._mapping) for row in conn.execute(query)]
    return [ActiveMandate(**row, next_debit_on=next_debit.get(row["mandate_id"])) for row in rows]
