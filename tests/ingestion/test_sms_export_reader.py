"""SMS JSONL exports: every line is kept or quarantined with its line number, never lost."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import polars as pl

from ingestion.landing import LandingFile
from ingestion.lineage import utc_now
from ingestion.load import SourceBatch
from ingestion.sms.batch import read_sms


def _read(files: list[LandingFile]) -> SourceBatch:
    return read_sms(files, utc_now())


def _quarantined(batch: SourceBatch) -> list[tuple[int, str]]:
    assert batch.quarantine is not None
    return batch.quarantine.sort("line_no").select("line_no", "reason").rows()


def test_fixture_export(person_dir: Path, landing_file: Callable[..., LandingFile]) -> None:
    batch = _read([landing_file(person_dir / "sms" / "messages.jsonl")])
    messages = batch.tables["sms_messages"]
    assert messages.height == 25
    assert messages.filter(pl.col("is_transaction")).height == 20
    reasons = messages.filter(~pl.col("is_transaction")).sort("line_no")["reason"].to_list()
    assert reasons == ["otp", "promotion", "balance_only", "declined", "unrecognised"]
    quarantined = _quarantined(batch)
    assert [line for line, _ in quarantined] == [21, 23, 25]
    assert quarantined[0][1].startswith("not valid JSON")
    assert quarantined[1][1] == "missing field(s): received_at"
    assert (
        quarantined[2][1] == "received_at '2025-04-22 10:00:00' is not ISO 8601 with a UTC offset"
    )


def test_received_at_is_stored_in_utc(
    person_dir: Path, landing_file: Callable[..., LandingFile]
) -> None:
    messages = _read([landing_file(person_dir / "sms" / "messages.jsonl")]).tables["sms_messages"]
    first = messages.filter(pl.col("line_no") == 1).row(0, named=True)
    assert first["received_at"] == datetime(2025, 4, 1, 8, 33, 11)  # 14:03:11 IST
    assert first["reference"] == "509112345678" and first["person_ref"] == "P000001"


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n")
    return path


def _line(body: str, minute: int = 0) -> str:
    received = f"2025-04-01T10:{minute:02d}:00+05:30"
    return json.dumps({"sender": "VM-HDFCBK", "received_at": received, "body": body})


def test_blank_lines_keep_line_numbers(
    tmp_path: Path, landing_file: Callable[..., LandingFile]
) -> None:
    path = _write(tmp_path / "a.jsonl", [_line("hello", 1), "", "  ", _line("world", 2), "[1, 2]"])
    batch = _read([landing_file(path)])
    assert batch.tables["sms_messages"].sort("line_no")["line_no"].to_list() == [1, 4]
    assert _quarantined(batch) == [(5, "not a JSON object")]


def test_many_files_in_one_read_keep_their_own_line_numbers(
    tmp_path: Path, landing_file: Callable[..., LandingFile]
) -> None:
    first = _write(tmp_path / "a.jsonl", [_line("a1", 1), _line("a2", 2)])
    broken = _write(tmp_path / "b.jsonl", [_line("b1", 3), "{oops", _line("b3", 4)])
    last = _write(tmp_path / "c.jsonl", [_line("c1", 5), _line("c2", 6), _line("c3", 7)])
    batch = _read([landing_file(p) for p in (first, broken, last)])
    rows = batch.tables["sms_messages"].sort("body").select("body", "line_no").rows()
    assert rows == [("a1", 1), ("a2", 2), ("b1", 1), ("b3", 3), ("c1", 1), ("c2", 2), ("c3", 3)]
    assert [line for line, _ in _quarantined(batch)] == [2]


def test_same_message_twice_has_one_row_id(
    tmp_path: Path, landing_file: Callable[..., LandingFile]
) -> None:
    path = _write(tmp_path / "a.jsonl", [_line("same", 1), _line("same", 1), _line("other", 1)])
    ids = _read([landing_file(path)]).tables["sms_messages"]["source_row_id"]
    assert ids.n_unique() == 2
