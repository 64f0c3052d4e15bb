"""What the API and dashboards read: the marts and model outputs, never blocked by the pipeline.

DuckDB allows one writing process and a reader would block it, so the embedded profile never
lets readers near the warehouse file. After each successful bank sync or model refresh the
pipeline copies the ``marts`` and ``ml`` schemas into a new file under
``$HISAAB_HOME/published/`` and swaps the ``current.duckdb`` link to it atomically. Readers open
whatever ``current`` points to, read-only: a reader keeps the snapshot it opened while the next
one is written, and the pipeline never waits for a reader.

PostgreSQL readers query the warehouse directly: MVCC lets them read while dbt writes.

Queries use ``:name`` parameters on both engines.
"""

from __future__ import annotations

import os
import re
import threading
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import psycopg

from hisaab.settings import Settings, WarehouseLocation, get_settings
from hisaab.warehouse import WarehouseNotBuilt

SERVED_SCHEMAS = ("marts", "ml")
CURRENT = "current.duckdb"
KEEP_SNAPSHOTS = 3
# A reader resolves the link, then opens the file: give it this long before a file it may be
# about to open is deleted. Files already open stay readable after deletion anyway.
GRACE_SECONDS = 120
_PARAMETER = re.compile(r"(?<![:\w]):(\w+)")


def published_dir(settings: Settings | None = None) -> Path:
    return (settings or get_settings()).resolved_home / "published"


def publish(location: WarehouseLocation, folder: Path | None = None) -> Path | None:
    """Copy the served schemas of a DuckDB warehouse into a fresh snapshot and make it current.

    Returns the snapshot's path; ``None`` for PostgreSQL, whose readers need no snapshot.
    """
    if location.kind != "duckdb":
        return None
    assert location.path is not None
    folder = folder or published_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = folder / f"warehouse-{stamp}-{uuid.uuid4().hex[:8]}.duckdb"
    partial = target.with_suffix(".partial")
    with duckdb.connect(str(partial)) as snapshot:
        snapshot.execute(f"attach '{location.path}' as source (read_only)")
        for schema, table, has_person in _served_tables(snapshot):
            # Clustered by person: a reader's ``person_ref = ?`` then skips other people's row
            # groups (DuckDB's min/max zone maps), which keeps one person's listing fast at scale.
            order = " order by person_ref" if has_person else ""
            snapshot.execute(f"create schema if not exists {schema}")
            snapshot.execute(
                f'create table {schema}."{table}" as select * from source.{schema}."{table}"{order}'
            )
        snapshot.execute("detach source")
    os.replace(partial, target)
    _point_current_at(folder, target)
    _prune(folder, keep=target)
    return target


def _served_tables(snapshot: duckdb.DuckDBPyConnection) -> list[tuple[str, str, bool]]:
    """(schema, table, has a person_ref column) of every table and view to serve."""
    schemas = ", ".join(f"'{schema}'" for schema in SERVED_SCHEMAS)
    rows = snapshot.execute(
        "select table_schema, table_name,"
        " bool_or(column_name = 'person_ref') as has_person"
        " from information_schema.columns"
        f" where table_catalog = 'source' and table_schema in ({schemas})"
        " group by 1, 2 order by 1, 2"
    ).fetchall()
    return [(str(schema), str(table), bool(has_person)) for schema, table, has_person in rows]


def _point_current_at(folder: Path, target: Path) -> None:
    link = folder / f".{CURRENT}.{uuid.uuid4().hex[:8]}"
    link.symlink_to(target.name)
    os.replace(link, folder / CURRENT)


def _prune(folder: Path, *, keep: Path) -> None:
    snapshots = sorted(folder.glob("warehouse-*.duckdb"), key=lambda path: path.name)
    cutoff = time.time() - GRACE_SECONDS
    for old in snapshots[:-KEEP_SNAPSHOTS]:
        if old != keep and old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    for partial in folder.glob("warehouse-*.partial"):
        if partial.stat().st_mtime < cutoff:
            partial.unlink(missing_ok=True)


def current_snapshot(settings: Settings | None = None) -> Path:
    """The snapshot readers should open now."""
    link = published_dir(settings) / CURRENT
    if not link.exists():
        raise WarehouseNotBuilt(
            f"nothing published at {link}: run `make demo` or `hisaab pipeline run` first"
        )
    return link.resolve()


class PublishedMarts:
    """Read-only queries over the published marts and model outputs."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()
        self.location = self.settings.warehouse
        self._lock = threading.Lock()
        self._duckdb: dict[Path, duckdb.DuckDBPyConnection] = {}

    @property
    def kind(self) -> str:
        return self.location.kind

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        with self._cursor() as (cursor, dialect):
            cursor.execute(_bind(sql, dialect), params or {})
            names = [column[0] for column in cursor.description or ()]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def frame(self, sql: str, params: Mapping[str, Any] | None = None) -> pl.DataFrame:
        with self._cursor() as (cursor, dialect):
            cursor.execute(_bind(sql, dialect), params or {})
            names = [column[0] for column in cursor.description or ()]
            rows: Sequence[tuple[Any, ...]] = cursor.fetchall()
        return pl.DataFrame(rows, schema=names, orient="row", infer_schema_length=None)

    def scalar(self, sql: str, params: Mapping[str, Any] | None = None) -> Any:
        rows = self.rows(sql, params)
        return next(iter(rows[0].values())) if rows else None

    def close(self) -> None:
        with self._lock:
            for connection in self._duckdb.values():
                connection.close()
            self._duckdb.clear()

    @contextmanager
    def _cursor(self) -> Iterator[tuple[Any, str]]:
        if self.location.kind == "duckdb":
            cursor = self._duckdb_connection().cursor()
            try:
                yield cursor, "duckdb"
            except duckdb.CatalogException as exc:
                raise WarehouseNotBuilt(str(exc).splitlines()[0]) from exc
            finally:
                cursor.close()
            return
        with psycopg.connect(self.location.postgres_conninfo(), autocommit=True) as connection:
            try:
                yield connection.cursor(), "postgres"
            except psycopg.errors.UndefinedTable as exc:
                raise WarehouseNotBuilt(str(exc).splitlines()[0]) from exc

    def _duckdb_connection(self) -> duckdb.DuckDBPyConnection:
        """One connection per snapshot, reused; a newer snapshot replaces it for new queries."""
        path = current_snapshot(self.settings)
        with self._lock:
            connection = self._duckdb.get(path)
            if connection is None:
                connection = duckdb.connect(str(path), read_only=True)
                for old_path in list(self._duckdb)[
                    :-1
                ]:  # keep the previous one for queries in flight
                    self._duckdb.pop(old_path).close()
                self._duckdb[path] = connection
            return connection


def _bind(sql: str, dialect: str) -> str:
    """``:name`` → ``$name`` (DuckDB) or ``%(name)s`` (psycopg)."""
    if dialect == "duckdb":
        return _PARAMETER.sub(r"$\1", sql)
    return _PARAMETER.sub(r"%(\1)s", sql.replace("%", "%%"))
