"""The dbt project, cached once per process, with its manifest kept in step with the SQL.

``dagster dev`` re-parses on load; everywhere else — the CLI, tests, a fresh clone — the manifest is
built when missing or older than any model, macro or seed, so nobody runs a stale lineage.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from functools import cache
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject

DBT_PROJECT_DIR = Path(__file__).resolve().parents[3] / "dbt"
# The dbt installed beside this Python, so a run works without an activated virtualenv.
_BESIDE_PYTHON = Path(sys.executable).parent / "dbt"
DBT_EXECUTABLE = str(_BESIDE_PYTHON) if _BESIDE_PYTHON.exists() else shutil.which("dbt") or "dbt"
_SOURCES = ("models", "macros", "seeds", "tests", "dbt_project.yml", "profiles.yml")
# How a sync builds: unit tests check the models' SQL against fixed inputs, which CI does
# (tests/dbt); rerunning them on every sync would check nothing new (dbt's advice for production).
PRODUCTION_BUILD = ("build", "--exclude-resource-type", "unit_test")


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
        _parse(project)
    return project


def _parse(project: DbtProject) -> None:
    """``dbt parse`` into a private folder, then swap the manifest in with one atomic rename:
    processes that parse at once (pytest workers, a CLI beside ``dagster dev``) never read a
    half-written manifest."""
    target = Path(project.project_dir) / project.target_path  # absolute when already absolute
    target.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="parse-", dir=target))
    try:
        dbt_cli(project).cli(["parse", "--quiet"], target_path=scratch).wait()
        os.replace(scratch / "manifest.json", target / "manifest.json")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def dbt_cli(project: DbtProject) -> DbtCliResource:
    return DbtCliResource(project_dir=project, dbt_executable=DBT_EXECUTABLE)
