"""A person's category corrections, laid over the published ledger before the next pipeline run.

The warehouse applies a correction the same way (`int_transactions_categorized`): the corrected
transaction takes the category, and so do the person's other payments to that payee in that
direction (the payee being the merchant, else the VPA, else the name's words), except
transfers between their own accounts. Reproducing it here is what makes a correction show at
once and stay the same after the pipeline has run.
"""

from __future__ import annotations

from sqlalchemy import Engine, select

from api.ledger.tables import category_corrections
from hisaab.serving import PublishedMarts

# `words_for_matching` (dbt/macros/normalize.sql) on counterparty: the name's words, no numbers.
_WORDS = (
    "trim(regexp_replace(regexp_replace(' ' || replace(regexp_replace(regexp_replace("
    "lower(counterparty), '@[a-z0-9.]+', ' ', 'g'), '[^a-z0-9]+', ' ', 'g'), ' ', '  ') || ' ',"
    " ' [0-9]+ ', ' ', 'g'), ' +', ' ', 'g'))"
)
PAYEE_KEY = (
    "case when merchant_id is not null then 'merchant:' || merchant_id"
    " when vpa is not null then 'vpa:' || lower(vpa)"
    f" when counterparty is not null then 'name:' || {_WORDS} end"
)


def latest_corrections(engine: Engine, person_ref: str) -> list[tuple[str, str]]:
    """(transaction_id, category_id) of the person's corrections, the most recent first."""
    table = category_corrections.c
    query = (
        select(table.transaction_id, table.category_id)
        .where(table.person_ref == person_ref)
        .order_by(table.corrected_at.desc(), table.correction_id.desc())
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    latest: dict[str, str] = {}
    for transaction_id, category_id in rows:
        latest.setdefault(str(transaction_id), str(category_id))
    return list(latest.items())


def overrides(
    engine: Engine, marts: PublishedMarts, ledger: str, person_ref: str
) -> dict[str, str]:
    """transaction_id → the category the person's corrections give it (direct and by rule)."""
    corrections = latest_corrections(engine, person_ref)
    if not corrections:
        return {}
    ruled = marts.rows(
        _RULES_SQL.format(ledger=ledger, payee_key=PAYEE_KEY), _params(corrections, person_ref)
    )
    found = {str(row["transaction_id"]): str(row["category_id"]) for row in ruled}
    return {**found, **dict(corrections)}


def _params(corrections: list[tuple[str, str]], person_ref: str) -> dict[str, object]:
    return {
        "person_ref": person_ref,
        "corrected_ids": [transaction_id for transaction_id, _ in corrections],
        "corrected_categories": [category_id for _, category_id in corrections],
        "recency": list(range(len(corrections))),
    }


_RULES_SQL = """
with corrected as (
    select
        unnest(cast(:corrected_ids as varchar[])) as transaction_id,
        unnest(cast(:corrected_categories as varchar[])) as category_id,
        unnest(cast(:recency as integer[])) as recency
),
keyed as (
    select transaction_id, direction, is_transfer, {payee_key} as payee_key
    from {ledger}
    where person_ref = :person_ref
),
rules as (
    select
        keyed.payee_key,
        keyed.direction,
        corrected.category_id,
        row_number() over (
            partition by keyed.payee_key, keyed.direction order by corrected.recency
        ) as rule_rank
    from corrected
    inner join keyed on corrected.transaction_id = keyed.transaction_id
    where keyed.payee_key is not null
)
select keyed.transaction_id, rules.category_id
from keyed
inner join rules
    on keyed.payee_key = rules.payee_key and keyed.direction = rules.direction
where rules.rule_rank = 1 and not keyed.is_transfer
"""
