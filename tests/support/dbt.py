"""``dbt build`` as Dagster runs it, for tests that build a warehouse of their own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from hisaab.settings import WarehouseLocation

DBT_PROJECT_DIR = Path(__file__).resolve().parents[2] / "dbt"
DBT = Path(sys.executable).with_name("dbt")


def dbt_build(location: WarehouseLocation, work_dir: Path, *flags: str) -> None:
    """``dbt build`` as Dagster runs it, plus the unit tests a sync leaves out (PRODUCTION_BUILD):
    the dbt CLI in its own process (in process, dbt-duckdb keeps the file open afterwards), with
    the env profiles.yml reads, and target/ and logs/ in ``work_dir`` so parallel runs and a
    developer's dbt/target never collide. ``flags`` are passed on (``--full-refresh``)."""
    completed = dbt_command(location, work_dir, "build", *flags)
    assert completed.returncode == 0, completed.stdout[-6000:] + completed.stderr[-2000:]


def dbt_command(
    location: WarehouseLocation, work_dir: Path, *arguments: str
) -> subprocess.CompletedProcess[str]:
    """Any dbt command on ``location``, as dbt_build runs it; the caller reads the outcome."""
    return subprocess.run(
        [
            str(DBT),
            *arguments,
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            str(work_dir / "dbt-target"),
            "--log-path",
            str(work_dir / "dbt-logs"),
        ],
        env={**os.environ, **location.dbt_env()},
        capture_output=True,
        text=True,
        timeout=600,  # a loaded 2-core machine can take minutes; the suite's budget is the cap
        check=False,
    )
