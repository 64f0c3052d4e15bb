"""A fingerprint of every table of the ``marts`` schema, for comparing two builds of it.

Per key value (``person_ref`` when the model has one, else its first ``*_id`` column): the row
count, the sum of every integer column, the rounded sum of every other numeric column, the count
of true values of every boolean, the earliest and latest of every date or timestamp, and the
count of non-null and of distinct values of every column. Two builds of the same raw data (on
DuckDB and on PostgreSQL, or incremental and from scratch) must give equal fingerprints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

FLOAT_DIGITS = 6  # sums of floats may differ in the last bits with the order of summation

COLUMNS_SQL = """
    select table_name, column_name, lower(data_type)
    from information_schema.columns
    where table_schema = 'marts'
    order by table_name, ordinal_position
"""

Query = Callable[[str], list[tuple[Any, ...]]]
Fingerprint = dict[Any, dict[str, Any]]  # key value -> measure -> value


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # integer, number, boolean, time, text, opaque (json, lists: non-null count only)


def _kind(data_type: str) -> str:
    if data_type in ("json", "jsonb", "array") or data_type.endswith("]"):
        return "opaque"
    if data_type.startswith(("tinyint", "smallint", "integer", "bigint", "hugeint", "int")):
        return "integer"
    if data_type.startswith(("numeric", "decimal", "double", "real", "float")):
        return "number"
    if data_type == "boolean":
        return "boolean"
    if data_type.startswith(("date", "timestamp", "time")):
        return "time"
    return "text"


def mart_columns(query: Query) -> dict[str, list[Column]]:
    models: dict[str, list[Column]] = {}
    for table, column, data_type in query(COLUMNS_SQL):
        # When each warehouse loaded a row is not data: the two loads run minutes apart.
        kind = "opaque" if column == "ingested_at" else _kind(data_type)
        models.setdefault(table, []).append(Column(column, kind))
    return models


def _key_column(columns: list[Column]) -> str | None:
    names = [column.name for column in columns]
    if "person_ref" in names:
        return "person_ref"
    return next((name for name in names if name.endswith("_id")), None)


def _measures(column: Column) -> list[tuple[str, str]]:
    quoted = f'"{column.name}"'
    measures = [("non_null", f"count({quoted})")]
    if column.kind != "opaque":
        measures.append(("distinct", f"count(distinct {quoted})"))
    if column.kind in ("integer", "number"):
        measures.append(("sum", f"sum({quoted})"))
    elif column.kind == "boolean":
        measures.append(("true", f"count(case when {quoted} then 1 end)"))
    elif column.kind == "time":
        measures += [("min", f"min({quoted})"), ("max", f"max({quoted})")]
    return [(f"{column.name}:{name}", sql) for name, sql in measures]


def _comparable(value: Any) -> Any:
    """Decimal (Postgres sums) and int (DuckDB) alike; floats rounded."""
    if isinstance(value, Decimal):
        return (
            int(value) if value == value.to_integral_value() else round(float(value), FLOAT_DIGITS)
        )
    if isinstance(value, float):
        return round(value, FLOAT_DIGITS)
    return value


def fingerprint(query: Query, model: str, columns: list[Column]) -> Fingerprint:
    key = _key_column(columns)
    measures = [("rows", "count(*)")] + [m for c in columns for m in _measures(c)]
    select = ", ".join(sql for _, sql in measures)
    if key is None:
        rows = [("(all)", *row) for row in query(f"select {select} from marts.{model}")]
    else:
        rows = query(f'select "{key}", {select} from marts.{model} group by "{key}"')
    names = [name for name, _ in measures]
    return {row[0]: dict(zip(names, map(_comparable, row[1:]), strict=True)) for row in rows}
