"""Copies of a built warehouse's people under new ids: benchmarks at a size nobody generated.

Generating, ingesting and building 10,000 people takes an hour or more here; copying the
person-level rows of a built warehouse takes a minute. Copy ``k`` of a row gets ``~k``
appended to every column that identifies a person or one of their rows (``person_ref``,
``account_key``, ``*_id``), so copies stay distinct people with their own accounts and
transactions; shared dimensions (categories, merchants, models) keep their ids, as they would
with real people. Copies are copies: the same habits, payees and amounts as their original,
which a benchmark's timings do not mind but its quality figures do (the scripts say so).
"""

from __future__ import annotations

from typing import Any

# Columns that identify a person or one of their rows: suffixed per copy so copies stay distinct.
# Shared dimensions (categories, merchants, models) keep their ids.
SHARED_IDS = {"category_id", "merchant_id", "spend_category_id", "model_version"}
BASE = "base"


def copy_suffix(copy: str) -> str:
    """The SQL expression appended to a copied id: nothing for the original, ``~k`` after."""
    return f"case when {copy} = 0 then '' else '~' || {copy} end"


def copy_tables(connection: Any, copies: int, schemas: set[str] | None = None) -> int:
    """Every table of the attached ``base`` database (of ``schemas``, default all) created in
    ``connection``'s database, person-level ones ``copies`` times over; how many tables."""
    tables = connection.execute(
        f"select schema_name, table_name from duckdb_tables() where database_name = '{BASE}'"
    ).fetchall()
    chosen = [(schema, table) for schema, table in tables if schemas is None or schema in schemas]
    for schema, table in chosen:
        connection.execute(f"create schema if not exists {schema}")
        connection.execute(copy_sql(connection, schema, table, copies))
    return len(chosen)


def copy_sql(connection: Any, schema: str, table: str, copies: int) -> str:
    """``create table`` of ``base.<schema>.<table>``: as is when it has no ``person_ref``
    column, else ``copies`` times with the identifying columns suffixed."""
    columns = [row[0] for row in connection.execute(
        f"select column_name from duckdb_columns() where database_name = '{BASE}'"
        f" and schema_name = '{schema}' and table_name = '{table}' and data_type = 'VARCHAR'"
    ).fetchall()]  # fmt: skip
    if "person_ref" not in columns:
        return f"create table {schema}.{table} as select * from {BASE}.{schema}.{table}"
    keyed = [c for c in columns if c in ("person_ref", "account_key") or
             (c.endswith("_id") and c not in SHARED_IDS)]  # fmt: skip
    replaced = ", ".join(f"{c} || {copy_suffix('copy')} as {c}" for c in keyed)
    return (f"create table {schema}.{table} as select * exclude (copy) replace ({replaced})"
            f" from {BASE}.{schema}.{table}, range({copies}) as copies(copy)")  # fmt: skip


def scale_warehouse(base: Any, target: Any, people: int, schemas: set[str]) -> int:
    """``target`` (a new DuckDB file) holds ``base``'s ``schemas`` with every person copied
    until there are at least ``people``; the number of copies of each (1: the original)."""
    import duckdb

    with duckdb.connect(str(target)) as connection:
        connection.execute("set enable_progress_bar = false")
        connection.execute(f"attach '{base}' as {BASE} (read_only)")
        found = connection.execute(
            f"select count(distinct person_ref) from {BASE}.marts.fct_ledger"
        ).fetchone()
        copies = max(1, -(-people // int(found[0]))) if found and found[0] else 1
        copy_tables(connection, copies, schemas)
    return copies


def id_suffix(copy: int) -> str:
    """What copy ``copy`` appends to an id, as ``copy_sql`` writes it (for frames built apart)."""
    return "" if copy == 0 else f"~{copy}"
