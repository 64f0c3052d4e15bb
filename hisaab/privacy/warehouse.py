"""Forgetting a person in the warehouse, its published snapshots and the landing folder.

The warehouse keys people by a pseudonymous ``person_ref``, but the rows themselves carry what
banks printed: narrations with VPAs and names, SMS bodies with account digits, payment payloads.
Erasure therefore deletes every row of the person from every table that has a ``person_ref``
column (views follow their tables), the quarantined rows of the person's files, the person's
landing folder (or the next sync would load it all again) and every published snapshot that
still holds them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from hisaab.serving import CURRENT, publish
from hisaab.settings import WarehouseLocation
from ingestion.warehouse import open_warehouse

ERASED_SCHEMAS = ("raw", "staging", "intermediate", "marts", "ml")
# Tables keyed by person, directly or through an account id (``<person_ref>:<account_key>``).
_TABLES_WITH_PEOPLE = """
    select c.table_schema, c.table_name, max(c.column_name) as owner_column
    from information_schema.columns c
    join information_schema.tables t
        on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.column_name in ('person_ref', 'account_id') and t.table_type = 'BASE TABLE'
        and c.table_schema in ({schemas})
    group by 1, 2
    order by 1, 2
"""


def erase_from_warehouse(location: WarehouseLocation, person_ref: str) -> dict[str, int]:
    """Delete the person's rows everywhere; rows deleted per ``schema.table``."""
    ref = _quoted(person_ref)
    schemas = ", ".join(f"'{schema}'" for schema in ERASED_SCHEMAS)
    deleted: dict[str, int] = {}
    with open_warehouse(location) as warehouse, warehouse.transaction():
        tables = warehouse.read(_TABLES_WITH_PEOPLE.format(schemas=schemas)).rows()
        if any(table[:2] == ("raw", "ingested_files") for table in tables):
            deleted["raw.quarantine"] = _count_deleted(
                warehouse,
                "raw.quarantine",
                f"file_hash in (select file_hash from raw.ingested_files where person_ref = {ref})",
            )
        for schema, table, owner_column in tables:
            name = f"{schema}.{table}"
            deleted[name] = _count_deleted(warehouse, name, _owned(owner_column, person_ref))
    return {name: rows for name, rows in deleted.items() if rows}


def _count_deleted(warehouse: object, table: str, condition: str) -> int:
    rows = warehouse.read(f"select count(*) as n from {table} where {condition}")  # type: ignore[attr-defined]
    count = int(rows["n"][0])
    if count:
        warehouse.execute(f"delete from {table} where {condition}")  # type: ignore[attr-defined]
    return count


def erase_landing(landing: Path, person_ref: str) -> int:
    """Remove the person's landing folder; files removed."""
    folder = landing / f"person={person_ref}"
    if not folder.is_dir():
        return 0
    files = sum(1 for path in folder.rglob("*") if path.is_file())
    shutil.rmtree(folder)
    return files


def republish_without_history(location: WarehouseLocation, published: Path) -> int:
    """Publish a fresh snapshot and delete every older one at once (they still hold the person);
    older snapshots removed. Readers with one open keep it until they close it."""
    if location.kind != "duckdb":
        return 0
    current = publish(location, published)
    removed = 0
    for old in published.glob("warehouse-*.duckdb"):
        if old != current and old.name != CURRENT:
            old.unlink(missing_ok=True)
            removed += 1
    return removed


def _owned(owner_column: str, person_ref: str) -> str:
    """``max`` picked ``person_ref`` over ``account_id`` when a table has both."""
    if owner_column == "person_ref":
        return f"person_ref = {_quoted(person_ref)}"
    return f"account_id like '{check_person_ref(person_ref)}:%'"


def check_person_ref(person_ref: str) -> str:
    """The ref itself, or ``ValueError``: it is spliced into SQL, so letters, digits, - and _."""
    if not person_ref or not person_ref.replace("_", "").replace("-", "").isalnum():
        raise ValueError(f"not a person_ref: {person_ref!r}")
    return person_ref


def _quoted(person_ref: str) -> str:
    return f"'{check_person_ref(person_ref)}'"
