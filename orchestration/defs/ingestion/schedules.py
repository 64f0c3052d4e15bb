"""The bank sync: three times a day in India, when people have fresh statements and alerts."""

from __future__ import annotations

import dagster as dg

BANK_SYNC_JOB = "bank_sync"
BANK_SYNC_CRON = "0 6,12,18 * * *"
BANK_SYNC_TIMEZONE = "Asia/Kolkata"

# raw.quarantine is written by every ingestion asset but materialized by none, so selecting all
# assets would leave its check out: the job selects it explicitly (it waits for its writers).
# Feeds read from a broker (raw/payment_events in production, tagged feed=stream) are left out:
# they wait on Kafka, and a broker outage must not hold back the ledger built from bank files.
# The embedded profile reads the outbox table instead, and the bank sync includes it.
# Models (tagged job=ml) train on their own schedule: a bank sync should not wait for them.
BANK_SYNC_SELECTION = (
    dg.AssetSelection.all()
    - dg.AssetSelection.tag("feed", "stream")
    - dg.AssetSelection.tag("job", "ml")
) | dg.AssetSelection.checks_for_assets(dg.AssetKey(["raw", "quarantine"]))

bank_sync_job = dg.define_asset_job(
    BANK_SYNC_JOB,
    selection=BANK_SYNC_SELECTION,
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
