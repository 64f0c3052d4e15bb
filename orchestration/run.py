"""Run the bank sync in this process, recorded in the Dagster instance the UI (`make ui`) reads."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hisaab.settings import get_settings

if TYPE_CHECKING:
    from dagster import AssetCheckEvaluation

_DAGSTER_YAML = """\
# Written by hisaab on first run: local SQLite run storage under $HISAAB_HOME/dagster.
telemetry:
  enabled: false
"""


def ensure_dagster_home() -> Path:
    """Point DAGSTER_HOME at ``$HISAAB_HOME/dagster`` unless the operator chose another."""
    home = Path(os.environ.get("DAGSTER_HOME") or get_settings().resolved_home / "dagster")
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(_DAGSTER_YAML)
    os.environ["DAGSTER_HOME"] = str(home)
    return home


@dataclass(frozen=True)
class RunOutcome:
    run_id: str
    success: bool
    steps_succeeded: int
    steps_failed: int
    log_path: str | None
    failed_checks: tuple[str, ...]


def run_bank_sync(*, verbose: bool = False) -> RunOutcome:
    """Execute the ``bank_sync`` job; the full event log stays in the instance for the UI.

    dbt's own progress lines go to ``$HISAAB_HOME/logs/pipeline.log`` unless ``verbose``.
    """
    from orchestration.defs.ingestion.schedules import BANK_SYNC_JOB

    return run_job(BANK_SYNC_JOB, verbose=verbose)


def run_job(job_name: str, *, verbose: bool = False) -> RunOutcome:
    """Execute one job of the definitions in process, logging to ``logs/<job>.log``."""
    ensure_dagster_home()
    name = "pipeline" if job_name == "bank_sync" else job_name
    log_path = get_settings().resolved_home / "logs" / f"{name}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        if not verbose:
            log_file = stack.enter_context(log_path.open("w"))
            stack.enter_context(contextlib.redirect_stdout(log_file))
        return _execute(job_name, verbose=verbose, log_path=None if verbose else log_path)


def _execute(job_name: str, *, verbose: bool, log_path: Path | None) -> RunOutcome:
    import dagster as dg

    from orchestration.definitions import defs

    job = defs.resolve_job_def(job_name)
    level = "DEBUG" if verbose else "WARNING"
    with dg.DagsterInstance.get() as instance:
        result = job.execute_in_process(
            instance=instance,
            raise_on_error=False,
            run_config={"loggers": {"console": {"config": {"log_level": level}}}},
        )
    events = result.all_events
    evaluations = [
        event.asset_check_evaluation_data
        for event in events
        if event.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION
    ]
    return RunOutcome(
        run_id=result.run_id,
        success=result.success,
        steps_succeeded=sum(1 for event in events if event.is_step_success),
        steps_failed=sum(1 for event in events if event.is_step_failure),
        log_path=str(log_path) if log_path else None,
        failed_checks=tuple(
            sorted(_describe_check(check) for check in evaluations if not check.passed)
        ),
    )


def _describe_check(evaluation: AssetCheckEvaluation) -> str:
    """``asset:check [WARN]: reason``, on one line, for the CLI and ``--json``."""
    line = f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}"
    if evaluation.severity.value != "ERROR":
        line += f" [{evaluation.severity.value}]"
    if evaluation.description:
        line += f": {' '.join(evaluation.description.split())}"
    return line
