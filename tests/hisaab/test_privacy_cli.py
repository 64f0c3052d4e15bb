"""``hisaab privacy erase`` forgets a person from the command line, as the API would."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from hisaab.cli import app
from hisaab.settings import get_settings
from ingestion import ingest_paths
from sandbox.generate import generate_population


def test_erase_from_the_command_line(hisaab_home: Path) -> None:
    settings = get_settings()
    generate_population(settings.landing_dir, users=3, months=1, seed=7)
    ingest_paths([settings.landing_dir], settings.warehouse)
    runner = CliRunner()
    assert runner.invoke(app, ["app", "enrol"]).exit_code == 0

    result = runner.invoke(app, ["privacy", "erase", "--person", "P000002", "--json"])

    assert result.exit_code == 0, result.output
    outcome = json.loads(result.output)
    assert outcome["status"] == "complete"
    assert outcome["app_rows"]["people"] == 1 and outcome["landing_files"] > 0
    assert outcome["warehouse_rows"]["raw.statement_lines"] > 0
    with duckdb.connect(str(settings.warehouse.path), read_only=True) as conn:
        left = conn.execute("select count(*) from raw.statement_lines where person_ref = 'P000002'")
        assert left.fetchone() == (0,)
        others = conn.execute(
            "select count(*) from raw.statement_lines where person_ref <> 'P000002'"
        )
        assert others.fetchone()[0] > 0  # type: ignore[index]
    assert runner.invoke(app, ["privacy", "erase-pending"]).output.startswith("0 pending")


def test_a_malformed_person_ref_is_refused(hisaab_home: Path) -> None:
    result = CliRunner().invoke(app, ["privacy", "erase", "--person", "P1'; drop table x; --"])
    assert result.exit_code == 2
    assert "not a person_ref" in result.output
    from sqlalchemy import select

    from hisaab.privacy.erasure import erasure_requests
    from payments.db import app_engine

    with app_engine().connect() as conn:  # nothing recorded that a sync would trip over later
        assert conn.execute(select(erasure_requests)).first() is None
