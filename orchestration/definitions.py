"""The one Dagster entry point: every domain folder under ``defs/`` plus the shared resources."""

from __future__ import annotations

import dagster as dg

from hisaab.settings import get_settings
from orchestration.defs.app import defs as app_defs
from orchestration.defs.ingestion import assets as ingestion_assets
from orchestration.defs.ingestion import schedules as ingestion_schedules
from orchestration.defs.ledger import assets as ledger_assets
from orchestration.defs.ml import defs as ml_defs
from orchestration.defs.payments import assets as payments_assets
from orchestration.defs.privacy import defs as privacy_defs
from orchestration.defs.quality import defs as quality_defs
from orchestration.defs.serving import defs as serving_defs
from orchestration.resources import default_resources


def _executor() -> dg.ExecutorDefinition:
    """DuckDB allows one writing process, so an embedded run takes its steps one at a time."""
    if get_settings().warehouse.kind == "duckdb":
        return dg.in_process_executor
    return dg.multiprocess_executor


defs = dg.Definitions.merge(
    app_defs,
    ingestion_assets.defs,
    ingestion_schedules.defs,
    ledger_assets.defs,
    payments_assets.defs,
    privacy_defs,
    ml_defs,
    quality_defs.defs,
    serving_defs,
    dg.Definitions(resources=default_resources(), executor=_executor()),
)
