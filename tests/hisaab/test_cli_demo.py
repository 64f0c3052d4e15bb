"""The demo path a newcomer takes: generate → pipeline run → summary, twice, same numbers."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hisaab.cli import app


def _invoke(*args: str) -> str:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.slow
def test_demo_twice_gives_the_same_ledger(
    hisaab_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DAGSTER_HOME", str(hisaab_home / "dagster"))
    landing = hisaab_home / "landing"
    summaries = []
    for _ in range(2):
        _invoke("generate", "--users", "5", "--months", "1", "--seed", "3", "--out", str(landing))
        run = json.loads(_invoke("pipeline", "run", "--json").splitlines()[-1])
        assert run["success"] and run["steps_failed"] == 0
        summaries.append(json.loads(_invoke("summary", "--json")))
    assert summaries[0] == summaries[1]
    assert summaries[0]["people"] == 5
    assert summaries[0]["source_rows"]["bank statements"] == summaries[0]["ledger_rows"]


def test_summary_before_any_run_says_what_to_do(hisaab_home: Path) -> None:
    result = CliRunner().invoke(app, ["summary"])
    assert result.exit_code == 1
    assert "make demo" in result.output


def test_summary_of_a_warehouse_without_marts_says_what_to_do(hisaab_home: Path) -> None:
    import duckdb

    duckdb.connect(str(hisaab_home / "warehouse.duckdb")).close()
    result = CliRunner().invoke(app, ["summary"])
    assert result.exit_code == 1
    assert "hisaab pipeline run" in result.output
