"""The bank sync: three times a day in India, when people have fresh statements and alerts."""

from __future__ import annotations

import dagster as dg

BANK_SYNC_JOB = "bank_sync"
BANK_SYNC_CRON = "0 6,12,18 * * *"
BANK_SYNC_TIMEZONE = "Asia/Kolkata"

bank_sync_job = dg.define_asset_job(
    BANK_SYNC_JOB,
    selection=dg.AssetSelection.all(),
    description="Ingest every landed source, then rebuild the ledger with dbt.",
)

bank_sync_schedule = dg.ScheduleDefinition(
    name="bank_sync_schedule",
    job=bank_sync_job,
    cron_schedule=BANK_SYNC_CRON,
    execution_timezone=BANK_SYNC_TIMEZONE,
    default_status=dg.DefaultScheduleStatus.STOPPED,
)

defs = dg.Definitions(jobs=[bank_sync_job], schedules=[bank_sync_schedule])
