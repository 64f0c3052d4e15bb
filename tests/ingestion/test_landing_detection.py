"""Which files ingestion reads, what it takes them for, and whom it thinks they belong to."""

from __future__ import annotations

import shutil
from pathlib import Path

from ingestion.detect import UNRECOGNISED_FORMAT, discover
from ingestion.landing import NO_OWNER, LandingFile


def _kinds(found_files: list[LandingFile]) -> dict[str, tuple[object, ...]]:
    return {f.path.name: (f.source, f.bank, f.person_ref, f.problem) for f in found_files}


def test_landing_folder_is_classified_by_content(landing_dir: Path) -> None:
    found = discover([landing_dir])
    assert _kinds(found.files) == {
        "HDFC-FIP_6789.json": ("aa", None, "P000001", None),
        "messages.jsonl": ("sms", None, "P000001", None),
        "axis_5678.csv": ("statement", "axis", "P000001", None),
        "hdfc_6789.csv": ("statement", "hdfc", "P000001", None),
        "icici_4567.csv": ("statement", "icici", "P000001", None),
        "sbi_7890.csv": ("statement", "sbi", "P000001", None),
    }


def test_underscore_and_dot_paths_are_skipped(landing_copy: Path) -> None:
    (landing_copy / "_truth").mkdir()
    shutil.copy(
        landing_copy / "person=P000001/statements/hdfc_6789.csv", landing_copy / "_truth/x.csv"
    )
    (landing_copy / "person=P000001/.cache").mkdir()
    (landing_copy / "person=P000001/.cache/sms.jsonl").write_text('{"sender": "A", "body": "b"}\n')
    (landing_copy / "person=P000001/.DS_Store").write_bytes(b"\x00\x01")
    found = discover([landing_copy])
    assert len(found.files) == 6
    assert not [f for f in found.files if "_truth" in str(f.path) or ".cache" in str(f.path)]


def test_explicit_person_wins_over_folder(landing_dir: Path) -> None:
    found = discover([landing_dir / "person=P000001" / "sms"], person_ref="P999999")
    assert [f.person_ref for f in found.files] == ["P999999"]


def test_file_without_owner_has_a_problem(tmp_path: Path, statements_dir: Path) -> None:
    path = tmp_path / "inbox" / "statement.csv"
    path.parent.mkdir()
    shutil.copy(statements_dir / "sbi_7890.csv", path)
    (found,) = discover([path]).files
    assert (found.source, found.bank, found.person_ref, found.problem) == (
        "statement",
        "sbi",
        None,
        NO_OWNER,
    )
    assert "--person" in NO_OWNER and "person=<id>" in NO_OWNER


def test_unrecognised_empty_and_missing(tmp_path: Path) -> None:
    (tmp_path / "person=P1").mkdir()
    (tmp_path / "person=P1" / "notes.txt").write_text("Date,Amount\n01/04/25,100\n")
    (tmp_path / "person=P1" / "empty.csv").write_text("")
    found = discover([tmp_path, tmp_path / "nope"])
    assert found.missing == [tmp_path / "nope"]
    assert _kinds(found.files) == {
        "empty.csv": (None, None, None, "empty file"),
        "notes.txt": (None, None, None, UNRECOGNISED_FORMAT),
    }


def test_same_file_named_twice_is_seen_once(statements_dir: Path) -> None:
    path = statements_dir / "hdfc_6789.csv"
    assert len(discover([path, statements_dir, path]).files) == 4
