"""Embedded feed: the app database's outbox table → ``raw.payment_events``, no broker between.

Which rows are new? On SQLite (the embedded app database) every write transaction holds the
database's one write lock from the moment it takes a ``seq`` until it commits, so rows become
visible in ``seq`` order and "after the highest ``seq`` loaded" misses nothing. On PostgreSQL a
transaction holding a lower ``seq`` can commit after a higher one was read, so a watermark could
skip it: there every row is offered again and the load keeps only unseen ``event_id``s (slower,
but correct; production reads Kafka instead).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Engine, Row, select

from hisaab.settings import WarehouseLocation
from ingestion.payment_events.write import FeedResult, Message, write_messages
from ingestion.warehouse import Warehouse, open_warehouse
from payments.tables import outbox

BATCH_ROWS = 5_000
SEQ_PREFIX = "seq:"


def consume_outbox(
    location: WarehouseLocation, engine: Engine, batch_rows: int = BATCH_ROWS
) -> FeedResult:
    """Load the outbox rows the warehouse has not seen; never writes to the app database."""
    result = FeedResult()
    with open_warehouse(location) as warehouse:
        after = loaded_watermark(warehouse) if engine.dialect.name == "sqlite" else 0
        for rows in _batches(engine, after, batch_rows):
            result.add(write_messages(warehouse, [_message(row) for row in rows]))
            after = rows[-1].seq
        result.positions = {"seq": max(after, loaded_watermark(warehouse))}
    return result


def loaded_watermark(warehouse: Warehouse) -> int:
    """The highest outbox ``seq`` whose event is in ``raw.payment_events`` (0 for none)."""
    found = warehouse.execute(
        f"select max(cast(substr(source_position, {len(SEQ_PREFIX) + 1}) as bigint))"
        " from raw.payment_events where source = 'outbox'"
    )
    value = found[0][0] if found else None
    return int(str(value)) if value is not None else 0


def _batches(engine: Engine, after: int, size: int) -> Iterator[Sequence[Row[Any]]]:
    """Rows after ``after`` in ``seq`` order, each batch its own short read (SQLite readers
    should not hold a transaction open while the warehouse writes)."""
    while True:
        query = (
            select(outbox.c.seq, outbox.c.payload)
            .where(outbox.c.seq > after)
            .order_by(outbox.c.seq)
            .limit(size)
        )
        with engine.connect() as conn:
            rows = conn.execute(query).all()
        if not rows:
            return
        yield rows
        after = rows[-1].seq


def _message(row: Row[Any]) -> Message:
    return Message("outbox", f"{SEQ_PREFIX}{row.seq}", "outbox", row.payload.encode())
