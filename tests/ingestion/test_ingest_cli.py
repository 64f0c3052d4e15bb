"""The ``ingest`` command body, registered on a throwaway Typer app as the lead will register it."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from ingestion.cli import ingest

app = typer.Typer()
app.command()(ingest)
runner = CliRunner()


def test_partly_bad_landing_exits_zero(hisaab_home: Path, landing_dir: Path) -> None:
    result = runner.invoke(app, [str(landing_dir)])
    assert result.exit_code == 0, result.output
    assert "statement" in result.output and "total" in result.output
    assert (hisaab_home / "warehouse.duckdb").exists()


def test_json_output(hisaab_home: Path, landing_dir: Path) -> None:
    result = runner.invoke(app, [str(landing_dir), "--json"])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["total"] == {"files": 6, "loaded": 57, "duplicate": 0, "quarantined": 9}
    assert report["nothing_readable"] is False


def test_nothing_readable_exits_one_and_says_why(hisaab_home: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, [str(tmp_path / "no-such-folder")])
    assert result.exit_code == 1
    assert "no such path" in result.stderr
    (tmp_path / "notes.txt").write_text("not a bank file\n")
    result = runner.invoke(app, [str(tmp_path / "notes.txt")])
    assert result.exit_code == 1
    assert "no recognised files" in result.stderr


def test_file_without_owner_needs_person(
    hisaab_home: Path, tmp_path: Path, statements_dir: Path
) -> None:
    path = tmp_path / "hdfc.csv"
    path.write_bytes((statements_dir / "hdfc_6789.csv").read_bytes())
    result = runner.invoke(app, [str(path)])
    assert result.exit_code == 1
    assert "--person" in result.stderr
    result = runner.invoke(app, [str(path), "--person", "P000002"])
    assert result.exit_code == 0
