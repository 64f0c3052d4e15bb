"""The dbt project, cached once per process, with its manifest kept in step with the SQL.

``dagster dev`` re-parses on load; everywhere else — the CLI, tests, a fresh clone — the manifest is
built when missing or older than any model, macro or seed, so nobody runs a stale lineage.
"""

from __future__ import annotations

import shutil
import sys
from functools import cache
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject

DBT_PROJECT_DIR = Path(__file__).resolve().parents[3] / "dbt"
# The dbt installed beside this Python, so a run works without an activated virtualenv.
_BESIDE_PYTHON = Path(sys.executable).parent / "dbt"
DBT_EXECUTABLE = str(_BESIDE_PYTHON) if _BESIDE_PYTHON.exists() else shutil.which("dbt") or "dbt"
_SOURCES = ("models", "macros", "seeds", "tests", "dbt_project.yml", "profiles.yml")


def _newest_source_mtime(project_dir: Path) -> float:
    newest = 0.0
    for name in _SOURCES:
        path = project_dir / name
        candidates = [path] if path.is_file() else path.rglob("*") if path.exists() else []
        for candidate in candidates:
            newest = max(newest, candidate.stat().st_mtime)
    return newest


@cache
def hisaab_dbt_project() -> DbtProject:
    project = DbtProject(project_dir=DBT_PROJECT_DIR)
    manifest = project.manifest_path
    newest = _newest_source_mtime(DBT_PROJECT_DIR)
    stale = not manifest.exists() or manifest.stat().st_mtime < newest
    # Under `dagster dev` re-parse on every load, as dagster-dbt's own prepare_if_dev does.
    if stale or project.preparer.using_dagster_dev():
        dbt_cli(project).cli(["parse", "--quiet"], target_path=project.target_path).wait()
    return project


def dbt_cli(project: DbtProject) -> DbtCliResource:
    return DbtCliResource(project_dir=project, dbt_executable=DBT_EXECUTABLE)
