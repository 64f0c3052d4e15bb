"""What the orchestrator recorded: when each source last loaded, and every check result over time.

Read through Dagster's own API from the instance the pipeline writes (``DAGSTER_HOME``, by
default ``$HISAAB_HOME/dagster``, as `orchestration.run` resolves it) without changing it: no
``dagster.yaml`` is written and nothing is opened when the pipeline has never run here.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from hisaab.settings import Settings, get_settings

# The raw asset of each source: its latest materialization is when that source last loaded.
SOURCE_ASSETS = {
    "bank statements": ("raw", "statement_lines"),
    "bank SMS": ("raw", "sms_messages"),
    "account aggregator": ("raw", "aa_transactions"),
    "payment events": ("raw", "payment_events"),
}
FRESHNESS_SCHEMA = {
    "source": pl.String(),
    "loaded_at": pl.Datetime("us", "UTC"),
    "run_id": pl.String(),
    "run_status": pl.String(),
    "rows_loaded": pl.Int64(),
}
CHECKS_SCHEMA = {
    "evaluated_at": pl.Datetime("us", "UTC"),
    "job": pl.String(),
    "run_id": pl.String(),
    "asset": pl.String(),
    "check_name": pl.String(),
    "passed": pl.Boolean(),
    "severity": pl.String(),
    "description": pl.String(),
}


def dagster_home(settings: Settings | None = None) -> Path:
    return Path(
        os.environ.get("DAGSTER_HOME") or (settings or get_settings()).resolved_home / "dagster"
    )


@contextmanager
def _instance(home: Path) -> Iterator[Any]:
    """The recorded instance, or ``None`` when no run was ever recorded in ``home``."""
    if not (home / "dagster.yaml").exists() or not (home / "history").exists():
        yield None
        return
    import dagster as dg

    with dg.DagsterInstance.from_config(str(home)) as instance:
        yield instance


def _utc(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, UTC)


def source_freshness(home: Path) -> pl.DataFrame:
    """Per source: the last load, the run that did it and that run's outcome."""
    import dagster as dg

    rows: list[dict[str, object]] = []
    with _instance(home) as instance:
        for source, path in SOURCE_ASSETS.items():
            event = (
                instance.get_latest_materialization_event(dg.AssetKey(list(path)))
                if instance
                else None
            )
            if event is None:
                rows.append({"source": source, "run_status": "never loaded"})
                continue
            run = instance.get_run_by_id(event.run_id)
            metadata = event.asset_materialization.metadata if event.asset_materialization else {}
            loaded = metadata.get("rows_loaded")
            rows.append(
                {
                    "source": source,
                    "loaded_at": _utc(event.timestamp),
                    "run_id": event.run_id,
                    "run_status": run.status.value if run else "unknown",
                    "rows_loaded": int(loaded.value) if loaded is not None else None,
                }
            )
    return pl.DataFrame(rows, schema=FRESHNESS_SCHEMA)


def check_history(home: Path, *, runs: int = 60) -> pl.DataFrame:
    """Every asset-check evaluation (dbt tests, great-expectations suites, model checks) of the
    last ``runs`` runs, newest first."""
    import dagster as dg

    rows: list[dict[str, object]] = []
    with _instance(home) as instance:
        for record in instance.get_run_records(limit=runs) if instance else []:
            run = record.dagster_run
            events = instance.all_logs(
                run.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION
            )
            for event in events:
                evaluation = event.asset_check_evaluation
                rows.append(
                    {
                        "evaluated_at": _utc(event.timestamp),
                        "job": run.job_name,
                        "run_id": run.run_id,
                        "asset": evaluation.asset_key.to_user_string(),
                        "check_name": evaluation.check_name,
                        "passed": evaluation.passed,
                        "severity": evaluation.severity.value,
                        "description": " ".join((evaluation.description or "").split()),
                    }
                )
    frame = pl.DataFrame(rows, schema=CHECKS_SCHEMA)
    return frame.sort("evaluated_at", descending=True)


def runs_over_time(checks: pl.DataFrame) -> pl.DataFrame:
    """Per run: checks evaluated, failed as errors and as warnings."""
    return (
        checks.group_by("run_id", "job")
        .agg(
            evaluated_at=pl.col("evaluated_at").min(),
            checks=pl.len(),
            failed_errors=(~pl.col("passed") & (pl.col("severity") == "ERROR")).sum(),
            failed_warnings=(~pl.col("passed") & (pl.col("severity") == "WARN")).sum(),
        )
        .sort("evaluated_at")
    )
