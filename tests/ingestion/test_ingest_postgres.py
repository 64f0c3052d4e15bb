"""`ingest_paths` into PostgreSQL (a fresh database on the shared server): same rows, same ids."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import psycopg
import pytest

from hisaab.settings import WarehouseLocation
from ingestion import ingest_paths

pytestmark = pytest.mark.postgres


def test_postgres_load_is_exact_and_idempotent(
    postgres_url: str, landing_dir: Path, tmp_path: Path
) -> None:
    location = WarehouseLocation.parse(postgres_url, tmp_path)
    first = ingest_paths([landing_dir], location)
    again = ingest_paths([landing_dir], location)
    counts = {name: (c.loaded, c.duplicate, c.quarantined) for name, c in first.sources.items()}
    assert counts == {"statement": (26, 0, 5), "sms": (25, 0, 3), "aa": (6, 0, 1)}
    assert again.total.loaded == 0 and again.total.duplicate == 57
    with psycopg.connect(postgres_url) as connection:
        assert connection.execute("select count(*) from raw.quarantine").fetchone() == (9,)
        sms = connection.execute(
            "select received_at, amount_paise, body from raw.sms_messages where line_no = 16"
        ).fetchone()
        assert sms is not None
        assert sms[:2] == (datetime(2025, 4, 1, 14, 12, 13), 43210)
        assert sms[2].startswith("INR 432.10 debited\nA/c no. XX5678\n")
        empty_vs_null = connection.execute(
            "select count(*) filter (where reference = ''),"
            " count(*) filter (where reference is null) from raw.aa_transactions"
        ).fetchone()
        assert empty_vs_null == (2, 0)
        files = connection.execute("select sum(rows_loaded) from raw.ingested_files").fetchone()
        assert files == (57,)


def test_postgres_and_duckdb_agree_on_row_ids(
    postgres_url: str, landing_dir: Path, tmp_path: Path
) -> None:
    import duckdb

    duck = WarehouseLocation("duckdb", path=tmp_path / "w.duckdb")
    ingest_paths([landing_dir], duck)
    ingest_paths([landing_dir], WarehouseLocation.parse(postgres_url, tmp_path))
    sql = "select source_row_id from raw.statement_lines order by 1"
    with duckdb.connect(str(duck.path)) as connection:
        duck_ids = connection.execute(sql).fetchall()
    with psycopg.connect(postgres_url) as connection:
        assert connection.execute(sql).fetchall() == duck_ids
