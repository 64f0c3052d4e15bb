"""The person's ledger: list with filters and cursor pages, one transaction with its lineage,
and recategorizing one transaction. Handlers are thin; `api.ledger` does the work."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from sqlalchemy import Engine

from api.deps import AppDb, CurrentPerson, MartsDep, SettingsDep
from api.errors import ApiError, BadRequest, NotFound
from api.ledger import cursor
from api.ledger.corrections import NotACategory, correct_category
from api.ledger.filters import Direction, FilterError, TransactionFilters, validate
from api.ledger.lineage import source_rows
from api.ledger.query import get_transaction, list_transactions
from api.ledger.schemas import (
    Category,
    CategoryCorrection,
    SourceRow,
    Transaction,
    TransactionDetail,
    TransactionPage,
)
from api.ledger.snapshot import marts_ready
from api.principal import Person
from hisaab.serving import PublishedMarts

router = APIRouter(tags=["transactions"], dependencies=[Depends(marts_ready)])
TransactionId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$", description="32 hex digits")]
Paise = Annotated[int | None, Query(ge=0, le=10**15)]
Text = Annotated[str | None, Query(min_length=1, max_length=64)]


def transaction_filters(
    date_from: Annotated[date | None, Query(alias="from", description="IST business date")] = None,
    date_to: Annotated[date | None, Query(alias="to", description="IST business date")] = None,
    account_id: Text = None,
    category: Annotated[
        str | None, Query(max_length=64, description="category id or group")
    ] = None,
    merchant_id: Text = None,
    min_amount_paise: Paise = None,
    max_amount_paise: Paise = None,
    q: Annotated[str | None, Query(min_length=1, max_length=100)] = None,
    direction: Direction | None = None,
) -> TransactionFilters:
    filters = TransactionFilters(
        date_from, date_to, account_id, category, merchant_id,
        min_amount_paise, max_amount_paise, q, direction,
    )  # fmt: skip
    try:
        validate(filters)
    except FilterError as exc:
        raise BadRequest(str(exc), slug="invalid-filter") from exc
    return filters


Filters = Annotated[TransactionFilters, Depends(transaction_filters)]


@router.get("/transactions", response_model=TransactionPage)
def list_ledger(
    person: CurrentPerson,
    marts: MartsDep,
    engine: AppDb,
    settings: SettingsDep,
    filters: Filters,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    page: Annotated[str | None, Query(alias="cursor", max_length=600)] = None,
) -> TransactionPage:
    """The person's transactions, newest first (``occurred_at`` desc, then id)."""
    digest = cursor.query_digest(person.person_ref, filters.digest_parts())
    try:
        after = cursor.decode(page, digest, settings) if page else None
    except cursor.InvalidCursor as exc:
        raise BadRequest(str(exc), slug="invalid-cursor") from exc
    found = list_transactions(engine, marts, person.person_ref, filters, limit=limit, after=after)
    next_cursor = None
    if found.next_position is not None:
        next_cursor = cursor.encode(found.next_position, digest, settings)
    return TransactionPage(
        items=[Transaction.from_row(row) for row in found.rows], next_cursor=next_cursor
    )


@router.get("/transactions/{transaction_id}", response_model=TransactionDetail)
def transaction_detail(
    transaction_id: TransactionId, person: CurrentPerson, marts: MartsDep, engine: AppDb
) -> TransactionDetail:
    """One transaction and the source rows it was reconciled from."""
    row = _owned(engine, marts, person, transaction_id)
    sources = [
        SourceRow.from_row(source)
        for source in source_rows(marts, person.person_ref, transaction_id)
    ]
    return TransactionDetail(**Transaction.from_row(row).model_dump(), sources=sources)


@router.patch("/transactions/{transaction_id}", response_model=Transaction)
def recategorize(
    transaction_id: TransactionId,
    correction: CategoryCorrection,
    person: CurrentPerson,
    marts: MartsDep,
    engine: AppDb,
) -> Transaction:
    """Put the transaction in another category; the person's other payments to the same payee
    follow it (a rule for them), at once here and in the marts after the next bank sync."""
    _owned(engine, marts, person, transaction_id)
    try:
        correct_category(
            engine,
            person_id=person.person_id,
            person_ref=person.person_ref,
            transaction_id=transaction_id,
            category_id=correction.category,
        )
    except NotACategory as exc:
        raise ApiError(422, "invalid-category", "Invalid category", str(exc)) from exc
    return Transaction.from_row(_owned(engine, marts, person, transaction_id))


@router.get("/categories", response_model=list[Category])
def categories(_person: CurrentPerson, marts: MartsDep) -> list[Category]:
    """The categories a transaction can be put in, by group."""
    rows = marts.rows(
        'select category_id, category as "group", category_name as name, group_name, kind,'
        " is_spend from marts.dim_categories where category_id <> 'uncategorized'"
        " order by category_id"
    )
    return [Category(**row) for row in rows]


def _owned(
    engine: Engine, marts: PublishedMarts, person: Person, transaction_id: str
) -> dict[str, object]:
    row = get_transaction(engine, marts, person.person_ref, transaction_id)
    if row is None:  # someone else's transaction answers exactly like a missing one
        raise NotFound("transaction")
    return row
