"""Erasure on request: the app database and landing files at once, the warehouse as soon as free.

The app database and the landing folder are erased while the person waits. The warehouse is a
DuckDB file with one writer: when a bank sync holds it, the request stays pending and the next
sync completes it before it ingests anything (`orchestration/defs/privacy`); ``hisaab privacy
erase-pending`` does the same by hand. Once complete, the request keeps only a hash of the
pseudonymous id, so the record that an erasure happened holds no personal data.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
from sqlalchemy import Column, Engine, String, Table, select

from hisaab.privacy.app_database import erase_from_app_database
from hisaab.privacy.warehouse import (
    check_person_ref,
    erase_from_warehouse,
    erase_landing,
    republish_without_history,
)
from hisaab.settings import WarehouseLocation
from payments.tables import UtcDateTime, metadata

erasure_requests = Table(
    "erasure_requests",
    metadata,
    Column("request_id", String(36), primary_key=True),
    # The pseudonymous ref until the warehouse is erased, then its SHA-256.
    Column("person_ref", String(64), nullable=False, index=True),
    Column("requested_at", UtcDateTime(), nullable=False),
    Column("app_erased_at", UtcDateTime(), nullable=False),
    Column("warehouse_erased_at", UtcDateTime()),
)


@dataclass(frozen=True)
class ErasureOutcome:
    request_id: str
    app_rows: dict[str, int]
    landing_files: int
    warehouse_rows: dict[str, int] | None  # None: pending until the warehouse is free

    @property
    def complete(self) -> bool:
        return self.warehouse_rows is not None


def request_erasure(
    engine: Engine,
    location: WarehouseLocation,
    *,
    person_ref: str,
    person_id: str | None,
    landing: Path,
    published: Path,
) -> ErasureOutcome:
    """Erase the person everywhere we can now; the warehouse part may stay pending."""
    check_person_ref(person_ref)  # before anything is erased or a request recorded
    now = datetime.now(UTC)
    app_rows = erase_from_app_database(engine, [person_ref, person_id or ""])
    files = erase_landing(landing, person_ref)
    request_id = str(uuid.uuid4())
    with engine.begin() as conn:
        conn.execute(
            erasure_requests.insert().values(
                request_id=request_id, person_ref=person_ref, requested_at=now, app_erased_at=now
            )
        )
    warehouse_rows = _try_warehouse(engine, location, request_id, person_ref, published)
    return ErasureOutcome(request_id, app_rows, files, warehouse_rows)


def complete_pending(engine: Engine, location: WarehouseLocation, published: Path) -> list[str]:
    """Finish every pending warehouse erasure (the caller holds the warehouse); their ids."""
    pending = select(erasure_requests.c.request_id, erasure_requests.c.person_ref).where(
        erasure_requests.c.warehouse_erased_at.is_(None)
    )
    with engine.connect() as conn:
        rows = [(str(request_id), str(ref)) for request_id, ref in conn.execute(pending)]
    for request_id, person_ref in rows:
        _erase_warehouse(engine, location, request_id, person_ref, published)
    return [request_id for request_id, _ in rows]


def _try_warehouse(
    engine: Engine, location: WarehouseLocation, request_id: str, ref: str, published: Path
) -> dict[str, int] | None:
    try:
        return _erase_warehouse(engine, location, request_id, ref, published)
    except duckdb.IOException:
        return None  # a bank sync holds the file: it completes the request when it starts next


def _erase_warehouse(
    engine: Engine, location: WarehouseLocation, request_id: str, ref: str, published: Path
) -> dict[str, int]:
    deleted = erase_from_warehouse(location, ref)
    republish_without_history(location, published)
    with engine.begin() as conn:
        conn.execute(
            erasure_requests.update()
            .where(erasure_requests.c.request_id == request_id)
            .values(warehouse_erased_at=datetime.now(UTC), person_ref=_forgotten(ref))
        )
    return deleted


def _forgotten(person_ref: str) -> str:
    return hashlib.sha256(person_ref.encode()).hexdigest()
