"""The great-expectations suites against a small ingested warehouse, healthy and then corrupted.

The raw tables come from a generated population; the ledger marts are written by hand here (the
whole dbt build runs in test_bank_sync.py), enough to prove each suite's parameters and severities.
"""

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from hisaab.settings import WarehouseLocation
from ingestion import ingest_paths
from orchestration.defs.quality.checks import build_checks, gx_check
from orchestration.defs.quality.context import ephemeral_context
from orchestration.defs.quality.metadata import check_result
from orchestration.defs.quality.outcome import SuiteOutcome
from orchestration.defs.quality.suites import SUITES
from orchestration.defs.quality.tables import ALL_TABLES, GX_CHECK, RAW_TABLES, CheckedTable
from orchestration.defs.quality.validate import validate_table
from orchestration.resources import WarehouseResource
from sandbox.generate import generate_population

RAW_RELATIONS = [table.relation for table in RAW_TABLES] + ["raw.quarantine"]

# A hand-made fct_ledger: one row per statement line, with the columns the suite reads.
_LEDGER_SQL = """
create schema if not exists marts;
create or replace table marts.fct_ledger as
select
    source_row_id as transaction_id, person_ref, person_ref || ':' || bank as account_id,
    txn_date as business_date, amount_paise, direction, 'upi' as channel,
    'uncategorized' as category_id, 'uncategorized' as category,
    cast(null as decimal(3, 2)) as category_confidence, false as is_transfer
from raw.statement_lines
"""


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse holding five people's two months of raw rows (built once, copied per test)."""
    home = tmp_path_factory.mktemp("quality")
    generate_population(home / "landing", users=5, months=2, seed=3)
    ingest_paths([home / "landing"], WarehouseLocation.parse(None, home))
    return home / "warehouse.duckdb"


@pytest.fixture
def warehouse(ingested: Path, tmp_path: Path) -> Iterator[WarehouseLocation]:
    shutil.copy(ingested, tmp_path / "warehouse.duckdb")
    yield WarehouseLocation.parse(None, tmp_path)


def _execute(location: WarehouseLocation, sql: str) -> None:
    with duckdb.connect(str(location.path)) as conn:
        conn.execute(sql)


def _failed(outcome: SuiteOutcome) -> dict[str, dict[str, object]]:
    return {item.label: item.observed for item in outcome.failed}


def test_every_checked_table_has_a_suite_and_every_suite_a_table() -> None:
    assert set(SUITES) == {table.relation for table in ALL_TABLES}


def test_a_check_exists_only_for_tables_that_are_assets() -> None:
    statement_lines = dg.AssetKey(["raw", "statement_lines"])
    checks = build_checks({statement_lines})
    keys = {key for check in checks for key in check.check_keys}
    assert keys == {
        dg.AssetCheckKey(statement_lines, GX_CHECK),
        dg.AssetCheckKey(dg.AssetKey(["raw", "quarantine"]), GX_CHECK),
    }


@pytest.mark.parametrize("relation", RAW_RELATIONS)
def test_raw_suites_pass_on_ingested_data(warehouse: WarehouseLocation, relation: str) -> None:
    outcome = validate_table(warehouse, relation)
    assert outcome.worst_failure is None, outcome.summary
    assert check_result(outcome).passed
    if relation != "raw.quarantine":
        assert outcome.rows_validated == outcome.rows_in_table > 0


def test_a_large_table_is_validated_on_a_sample_that_says_so(
    warehouse: WarehouseLocation, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("orchestration.defs.quality.validate.MAX_ROWS", 100)
    result = check_result(validate_table(warehouse, "raw.statement_lines"))
    assert result.passed and result.metadata["sampled"].value is True
    assert 0 < result.metadata["rows_validated"].value < result.metadata["rows_in_table"].value  # type: ignore[operator]


def test_a_negative_amount_fails_with_the_row_in_the_metadata(
    warehouse: WarehouseLocation,
) -> None:
    _execute(
        warehouse,
        "update raw.statement_lines set amount_paise = -1"
        " where source_row_id = (select min(source_row_id) from raw.statement_lines)",
    )
    result = check_result(validate_table(warehouse, "raw.statement_lines"))
    assert not result.passed
    assert result.severity == dg.AssetCheckSeverity.ERROR
    assert result.description is not None
    assert "amount_paise" in result.description and "-1" in result.description
    detail = result.metadata["FAILED amount_paise: column_values_to_be_between"]
    assert detail.value["unexpected_count"] == 1  # type: ignore[index]
    assert detail.value["unexpected_examples"] == [-1]  # type: ignore[index]


def test_a_duplicated_row_fails_uniqueness(warehouse: WarehouseLocation) -> None:
    _execute(warehouse, "insert into raw.aa_transactions select * from raw.aa_transactions limit 1")
    failed = _failed(validate_table(warehouse, "raw.aa_transactions"))
    assert failed["source_row_id: column_values_to_be_unique"]["unexpected_count"] == 2


def test_an_sms_reason_outside_the_documented_set_fails(warehouse: WarehouseLocation) -> None:
    _execute(
        warehouse,
        "update raw.sms_messages set reason = 'spam' where source_row_id ="
        " (select min(source_row_id) from raw.sms_messages where not is_transaction)",
    )
    outcome = validate_table(warehouse, "raw.sms_messages")
    assert [item.label for item in outcome.failed] == [
        "reason: column_values_to_be_in_set where is_transaction == False"
    ]


def test_a_missing_table_is_a_clear_failed_result(warehouse: WarehouseLocation) -> None:
    result = check_result(validate_table(warehouse, "marts.fct_spend_monthly"))
    assert not result.passed
    assert result.description == "marts.fct_spend_monthly does not exist (not built yet?)"


def test_missing_columns_are_named_and_the_rest_still_runs(warehouse: WarehouseLocation) -> None:
    _execute(
        warehouse,
        "create schema marts; create table marts.dim_categories as"
        " select 'food:delivery' as category_id",
    )
    outcome = validate_table(warehouse, "marts.dim_categories")
    assert outcome.problem is not None and "lacks column(s) category" in outcome.problem
    assert {item.label for item in outcome.expectations} == {
        "category_id: column_values_to_not_be_null",
        "category_id: column_values_to_be_unique",
    }
    assert not check_result(outcome).passed


def test_ledger_dates_must_lie_within_the_raw_data(warehouse: WarehouseLocation) -> None:
    _execute(warehouse, _LEDGER_SQL)
    assert validate_table(warehouse, "marts.fct_ledger").worst_failure is None
    _execute(
        warehouse,
        "update marts.fct_ledger set business_date = date '2019-01-01', category_confidence = 1.5"
        " where transaction_id = (select min(transaction_id) from marts.fct_ledger)",
    )
    failed = _failed(validate_table(warehouse, "marts.fct_ledger"))
    assert set(failed) == {
        "business_date: column_values_to_be_between",
        "category_confidence: column_values_to_be_between",
    }


def test_many_balance_mismatches_warn_rather_than_fail(warehouse: WarehouseLocation) -> None:
    _execute(
        warehouse,
        "create schema marts; create table marts.fct_account_balances_daily as"
        " select 'A:' || i as account_day_id, 'A' as account_id,"
        " date '2025-04-01' + cast(i as integer) as balance_date,"
        " 0 as closing_balance_paise, 0 as credits_paise, 0 as debits_paise,"
        " 0 as transaction_count,"
        " case when i % 10 = 0 then 'mismatch' else 'matches' end as balance_check"
        " from range(40) as t(i)",
    )
    result = check_result(validate_table(warehouse, "marts.fct_account_balances_daily"))
    assert not result.passed
    assert result.severity == dg.AssetCheckSeverity.WARN
    assert result.description is not None and "balance_check" in result.description


def test_the_asset_check_reads_the_warehouse_resource(warehouse: WarehouseLocation) -> None:
    assert warehouse.path is not None
    table = CheckedTable("raw", "statement_lines", "keys and amounts")
    resource = WarehouseResource(home=str(warehouse.path.parent))
    result = gx_check(table)(warehouse=resource)
    assert isinstance(result, dg.AssetCheckResult)
    assert result.passed
    assert result.metadata["rows_validated"].value > 0  # type: ignore[operator]


def test_gx_writes_nothing_to_the_working_directory_or_home(
    warehouse: WarehouseLocation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workdir, home = tmp_path / "cwd", tmp_path / "home"
    workdir.mkdir()
    home.mkdir()
    monkeypatch.chdir(workdir)
    monkeypatch.setenv("HOME", str(home))
    ephemeral_context.cache_clear()
    validate_table(warehouse, "raw.statement_lines")
    assert list(workdir.iterdir()) == [] and list(home.iterdir()) == []


def test_a_writer_holding_the_lock_gives_a_result_not_a_crash(
    warehouse: WarehouseLocation, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("orchestration.defs.quality.read.LOCK_WAIT_SECONDS", 0.5)
    hold = (
        "import duckdb, sys, time; conn = duckdb.connect(sys.argv[1]);"
        " print('locked', flush=True); time.sleep(60)"
    )
    writer = subprocess.Popen(
        [sys.executable, "-c", hold, str(warehouse.path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "locked"
        result = check_result(validate_table(warehouse, "raw.statement_lines"))
    finally:
        writer.kill()
        writer.wait()
    assert not result.passed
    assert result.description is not None and "not validated" in result.description


@pytest.mark.postgres
def test_suites_run_on_postgres_and_sample_by_key(
    ingested: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    location = WarehouseLocation.parse(postgres_url, ingested.parent)
    ingest_paths([ingested.parent / "landing"], location)
    for relation in RAW_RELATIONS:
        outcome = validate_table(location, relation)
        assert outcome.worst_failure is None, outcome.summary
    monkeypatch.setattr("orchestration.defs.quality.validate.MAX_ROWS", 100)
    sampled = validate_table(location, "raw.statement_lines")
    assert 0 < sampled.rows_validated < sampled.rows_in_table
    assert sampled.worst_failure is None, sampled.summary


def test_the_cli_reports_a_failed_check_with_its_reason_on_one_line() -> None:
    from orchestration.run import _describe_check

    evaluation = dg.AssetCheckEvaluation(
        asset_key=dg.AssetKey(["marts", "fct_account_balances_daily"]),
        check_name=GX_CHECK,
        passed=False,
        severity=dg.AssetCheckSeverity.WARN,
        description="1 of 12 expectations failed:\nbalance_check (9 rows)",
    )
    assert _describe_check(evaluation) == (
        "marts/fct_account_balances_daily:great_expectations [WARN]:"
        " 1 of 12 expectations failed: balance_check (9 rows)"
    )
