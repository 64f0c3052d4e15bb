"""The whole bank sync, materialized in process on the sandbox feed and a throwaway DuckDB."""

from pathlib import Path

import dagster as dg
import duckdb
import pytest

from hisaab.settings import WarehouseLocation
from hisaab.summary import build_summary, render_summary
from orchestration.defs.ingestion import assets as ingestion_assets
from orchestration.defs.ingestion.schedules import BANK_SYNC_SELECTION
from orchestration.defs.ledger import assets as ledger_assets
from orchestration.defs.ledger.project import dbt_cli, hisaab_dbt_project
from orchestration.defs.quality import defs as quality_defs
from orchestration.defs.quality.tables import GX_CHECK
from orchestration.resources import SandboxFeed, WarehouseResource

USERS = 6
TABLES = [
    "raw.statement_lines",
    "raw.sms_messages",
    "raw.aa_transactions",
    "staging.stg_bank_statements__lines",
    "marts.fct_transactions",
]


def _materialize(home: Path) -> dg.ExecuteInProcessResult:
    assets = [
        *ingestion_assets.defs.assets,  # type: ignore[misc]
        *ledger_assets.defs.assets,  # type: ignore[misc]
        *quality_defs.defs.asset_checks,  # type: ignore[misc]
    ]
    return dg.materialize(
        assets,
        selection=BANK_SYNC_SELECTION,
        resources={
            "bank_feed": SandboxFeed(folder=str(home / "landing"), users=USERS, months=2, seed=7),
            "warehouse": WarehouseResource(home=str(home)),
            "dbt": dbt_cli(hisaab_dbt_project()),
        },
    )


def _counts(home: Path) -> dict[str, int]:
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as conn:
        return {
            table: conn.execute(f"select count(*) from {table}").fetchone()[0]  # type: ignore[index]
            for table in TABLES
        }


def _gx_checks(result: dg.ExecuteInProcessResult) -> dict[str, tuple[bool, str | None]]:
    """Each great-expectations check that ran: passed, and the reason when it did not."""
    return {
        evaluation.asset_key.to_user_string(): (evaluation.passed, evaluation.description)
        for evaluation in result.get_asset_check_evaluations()
        if evaluation.check_name == GX_CHECK
    }


@pytest.mark.slow
def test_bank_sync_builds_the_ledger_and_is_idempotent(hisaab_home: Path) -> None:
    first = _materialize(hisaab_home)
    assert first.success
    gx_checks = _gx_checks(first)
    checked = {
        key.asset_key for check in quality_defs.defs.asset_checks or [] for key in check.check_keys
    }
    assert gx_checks.keys() == {key.to_user_string() for key in checked}
    assert {key: why for key, (passed, why) in gx_checks.items() if not passed} == {}
    counts = _counts(hisaab_home)
    assert all(count > 0 for count in counts.values()), counts
    # Every statement line is one real event, and every real event has a statement line.
    assert counts["marts.fct_transactions"] == counts["raw.statement_lines"]

    summary = build_summary(WarehouseLocation.parse(None, hisaab_home))
    assert summary.people == USERS
    assert summary.ledger_rows == counts["marts.fct_transactions"]
    assert summary.top_spend and all(row["spend_paise"] > 0 for row in summary.top_spend)
    assert "₹" in render_summary(summary)

    second = _materialize(hisaab_home)
    assert second.success
    assert _counts(hisaab_home) == counts
    loaded = [
        mat.metadata["rows_loaded"].value  # type: ignore[attr-defined]
        for mat in second.asset_materializations_for_node("raw__statement_lines")
    ]
    assert loaded == [0]
