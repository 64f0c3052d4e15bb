"""The Dagster definitions load, and their public surface (keys, jobs, crons) is pinned.

A rename of an asset, job or schedule shows up here in review instead of breaking the UI silently.
"""

import dagster as dg

from orchestration.definitions import defs
from orchestration.defs.ingestion.schedules import BANK_SYNC_JOB

RAW_KEYS = {
    "raw/statement_lines",
    "raw/sms_messages",
    "raw/aa_accounts",
    "raw/aa_transactions",
}

# The public surface of the lineage graph. Change it on purpose, and say so in review.
ASSET_KEYS_SNAPSHOT = RAW_KEYS | {
    "staging/categories",
    "staging/merchant_rules",
    "staging/stg_account_aggregator__accounts",
    "staging/stg_account_aggregator__transactions",
    "staging/stg_bank_statements__lines",
    "staging/stg_sms__messages",
    "intermediate/int_account_observations_unioned",
    "intermediate/int_source_transactions_unioned",
    "intermediate/int_transactions_reconciled",
    "marts/dim_accounts",
    "marts/fct_transactions",
}


def _asset_keys() -> set[str]:
    graph = defs.resolve_asset_graph()
    return {key.to_user_string() for key in graph.get_all_asset_keys()}


def test_definitions_load() -> None:
    dg.Definitions.validate_loadable(defs)


def test_asset_keys_and_jobs_match_the_snapshot() -> None:
    assert _asset_keys() == ASSET_KEYS_SNAPSHOT
    jobs = {job.name for job in defs.resolve_all_job_defs()} - {"__ASSET_JOB"}
    assert jobs == {BANK_SYNC_JOB}


def test_raw_assets_feed_the_dbt_ledger() -> None:
    keys = _asset_keys()
    assert keys >= RAW_KEYS
    assert "marts/fct_transactions" in keys
    graph = defs.resolve_asset_graph()
    upstream = graph.get_ancestor_asset_keys(dg.AssetKey(["marts", "fct_transactions"]))
    assert {key.to_user_string() for key in upstream} >= RAW_KEYS


def test_bank_sync_schedule_runs_three_times_a_day_in_india() -> None:
    schedule = defs.resolve_schedule_def("bank_sync_schedule")
    assert schedule.cron_schedule == "0 6,12,18 * * *"
    assert schedule.execution_timezone == "Asia/Kolkata"
    assert schedule.job_name == BANK_SYNC_JOB
