"""A person's data, as a zip of JSON and CSV: what the app holds and what the ledger says.

Every app-database table with a ``person_ref`` or ``person_id`` column contributes the person's
rows (found by reflection, so new tables are included without touching this module), with
encrypted identifiers decrypted — it is the person's own data — and secrets (OTP and token
hashes) left out. The ledger side is every ``marts``/``ml`` table of the published snapshot
that has a ``person_ref`` column.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine, MetaData, or_, select

from hisaab.crypto import field_cipher
from hisaab.serving import PublishedMarts

# Login secrets (hashes of OTPs and refresh tokens) and replay caches are not the person's data.
NOT_EXPORTED = frozenset({"otp_challenges", "refresh_tokens", "idempotency_keys", "outbox"})
_TOKEN = re.compile(r"^v1\.[a-z0-9]{1,16}\.[A-Za-z0-9_-]+$")
_OWNER_COLUMNS = ("person_ref", "person_id")
_MART_TABLES = """
    select table_schema, table_name from information_schema.columns
    where column_name = 'person_ref' and table_schema in ('marts', 'ml')
    order by 1, 2
"""


def export_zip(
    engine: Engine, marts: PublishedMarts | None, *, person_ref: str, person_id: str | None
) -> bytes:
    """The zip's bytes: ``app/<table>.json|csv``, ``ledger/<schema>.<table>.json|csv`` and
    ``manifest.json``."""
    tables = {f"app/{name}": rows for name, rows in _app_rows(engine, [person_ref, person_id])}
    if marts is not None:
        tables |= {f"ledger/{name}": rows for name, rows in _ledger_rows(marts, person_ref)}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in tables.items():
            archive.writestr(f"{name}.json", json.dumps(rows, default=_jsonable, indent=1))
            archive.writestr(f"{name}.csv", _csv(rows))
        archive.writestr("manifest.json", json.dumps(_manifest(person_ref, tables), indent=1))
    return buffer.getvalue()


def _app_rows(
    engine: Engine, identifiers: Iterable[str | None]
) -> Iterable[tuple[str, list[dict[str, Any]]]]:
    owners = sorted({value for value in identifiers if value})
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            owned = [table.c[c].in_(owners) for c in _OWNER_COLUMNS if c in table.c]
            if not owned or table.name in NOT_EXPORTED:
                continue
            query = select(table).where(or_(*owned))
            rows = [_readable(dict(row._mapping)) for row in conn.execute(query)]
            if rows:
                yield table.name, rows


def _ledger_rows(
    marts: PublishedMarts, person_ref: str
) -> Iterable[tuple[str, list[dict[str, Any]]]]:
    for located in marts.rows(_MART_TABLES):
        name = f"{located['table_schema']}.{located['table_name']}"
        rows = marts.rows(f"select * from {name} where person_ref = :ref", {"ref": person_ref})
        if rows:
            yield name, rows


def _readable(row: Mapping[str, Any]) -> dict[str, Any]:
    cipher = field_cipher()
    return {
        key: cipher.decrypt(value) if isinstance(value, str) and _TOKEN.match(value) else value
        for key, value in row.items()
    }


def _csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), extrasaction="ignore")
    writer.writeheader()
    writer.writerows({key: _jsonable(value) for key, value in row.items()} for row in rows)
    return out.getvalue()


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _manifest(person_ref: str, tables: Mapping[str, list[dict[str, Any]]]) -> dict[str, Any]:
    return {
        "person_ref": person_ref,
        "exported_at": datetime.now(UTC).isoformat(),
        "amounts": "integer paise (100 paise = ₹1); times UTC; business dates Asia/Kolkata",
        "files": {name: len(rows) for name, rows in tables.items()},
    }
