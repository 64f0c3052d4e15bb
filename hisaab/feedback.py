"""Verdicts on anomalies, from the people they concern and from analysts, kept in the app database.

Both the API (a person answering "is this fraud?") and the dashboards (an analyst reviewing the
queue) write here rather than to the warehouse: a reader must never hold the DuckDB file the
pipeline writes. The model refresh copies the verdicts into ``ml.anomaly_feedback``
(`models_ml.anomaly.labels`), so the next training learns from them. Rows are only appended;
the latest verdict on a transaction counts.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Literal

import polars as pl
from sqlalchemy import Column, Engine, Index, String, Table, select

from payments.tables import UtcDateTime, metadata

Verdict = Literal["expected", "suspicious"]
Source = Literal["person", "analyst"]
VERDICTS: tuple[Verdict, ...] = ("expected", "suspicious")
SOURCES: tuple[Source, ...] = ("person", "analyst")

anomaly_feedback = Table(
    "anomaly_feedback",
    metadata,
    Column("feedback_id", String(36), primary_key=True),
    Column("transaction_id", String(64), nullable=False),
    Column("person_ref", String(64), nullable=False),
    Column("verdict", String(16), nullable=False),
    Column("source", String(16), nullable=False),
    # An analyst's name or a person's app id; never a phone number or other personal identifier.
    Column("reviewed_by", String(128), nullable=False),
    Column("reviewed_at", UtcDateTime(), nullable=False),
    Index("anomaly_feedback_by_person", "person_ref", "transaction_id"),
)


class FeedbackError(ValueError):
    """A verdict that cannot be recorded, with the reason."""


def record_verdict(
    engine: Engine,
    *,
    transaction_id: str,
    person_ref: str,
    verdict: str,
    reviewed_by: str,
    source: str,
    reviewed_at: datetime | None = None,
) -> str:
    """Append one verdict; its id."""
    if verdict not in VERDICTS:
        raise FeedbackError(f"verdict must be one of {', '.join(VERDICTS)}, not {verdict!r}")
    if source not in SOURCES:
        raise FeedbackError(f"source must be one of {', '.join(SOURCES)}, not {source!r}")
    if not transaction_id.strip() or not person_ref.strip() or not reviewed_by.strip():
        raise FeedbackError("a verdict needs the transaction, its person and who reviewed it")
    feedback_id = str(uuid.uuid4())
    with engine.begin() as conn:
        conn.execute(
            anomaly_feedback.insert().values(
                feedback_id=feedback_id,
                transaction_id=transaction_id,
                person_ref=person_ref,
                verdict=verdict,
                source=source,
                reviewed_by=reviewed_by.strip(),
                reviewed_at=reviewed_at or datetime.now(UTC),
            )
        )
    return feedback_id


def latest_verdicts(engine: Engine, person_ref: str | None = None) -> pl.DataFrame:
    """The latest verdict per transaction (optionally for one person), newest first."""
    query = select(anomaly_feedback).order_by(
        anomaly_feedback.c.reviewed_at, anomaly_feedback.c.feedback_id
    )
    if person_ref is not None:
        query = query.where(anomaly_feedback.c.person_ref == person_ref)
    with engine.connect() as conn:
        rows = [dict(row._mapping) for row in conn.execute(query)]
    frame = pl.DataFrame(rows, schema=FEEDBACK_SCHEMA, orient="row")
    latest = frame.unique(subset="transaction_id", keep="last", maintain_order=True)
    return latest.sort("reviewed_at", descending=True)


FEEDBACK_SCHEMA: dict[str, pl.DataType] = {
    "feedback_id": pl.String(),
    "transaction_id": pl.String(),
    "person_ref": pl.String(),
    "verdict": pl.String(),
    "source": pl.String(),
    "reviewed_by": pl.String(),
    "reviewed_at": pl.Datetime("us", "UTC"),
}
