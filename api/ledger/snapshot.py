"""Which served tables exist: the model outputs (``ml``) appear only after a model refresh.

Readers ask before every query that could use a model table, so the answer is cached per
published snapshot (a snapshot never changes; the next one is a new file) and, on PostgreSQL,
for a few seconds.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

from api.errors import ApiError
from hisaab.serving import PublishedMarts, current_snapshot
from hisaab.warehouse import WarehouseNotBuilt

POSTGRES_CACHE_SECONDS = 30.0
MAX_CACHED = 256
_cache: dict[tuple[int, str, str, str], tuple[float, bool]] = {}
_lock = threading.Lock()


def has_table(marts: PublishedMarts, schema: str, table: str) -> bool:
    """True when ``schema.table`` is served right now."""
    version = str(current_snapshot(marts.settings)) if marts.kind == "duckdb" else "postgres"
    key = (id(marts), version, schema, table)
    now = time.monotonic()
    with _lock:
        cached = _cache.get(key)
    if cached is not None and (marts.kind == "duckdb" or now - cached[0] < POSTGRES_CACHE_SECONDS):
        return cached[1]
    found = bool(
        marts.scalar(
            "select count(*) from information_schema.tables"
            " where table_schema = :schema and table_name = :table",
            {"schema": schema, "table": table},
        )
    )
    with _lock:
        if len(_cache) > MAX_CACHED:  # old snapshots' answers are never asked again
            _cache.clear()
        _cache[key] = (now, found)
    return found


def ledger_table(marts: PublishedMarts) -> str:
    """The model-categorized ledger when a model refresh published it, else the rule ledger.

    Both have the same columns; ``ml.ledger_categorized`` adds ``category_source = 'model'``.
    """
    if has_table(marts, "ml", "ledger_categorized"):
        return "ml.ledger_categorized"
    return "marts.fct_ledger"


def marts_ready() -> Iterator[None]:
    """Router dependency: a ledger nobody has built yet answers 503 (problem), not 500."""
    try:
        yield
    except WarehouseNotBuilt as exc:
        raise ApiError(
            503,
            "ledger-not-ready",
            "Ledger not ready",
            "the ledger has not been published yet: the first bank sync is still to run",
            headers={"Retry-After": "60"},
        ) from exc
