"""The person's notifications, read where they are already written.

- Payment results, mandate changes and budget alerts are outbox events (``payments.outbox``),
  keyed by person and numbered by ``seq``: a client that remembers the last ``seq`` it saw
  resumes exactly there (``since``), and nothing is kept per connection on the server. The
  payloads are the ones published to Kafka, so they already carry VPAs masked.
- Anomalies come from the model's scores (``ml.transaction_anomalies`` in the published
  snapshot), re-scored on every refresh and without a sequence: a connection remembers which
  flagged transactions it has pushed and pushes the rest, from ``anomalies_after`` (an IST
  business date) when the client asks for a backlog, else only those flagged after it connected.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import duckdb
import psycopg
from sqlalchemy import Engine, select

from hisaab.serving import PublishedMarts
from hisaab.warehouse import WarehouseNotBuilt
from payments.tables import outbox

BATCH = 200
ANOMALIES_SQL = """
select transaction_id, business_date, amount_paise, payee_name, score, reason
from ml.transaction_anomalies
where person_ref = :person_ref and is_flagged and business_date > :after
order by business_date, transaction_id
"""


def outbox_after(engine: Engine, person_ref: str, since: int) -> list[dict[str, Any]]:
    """The person's events after ``since``, oldest first, as pushed messages."""
    query = (
        select(outbox.c.seq, outbox.c.payload)
        .where(outbox.c.message_key == person_ref, outbox.c.seq > since)
        .order_by(outbox.c.seq)
        .limit(BATCH)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return [{"kind": "event", "seq": row.seq, "event": json.loads(row.payload)} for row in rows]


def latest_seq(engine: Engine) -> int:
    """Where a client that asks for no backlog starts: after everything written so far."""
    with engine.connect() as conn:
        found = conn.execute(select(outbox.c.seq).order_by(outbox.c.seq.desc()).limit(1)).first()
    return int(found.seq) if found else 0


@dataclass
class AnomalyWatch:
    """Flagged transactions already pushed on this connection (or present when it opened)."""

    person_ref: str
    after: date
    seen: set[str] = field(default_factory=set)

    def prime(self, marts: PublishedMarts) -> None:
        self.seen = {row["transaction_id"] for row in self._flagged(marts)}

    def new(self, marts: PublishedMarts) -> list[dict[str, Any]]:
        fresh = [row for row in self._flagged(marts) if row["transaction_id"] not in self.seen]
        self.seen.update(row["transaction_id"] for row in fresh)
        return [{"kind": "anomaly", "anomaly": _plain(row)} for row in fresh]

    def _flagged(self, marts: PublishedMarts) -> list[dict[str, Any]]:
        try:
            return marts.rows(ANOMALIES_SQL, {"person_ref": self.person_ref, "after": self.after})
        except (WarehouseNotBuilt, duckdb.CatalogException, psycopg.errors.UndefinedTable):
            # nothing published yet, or no model has run: no anomalies to tell about
            return []


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "business_date": str(row["business_date"]), "score": float(row["score"])}
