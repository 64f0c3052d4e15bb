"""The model refresh: train, evaluate and predict once a day, after the morning bank sync.

Models are kept out of ``bank_sync`` (tag ``job=ml``): a bank sync three times a day should
publish fresh ledger numbers without waiting for training. Their asset checks block: a model
worse than its baseline or under its floor fails the run and publishes nothing downstream.
"""

from __future__ import annotations

import dagster as dg

ML_JOB = "ml_refresh"
ML_CRON = "30 7 * * *"  # 07:30 IST, after the 06:00 bank sync
ML_TIMEZONE = "Asia/Kolkata"
ML_TAG = {"job": "ml"}

ml_job = dg.define_asset_job(
    ML_JOB,
    selection=dg.AssetSelection.tag("job", "ml"),
    description="Train and evaluate the categorizer, anomaly detector and forecasts; predict.",
)

ml_schedule = dg.ScheduleDefinition(
    name="ml_refresh_schedule",
    job=ml_job,
    cron_schedule=ML_CRON,
    execution_timezone=ML_TIMEZONE,
    default_status=dg.DefaultScheduleStatus.STOPPED,
)

defs = dg.Definitions(jobs=[ml_job], schedules=[ml_schedule])
