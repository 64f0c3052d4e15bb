"""Write the categorizer's tables and the fully categorized ledger view.

``ml.ledger_categorized`` is ``marts.fct_ledger`` with the confident guesses filled in
(``category_source = 'model'``, the model's confidence, ``category_rule = 'model:<version>'``):
the one place the API and dashboards read a ledger with every row they can trust placed.
``fct_ledger`` itself stays rules and people only, so dbt never depends on the model. A guess
fills a row only while the ledger still has it uncategorized: the bank sync rebuilds the ledger
several times a day, and a correction made since the last prediction wins.

The join has equalities only: with a constant in it (``ledger.category_source = 'none'``)
DuckDB compared every pair of rows, minutes at 1,200 people and hours at 10,000, for the view
and everyone reading it.

The view lists ``fct_ledger``'s columns as the warehouse reports them, so a new mart column
appears in it without a code change; the SQL is the same on DuckDB and PostgreSQL. PostgreSQL
will not drop a table a view reads, so the view is dropped first and recreated last there
(readers can miss it for that moment); DuckDB keeps it throughout.
"""

from __future__ import annotations

import polars as pl

from hisaab.settings import WarehouseLocation
from ingestion.warehouse import open_warehouse
from models_ml.store import ML_SCHEMA, replace_table

CATEGORIES_TABLE = "transaction_categories"
REVIEW_QUEUE_TABLE = "category_review_queue"
LEDGER_VIEW = "ledger_categorized"
FILLED = "coalesce(confident.predicted_category, ledger.category_id)"
# fct_ledger columns that follow from the category, and what they become for a guess.
DERIVED_COLUMNS = {
    "category_id": FILLED,
    "category": f"split_part({FILLED}, ':', 1)",
    "subcategory": f"nullif(split_part({FILLED}, ':', 2), '')",
    "category_source": "coalesce(confident.category_source, ledger.category_source)",
    "category_confidence": (
        "coalesce(cast(confident.confidence as numeric(4, 3)), ledger.category_confidence)"
    ),
    "category_rule": "coalesce(confident.category_rule, ledger.category_rule)",
    "is_transfer": f"{FILLED} = 'transfers:self'",
    "is_refund": (
        "ledger.is_refund or (ledger.direction = 'credit'"
        f" and {FILLED} = 'income:refunds_cashback')"
    ),
}
LEDGER_COLUMNS_SQL = """
    select column_name from information_schema.columns
    where table_schema = 'marts' and table_name = 'fct_ledger'
    order by ordinal_position
"""


def ledger_view_sql(ledger_columns: list[str]) -> str:
    """``create view ml.ledger_categorized`` over the given ``fct_ledger`` columns."""
    selected = ",\n        ".join(
        f"{DERIVED_COLUMNS[name]} as {name}" if name in DERIVED_COLUMNS else f"ledger.{name}"
        for name in ledger_columns
    )
    return f"""
create view {ML_SCHEMA}.{LEDGER_VIEW} as
with

confident as (
    select
        transaction_id,
        predicted_category,
        confidence,
        'model' as category_source,
        'model:' || model_version as category_rule,
        'none' as fills_source
    from {ML_SCHEMA}.{CATEGORIES_TABLE}
    where is_confident
),

final as (
    select
        {selected}
    from marts.fct_ledger as ledger
    left join confident
        on ledger.transaction_id = confident.transaction_id
        and ledger.category_source = confident.fills_source
)

select * from final
"""


def publish(location: WarehouseLocation, categories: pl.DataFrame, queue: pl.DataFrame) -> None:
    """Replace both tables, then (re)create the view over them."""
    with open_warehouse(location) as warehouse:
        if warehouse.dialect == "postgres":
            warehouse.execute(f"drop view if exists {ML_SCHEMA}.{LEDGER_VIEW}")
    replace_table(location, CATEGORIES_TABLE, categories)
    replace_table(location, REVIEW_QUEUE_TABLE, queue)
    with open_warehouse(location) as warehouse, warehouse.transaction():
        columns = [str(name) for (name,) in warehouse.execute(LEDGER_COLUMNS_SQL)]
        warehouse.execute(f"drop view if exists {ML_SCHEMA}.{LEDGER_VIEW}")
        warehouse.execute(ledger_view_sql(columns))
