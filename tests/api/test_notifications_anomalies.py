"""Anomaly notices: only the person's flagged rows, each once, backlog only when asked for."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from api.notifications.feed import AnomalyWatch
from hisaab.serving import PublishedMarts, publish
from hisaab.settings import Settings, WarehouseLocation

COLUMNS = (
    "transaction_id, person_ref, business_date, amount_paise, payee_name, score, is_flagged, reason"
)


def published(home: Path, rows: list[tuple[object, ...]]) -> PublishedMarts:
    warehouse = home / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as conn:
        conn.execute("create schema if not exists ml")
        conn.execute(
            "create or replace table ml.transaction_anomalies (transaction_id varchar,"
            " person_ref varchar, business_date date, amount_paise bigint, payee_name varchar,"
            " score double, is_flagged boolean, reason varchar)"
        )
        conn.executemany(
            f"insert into ml.transaction_anomalies ({COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    publish(WarehouseLocation("duckdb", path=warehouse), home / "published")
    return PublishedMarts(Settings(home=home))


def row(txn: str, person: str, day: str, flagged: bool = True) -> tuple[object, ...]:
    return (txn, person, date.fromisoformat(day), 499_900, "RAHUL K", 0.93, flagged, "5x usual")


def test_new_flags_are_pushed_once_and_only_to_their_person(tmp_path: Path) -> None:
    marts = published(
        tmp_path, [row("T1", "P000001", "2025-05-01"), row("T9", "P000002", "2025-05-02")]
    )
    watch = AnomalyWatch("P000001", date.min)
    watch.prime(marts)  # connected without a backlog: T1 was already known
    assert watch.new(marts) == []
    marts.close()
    marts = published(tmp_path, [
        row("T1", "P000001", "2025-05-01"), row("T2", "P000001", "2025-05-03"),
        row("T3", "P000001", "2025-05-04", flagged=False), row("T9", "P000002", "2025-05-05"),
    ])  # fmt: skip
    (notice,) = watch.new(marts)
    assert notice["kind"] == "anomaly" and notice["anomaly"]["transaction_id"] == "T2"
    assert notice["anomaly"]["business_date"] == "2025-05-03" and notice["anomaly"]["reason"]
    assert watch.new(marts) == []
    backlog = AnomalyWatch("P000001", date(2025, 5, 2)).new(marts)
    assert [n["anomaly"]["transaction_id"] for n in backlog] == ["T2"]
    marts.close()


def test_no_snapshot_means_no_anomalies(tmp_path: Path) -> None:
    assert AnomalyWatch("P000001", date.min).new(PublishedMarts(Settings(home=tmp_path))) == []
