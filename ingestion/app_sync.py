"""Copy what people set in the app into the warehouse's ``raw.app_*`` tables.

The API writes budgets, category corrections and profiles to the app database (SQLite or
PostgreSQL) while the pipeline may be writing the warehouse; the bank sync copies them across at
its start, so the marts are rebuilt from them. Rows are upserted by key: the app database soft-
deletes budgets, so an upsert carries removals too, and rows written by the `hisaab budget` and
`hisaab recategorize` commands (which write the warehouse directly) are left in place.

Only the columns of the raw contract are copied: a profile's phone never leaves the app database,
and its city and age band only with the person's ``analytics_profile`` consent
(`hisaab.privacy.consents`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import polars as pl
from sqlalchemy import Engine, MetaData, Table, inspect, select

from hisaab.settings import WarehouseLocation
from ingestion.load import upsert
from ingestion.raw_schema import KEYS
from ingestion.warehouse import conform, open_warehouse, table_schema

# raw table → the app database table it mirrors.
SOURCES = {
    "app_people": "people",
    "app_budgets": "budgets",
    "app_category_corrections": "category_corrections",
}


def sync_app_tables(engine: Engine, location: WarehouseLocation) -> dict[str, int]:
    """Upsert every mirrored table; rows copied per raw table (0 when the app has none yet)."""
    counts = {}
    for raw_table, app_table in SOURCES.items():
        rows = _read(engine, app_table, _SHAPERS.get(raw_table, _as_is))
        if raw_table == "app_people":
            rows = _without_unconsented_profiles(engine, rows)
        if rows.height:
            with open_warehouse(location) as warehouse:
                upsert(warehouse, raw_table, conform(rows, raw_table), KEYS[raw_table])
        counts[raw_table] = rows.height
    return counts


def _read(
    engine: Engine, name: str, shape: Callable[[pl.DataFrame, str], pl.DataFrame]
) -> pl.DataFrame:
    raw_table = next(raw for raw, app in SOURCES.items() if app == name)
    if not inspect(engine).has_table(name):
        return pl.DataFrame(schema=table_schema(raw_table))
    table = Table(name, MetaData(), autoload_with=engine)
    with engine.connect() as conn:
        rows = [dict(row._mapping) for row in conn.execute(select(table))]
    frame = pl.DataFrame(rows, infer_schema_length=None) if rows else pl.DataFrame()
    if frame.is_empty():
        return pl.DataFrame(schema=table_schema(raw_table))
    return shape(_naive_utc(frame), raw_table)


def _as_is(frame: pl.DataFrame, raw_table: str) -> pl.DataFrame:
    return frame.select(list(table_schema(raw_table)))


def _people(frame: pl.DataFrame, raw_table: str) -> pl.DataFrame:
    """A profile's demographics and whether the person was erased; nothing identifying."""
    erased = pl.col("erased_at").is_not_null() if "erased_at" in frame.columns else pl.lit(False)
    stamp = next((c for c in ("updated_at", "created_at") if c in frame.columns), None)
    updated = pl.col(stamp) if stamp else pl.lit(datetime.now(UTC).replace(tzinfo=None))
    optional = [
        (pl.col(name) if name in frame.columns else pl.lit(None)).alias(name)
        for name in ("city", "city_tier", "age_band")
    ]
    shaped = frame.select(
        "person_ref", *optional, erased.alias("is_erased"), updated.alias("updated_at")
    )
    return shaped.select(list(table_schema(raw_table)))


def _without_unconsented_profiles(engine: Engine, people: pl.DataFrame) -> pl.DataFrame:
    consented = _consented(engine, "analytics_profile")
    allowed = pl.col("person_ref").is_in(list(consented))
    return people.with_columns(
        pl.when(allowed).then(pl.col(name)).otherwise(None).alias(name)
        for name in ("city", "city_tier", "age_band")
    )


def _consented(engine: Engine, purpose: str) -> set[str]:
    if not inspect(engine).has_table("privacy_consents"):
        return set()
    table = Table("privacy_consents", MetaData(), autoload_with=engine)
    query = select(table.c.person_ref).where(
        (table.c.purpose == purpose) & (table.c.status == "granted")
    )
    with engine.connect() as conn:
        return {str(ref) for (ref,) in conn.execute(query)}


def _naive_utc(frame: pl.DataFrame) -> pl.DataFrame:
    """The warehouse stores naive UTC timestamps."""
    aware = [
        name
        for name, dtype in frame.schema.items()
        if isinstance(dtype, pl.Datetime) and dtype.time_zone is not None
    ]
    return frame.with_columns(
        pl.col(name).dt.convert_time_zone("UTC").dt.replace_time_zone(None) for name in aware
    )


_SHAPERS = {"app_people": _people}
