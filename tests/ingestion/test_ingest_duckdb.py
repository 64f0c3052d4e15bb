"""`ingest_paths` into a DuckDB warehouse: counts, idempotence, quarantine, owners, overlaps."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from hisaab.settings import WarehouseLocation
from ingestion import SourceCounts, ingest_paths
from ingestion.raw_schema import TABLES, UPSERTED, create_statements

Query = Callable[[str], list[tuple[object, ...]]]


def _counts(report_sources: dict[str, SourceCounts]) -> dict[str, tuple[int, int, int]]:
    return {name: (c.loaded, c.duplicate, c.quarantined) for name, c in report_sources.items()}


def test_loads_everything_readable_and_quarantines_the_rest(
    landing_dir: Path, duckdb_location: WarehouseLocation, query: Query
) -> None:
    report = ingest_paths([landing_dir], duckdb_location)
    assert _counts(report.sources) == {"statement": (26, 0, 5), "sms": (25, 0, 3), "aa": (6, 0, 1)}
    assert (report.files_seen, report.nothing_readable) == (6, False)
    assert query("select count(*) from raw.statement_lines") == [(26,)]
    assert query("select count(*) from raw.aa_accounts") == [(1,)]
    reasons = query("select source, count(*) from raw.quarantine group by 1 order by 1")
    assert reasons == [("aa", 1), ("sms", 3), ("statement", 5)]
    assert query(
        "select amount_paise, direction, ref_no from raw.statement_lines"
        " where bank = 'sbi' and txn_date = date '2025-04-05'"
    ) == [(10234050, "credit", "TRANSFER FROM 4897692162093")]


def test_reingest_adds_nothing_and_reports_duplicates(
    landing_dir: Path, duckdb_location: WarehouseLocation, query: Query
) -> None:
    ingest_paths([landing_dir], duckdb_location)
    before = query(
        "select count(*) from raw.sms_messages union all select count(*) from raw.quarantine"
    )
    again = ingest_paths([landing_dir], duckdb_location)
    assert _counts(again.sources) == {"statement": (0, 26, 5), "sms": (0, 25, 3), "aa": (0, 6, 1)}
    after = query(
        "select count(*) from raw.sms_messages union all select count(*) from raw.quarantine"
    )
    assert before == after
    files = query(
        "select source, rows_loaded, rows_duplicate from raw.ingested_files where source = 'sms'"
    )
    assert files == [("sms", 25, 25)]  # rows_loaded accumulates; duplicates are the latest run's


def test_overlapping_statements_load_each_transaction_once(
    tmp_path: Path, statements_dir: Path, duckdb_location: WarehouseLocation, query: Query
) -> None:
    lines = (statements_dir / "hdfc_6789.csv").read_text().splitlines(keepends=True)
    early, late = tmp_path / "person=P1" / "early.csv", tmp_path / "person=P1" / "late.csv"
    early.parent.mkdir()
    early.write_text("".join(lines[:15] + lines[19:]))  # rows up to 10/04
    late.write_text("".join(lines[:10] + lines[12:]))  # rows from 05/04
    report = ingest_paths([early, late], duckdb_location)
    assert (report.sources["statement"].loaded, report.sources["statement"].duplicate) == (7, 3)
    assert query("select count(*) from raw.statement_lines") == [(7,)]


def test_file_without_owner_is_quarantined_whole(
    tmp_path: Path, statements_dir: Path, duckdb_location: WarehouseLocation, query: Query
) -> None:
    path = tmp_path / "inbox" / "hdfc.csv"
    path.parent.mkdir()
    shutil.copy(statements_dir / "hdfc_6789.csv", path)
    report = ingest_paths([path], duckdb_location)
    assert report.nothing_readable
    assert "--person" in report.why_nothing_readable()
    assert query(
        "select source, line_no, content is null, reason like 'no owner%' from raw.quarantine"
    ) == [("statement", 0, True, True)]
    owned = ingest_paths([path], duckdb_location, person_ref="P42")
    assert owned.sources["statement"].loaded == 7
    assert query("select distinct person_ref from raw.statement_lines") == [("P42",)]
    assert query("select person_ref, rows_loaded from raw.ingested_files") == [("P42", 7)]


def test_sources_filter(
    landing_dir: Path, duckdb_location: WarehouseLocation, query: Query
) -> None:
    report = ingest_paths([landing_dir], duckdb_location, sources={"sms"})
    assert _counts(report.sources) == {"statement": (0, 0, 0), "sms": (25, 0, 3), "aa": (0, 0, 0)}
    assert query("select count(*) from raw.statement_lines") == [(0,)]
    with pytest.raises(ValueError, match="unknown source"):
        ingest_paths([landing_dir], duckdb_location, sources={"pdf"})


def test_unrecognised_files_are_recorded(
    tmp_path: Path, duckdb_location: WarehouseLocation, query: Query
) -> None:
    (tmp_path / "notes.txt").write_text("hello\n")
    report = ingest_paths([tmp_path / "notes.txt", tmp_path / "missing"], duckdb_location)
    assert [p.path for p in report.unrecognised] == [str((tmp_path / "notes.txt").resolve())]
    assert report.missing_paths == [str(tmp_path / "missing")]
    assert report.why_nothing_readable() == "no recognised files: 1 unrecognised"
    assert query("select source, rows_quarantined from raw.ingested_files") == [("unrecognised", 1)]


def test_many_small_files_are_batched_with_exact_lineage(
    tmp_path: Path, statements_dir: Path, duckdb_location: WarehouseLocation, query: Query
) -> None:
    for person in range(30):
        folder = tmp_path / f"person=P{person:03d}" / "statements"
        folder.mkdir(parents=True)
        for source in statements_dir.glob("*.csv"):
            shutil.copy(source, folder / source.name)
    report = ingest_paths([tmp_path], duckdb_location)
    assert (report.sources["statement"].loaded, report.sources["statement"].quarantined) == (
        26 * 30,
        5 * 30,
    )
    assert query(
        "select count(distinct source_file), count(distinct person_ref), min(line_no), max(line_no)"
        " from raw.statement_lines where bank = 'hdfc'"
    ) == [(30, 30, 11, 19)]


def test_one_batch_per_file_gives_the_same_counts(
    landing_dir: Path,
    duckdb_location: WarehouseLocation,
    query: Query,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("ingestion.pipeline.CHUNK_BYTES", 1)  # every file its own batch
    report = ingest_paths([landing_dir], duckdb_location)
    assert _counts(report.sources) == {"statement": (26, 0, 5), "sms": (25, 0, 3), "aa": (6, 0, 1)}
    assert query("select count(distinct ingested_at) from raw.statement_lines") == [(4,)]
    assert query("select sum(rows_loaded), sum(rows_quarantined) from raw.ingested_files") == [
        (57, 9)
    ]


def test_a_failed_load_is_raised(
    landing_dir: Path, duckdb_location: WarehouseLocation, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("warehouse went away")

    monkeypatch.setattr("ingestion.pipeline.load_batch", broken)
    with pytest.raises(RuntimeError, match="warehouse went away"):
        ingest_paths([landing_dir], duckdb_location)


def test_warehouse_created_with_primary_keys_still_loads(
    landing_dir: Path, duckdb_location: WarehouseLocation, query: Query
) -> None:
    """New DuckDB warehouses have no primary key on row ids; one made before (as `make demo` did,
    with the portable DDL) must keep loading and deduplicating the same way."""
    assert duckdb_location.path is not None
    with duckdb.connect(str(duckdb_location.path)) as connection:
        for statement in create_statements():
            connection.execute(statement)
    first = ingest_paths([landing_dir], duckdb_location)
    again = ingest_paths([landing_dir], duckdb_location)
    assert _counts(first.sources) == {"statement": (26, 0, 5), "sms": (25, 0, 3), "aa": (6, 0, 1)}
    assert _counts(again.sources) == {"statement": (0, 26, 5), "sms": (0, 25, 3), "aa": (0, 6, 1)}
    assert query("select count(*) from raw.quarantine") == [(9,)]


def test_duckdb_tables_keep_only_the_upserted_primary_keys() -> None:
    duckdb_ddl = "\n".join(create_statements(dialect="duckdb"))
    assert duckdb_ddl.count("primary key") == len(UPSERTED)
    assert "primary key (file_hash)" in duckdb_ddl
    assert "primary key (source_row_id)" not in duckdb_ddl
    assert "\n".join(create_statements()).count("primary key") == len(TABLES)
