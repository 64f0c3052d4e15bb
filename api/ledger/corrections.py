"""Recording a person's category for one of their transactions.

The row goes to the app database's ``category_corrections`` (the bank sync copies it into
``raw.app_category_corrections``, where the marts pick it up) and an audit entry is written in
the same transaction. Reads lay it over the published ledger at once (`api.ledger.overlay`).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import Engine

from api.audit import record
from api.ledger.tables import category_corrections
from hisaab.app_data import taxonomy


class NotACategory(ValueError):
    """The category is unknown, or a group rather than one of its categories."""


def validate_category(category_id: str) -> None:
    """Only a category (``food_dining:delivery``) can be put on a transaction, not a group."""
    if category_id in taxonomy().categories:
        return
    groups = {category.split(":", 1)[0] for category in taxonomy().categories}
    if category_id in groups:
        raise NotACategory(f"{category_id!r} is a group: choose one of its categories")
    raise NotACategory(f"unknown category {category_id!r}: see GET /api/v1/transactions/categories")


def correct_category(
    engine: Engine, *, person_id: str, person_ref: str, transaction_id: str, category_id: str
) -> str:
    """Store the correction (the caller checked the transaction is the person's); its id."""
    validate_category(category_id)
    correction_id = uuid.uuid4().hex
    with engine.begin() as conn:
        conn.execute(
            category_corrections.insert().values(
                correction_id=correction_id,
                person_ref=person_ref,
                transaction_id=transaction_id,
                category_id=category_id,
                corrected_at=datetime.now(UTC),
            )
        )
        record(
            conn,
            "transaction.recategorized",
            person_id=person_id,
            transaction_id=transaction_id,
            category_id=category_id,
            correction_id=correction_id,
        )
    return correction_id
