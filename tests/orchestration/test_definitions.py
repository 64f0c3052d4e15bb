"""The Dagster definitions load, and their public surface (keys, jobs, crons) is pinned.

A rename of an asset, job or schedule shows up here in review instead of breaking the UI silently.
"""

from collections.abc import Iterable

import dagster as dg

from orchestration.definitions import defs
from orchestration.defs.ingestion.schedules import BANK_SYNC_JOB, BANK_SYNC_SELECTION
from orchestration.defs.ml.jobs import ML_JOB, ML_TAG
from orchestration.defs.payments.assets import (
    NO_DUPLICATE_EVENT_IDS,
    PAYMENT_EVENTS,
    feed_tags,
)
from orchestration.defs.quality.tables import GX_CHECK

RAW_KEYS = {
    "raw/statement_lines",
    "raw/sms_messages",
    "raw/aa_accounts",
    "raw/aa_transactions",
}

# The public surface of the lineage graph. Change it on purpose, and say so in review.
ASSET_KEYS_SNAPSHOT = RAW_KEYS | {
    # Copied from the app database; raw/quarantine is known through its GX check.
    "raw/app_budgets",
    "raw/app_category_corrections",
    "raw/app_people",
    "raw/quarantine",
    "staging/categories",
    "staging/mcc_codes",
    "staging/merchant_aliases",
    "staging/merchant_rules",
    "staging/merchants",
    "staging/stg_account_aggregator__accounts",
    "staging/stg_account_aggregator__transactions",
    "staging/stg_app__budgets",
    "staging/stg_app__category_corrections",
    "staging/stg_app__people",
    "staging/stg_bank_statements__lines",
    "staging/stg_sms__messages",
    "staging/stg_payments__events",
    "intermediate/int_account_observations_unioned",
    "intermediate/int_accounts_observed",
    "intermediate/int_anomalies_flagged",
    "intermediate/int_balance_account_starts",
    "intermediate/int_balance_reports_unioned",
    "intermediate/int_budget_months",
    "intermediate/int_ledger_sources_seen",
    "intermediate/int_ledger_transactions",
    "intermediate/int_ledger_window",
    "intermediate/int_recurring_candidate_payments",
    "intermediate/int_recurring_candidates",
    "intermediate/int_recurring_groups_changed",
    "intermediate/int_recurring_groups_replaced",
    "intermediate/int_recurring_members",
    "intermediate/int_recurring_occurrences",
    "intermediate/int_recurring_payee_words",
    "intermediate/int_recurring_payments_keyed",
    "intermediate/int_recurring_series",
    "intermediate/int_recurring_vpa_names",
    "intermediate/int_recurring_vpas_touched",
    "intermediate/int_source_transactions_unioned",
    "intermediate/int_transactions_categorized",
    "intermediate/int_transactions_merchant_matched",
    "intermediate/int_transactions_reconciled",
    "intermediate/int_transfers_paired",
    "marts/dim_accounts",
    "marts/dim_categories",
    "marts/dim_merchants",
    "marts/dim_people",
    "marts/fct_transaction_sources",
    "marts/fct_account_balances_daily",
    "marts/fct_anomalies",
    "marts/fct_budget_status",
    "marts/fct_cashflow_monthly",
    "marts/fct_ledger",
    "marts/fct_ledger_flows",
    "marts/fct_recurring",
    "marts/fct_spend_monthly",
    "marts/fct_transactions",
    # Payments: the outbox → Kafka feed and the models on top of it.
    "raw/payment_events",
    "intermediate/int_payments_bank_matched",
    "intermediate/int_payments_latest",
    "marts/fct_payment_breaks",
    "marts/fct_payment_reconciliation",
    # Models, trained and applied by the ml_refresh job.
    "ml/anomaly_model",
    "ml/anomaly_review_queue",
    "ml/balance_forecasts",
    "ml/budget_alerts",
    "ml/categorizer_model",
    "ml/category_review_queue",
    "ml/ledger_categorized",
    "ml/spend_forecasts",
    "ml/transaction_anomalies",
    "ml/transaction_categories",
    "privacy/pending_erasures",
    "serving/ledger_snapshot",
    "serving/models_snapshot",
}

# Assets with a great-expectations suite run as the `great_expectations` check.
GX_CHECKED_SNAPSHOT = RAW_KEYS | {
    "raw/quarantine",
    "marts/fct_transactions",
    "marts/dim_accounts",
    "marts/fct_ledger",
    "marts/fct_ledger_flows",
    "marts/fct_account_balances_daily",
    "marts/fct_spend_monthly",
    "marts/fct_cashflow_monthly",
    "marts/fct_recurring",
    "marts/fct_budget_status",
    "marts/fct_anomalies",
    "marts/dim_merchants",
    "marts/dim_categories",
}


def _asset_keys() -> set[str]:
    graph = defs.resolve_asset_graph()
    return {key.to_user_string() for key in graph.get_all_asset_keys()}


def test_definitions_load() -> None:
    dg.Definitions.validate_loadable(defs)


def test_asset_keys_and_jobs_match_the_snapshot() -> None:
    assert _asset_keys() == ASSET_KEYS_SNAPSHOT
    jobs = {job.name for job in defs.resolve_all_job_defs()} - {"__ASSET_JOB"}
    assert jobs == {BANK_SYNC_JOB, ML_JOB}


def _gx_checked(check_keys: Iterable[dg.AssetCheckKey]) -> set[str]:
    return {key.asset_key.to_user_string() for key in check_keys if key.name == GX_CHECK}


def test_great_expectations_checks_are_registered() -> None:
    assert _gx_checked(defs.resolve_asset_graph().asset_check_keys) == GX_CHECKED_SNAPSHOT


def test_bank_sync_runs_every_great_expectations_check() -> None:
    job = defs.resolve_job_def(BANK_SYNC_JOB)
    assert _gx_checked(job.asset_layer.asset_graph.asset_check_keys) == GX_CHECKED_SNAPSHOT


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


def test_payment_events_are_checked_and_synced_from_the_embedded_outbox() -> None:
    """Embedded: the outbox is read with the bank files, so the reconciliation marts fill."""
    graph = defs.resolve_asset_graph()
    assert dg.AssetCheckKey(PAYMENT_EVENTS, NO_DUPLICATE_EVENT_IDS) in graph.asset_check_keys
    job = defs.resolve_job_def(BANK_SYNC_JOB)
    assert PAYMENT_EVENTS in job.asset_layer.executable_asset_keys
    assert dg.AssetKey(["raw", "statement_lines"]) in job.asset_layer.executable_asset_keys


def test_production_keeps_the_kafka_feed_out_of_the_bank_sync() -> None:
    """In production the feed waits on Kafka; the bank sync must not wait with it."""

    @dg.asset(key=PAYMENT_EVENTS, tags=feed_tags("production"))
    def kafka_feed() -> None: ...

    @dg.asset(key=["raw", "statement_lines"])
    def bank_files() -> None: ...

    graph = dg.Definitions(assets=[kafka_feed, bank_files]).resolve_asset_graph()
    assert BANK_SYNC_SELECTION.resolve(graph) == {dg.AssetKey(["raw", "statement_lines"])}


def test_models_refresh_daily_outside_the_bank_sync() -> None:
    """Training must not hold back the bank sync; every model asset is in ml_refresh."""
    graph = defs.resolve_asset_graph()
    models = {key for key in graph.get_all_asset_keys() if key.path[0] == "ml"}
    bank_sync = defs.resolve_job_def(BANK_SYNC_JOB).asset_layer.executable_asset_keys
    ml_refresh = defs.resolve_job_def(ML_JOB).asset_layer.executable_asset_keys
    assert models and not models & bank_sync and models <= ml_refresh
    schedule = defs.resolve_schedule_def("ml_refresh_schedule")
    assert (schedule.cron_schedule, schedule.execution_timezone) == ("30 7 * * *", "Asia/Kolkata")
    assert all(graph.get(key).tags.get("job") == ML_TAG["job"] for key in models)


def test_each_job_ends_by_publishing_a_snapshot_for_readers() -> None:
    bank_sync = defs.resolve_job_def(BANK_SYNC_JOB).asset_layer.executable_asset_keys
    ml_refresh = defs.resolve_job_def(ML_JOB).asset_layer.executable_asset_keys
    ledger, models = (
        dg.AssetKey(["serving", "ledger_snapshot"]),
        dg.AssetKey(["serving", "models_snapshot"]),
    )
    assert ledger in bank_sync and ledger not in ml_refresh
    assert models in ml_refresh and models not in bank_sync
    graph = defs.resolve_asset_graph()
    assert dg.AssetKey(["marts", "fct_ledger"]) in graph.get(ledger).parent_keys
    assert dg.AssetKey(["ml", "ledger_categorized"]) in graph.get(models).parent_keys
