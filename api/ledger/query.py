"""Reading one person's ledger: a filtered page in a stable order, or one transaction.

The order is the moment a transaction happened, newest first, then its id: a total order, so a
cursor (the last row's pair) resumes exactly where a page ended. A transaction only a statement
saw has no time of day; it sorts at the end of its business day (23:59 IST = 18:29 UTC).
Every query starts from ``person_ref``: the published snapshot is sorted by it, so DuckDB
skips other people's row groups instead of scanning the whole ledger.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from api.ledger.cursor import Position
from api.ledger.filters import TransactionFilters, where_clause
from api.ledger.overlay import overrides
from api.ledger.snapshot import ledger_table
from hisaab.serving import PublishedMarts


@dataclass(frozen=True)
class Page:
    rows: list[dict[str, Any]]
    next_position: Position | None


def list_transactions(
    engine: Engine,
    marts: PublishedMarts,
    person_ref: str,
    filters: TransactionFilters,
    *,
    limit: int,
    after: Position | None = None,
) -> Page:
    """Up to ``limit`` of the person's transactions after ``after``; where the next page starts."""
    conditions, params = where_clause(filters)
    if after is not None:
        conditions += (
            " and (sort_at < :after_at or (sort_at = :after_at and transaction_id < :after_id))"
        )
        params |= {"after_at": after.sort_at, "after_id": after.transaction_id}
    sql = f"{_ledger_sql(marts)} select * from ledger where {conditions}"
    sql += " order by sort_at desc, transaction_id desc limit :page_rows"
    params |= _base_params(engine, marts, person_ref) | {"page_rows": limit + 1}
    rows = marts.rows(sql, params)
    if len(rows) <= limit:
        return Page(rows, None)
    last = rows[limit - 1]
    return Page(rows[:limit], Position(last["sort_at"], str(last["transaction_id"])))


def get_transaction(
    engine: Engine, marts: PublishedMarts, person_ref: str, transaction_id: str
) -> dict[str, Any] | None:
    """The person's transaction, or None when it does not exist or is someone else's."""
    sql = f"{_ledger_sql(marts)} select * from ledger where transaction_id = :transaction_id"
    params = _base_params(engine, marts, person_ref) | {"transaction_id": transaction_id}
    rows = marts.rows(sql, params)
    return rows[0] if rows else None


def _base_params(engine: Engine, marts: PublishedMarts, person_ref: str) -> dict[str, Any]:
    corrected = overrides(engine, marts, ledger_table(marts), person_ref)
    return {
        "person_ref": person_ref,
        "override_ids": list(corrected),
        "override_categories": list(corrected.values()),
    }


def _ledger_sql(marts: PublishedMarts) -> str:
    return _LEDGER.format(ledger=ledger_table(marts))


_LEDGER = """
with overrides as (
    select
        unnest(cast(:override_ids as varchar[])) as transaction_id,
        unnest(cast(:override_categories as varchar[])) as category_id
),
ledger as (
    select
        l.transaction_id, l.account_id, l.bank, l.occurred_at, l.business_date,
        l.financial_year, l.amount_paise, l.direction, l.channel, l.counterparty, l.vpa,
        l.merchant_id, m.merchant_name, l.narration, l.reference, l.is_transfer, l.is_refund,
        l.is_recurring, l.has_statement, l.has_sms, l.has_aa, l.source_count,
        coalesce(o.category_id, l.category_id) as category_id,
        split_part(coalesce(o.category_id, l.category_id), ':', 1) as category_group,
        case when o.category_id is null then l.category_source else 'correction' end
            as category_source,
        case when o.category_id is null then l.category_confidence end as category_confidence,
        coalesce(l.occurred_at, cast(l.business_date as timestamp) + interval '1109 minutes')
            as sort_at,
        lower(
            coalesce(l.counterparty, '') || ' ' || coalesce(m.merchant_name, '') || ' '
            || coalesce(l.narration, '')
        ) as search_text
    from {ledger} as l
    left join overrides as o on l.transaction_id = o.transaction_id
    left join marts.dim_merchants as m on l.merchant_id = m.merchant_id
    where l.person_ref = :person_ref
)
"""
