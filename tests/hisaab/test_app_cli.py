"""`hisaab budget` and `hisaab recategorize` write the app tables the marts read, and refuse what
they cannot record with a one-line reason."""

import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from hisaab.app_data import budgets, set_budget, taxonomy
from hisaab.cli import app
from hisaab.settings import WarehouseLocation, get_settings

TRANSACTION = "0123456789abcdef0123456789abcdef"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _category() -> str:
    return sorted(taxonomy().categories)[0]


def _group() -> str:
    return sorted(taxonomy().groups)[0]


def test_a_budget_is_set_changed_listed_and_removed(hisaab_home: Path) -> None:
    category = _category()
    code, out, err = _run(
        "budget", "set", "--person", "P000001", "--category", category, "--limit", "5,000"
    )
    assert code == 0, err
    assert "₹5,000.00" in out
    _run("budget", "set", "--person", "P000001", "--category", category, "--limit", "6000.50",
         "--rollover", "--from", "2025-04", "--until", "2026-03")  # fmt: skip
    _run("budget", "set", "--person", "P000002", "--category", _group(), "--limit", "100")

    code, out, _ = _run("budget", "list", "--json")
    rows = json.loads(out)
    assert [(r["person_ref"], r["category"]) for r in rows] == [
        ("P000001", category),
        ("P000002", _group()),
    ]
    first = rows[0]
    assert (first["monthly_limit_paise"], first["rollover"], first["scope"]) == (
        600050,
        True,
        "category",
    )
    assert (first["starts_on"], first["ends_on"]) == ("2025-04-01", "2026-03-31")
    assert rows[1]["scope"] == "group"

    code, _, _ = _run("budget", "remove", "--person", "P000001", "--category", category)
    assert code == 0
    assert [r["person_ref"] for r in budgets(get_settings().warehouse)] == ["P000002"]
    code, _, err = _run("budget", "remove", "--person", "P000001", "--category", category)
    assert code == 2
    assert "has no budget" in err


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (("--category", "food:nonsense", "--limit", "100"), "unknown category"),
        (("--category", "CATEGORY", "--limit", "0"), "more than ₹0"),
        (("--category", "CATEGORY", "--limit", "lots"), "lots"),
        (("--category", "CATEGORY", "--limit", "100", "--from", "April"), "not a month"),
        (
            ("--category", "CATEGORY", "--limit", "100", "--from", "2025-05", "--until", "2025-04"),
            "before it starts",
        ),
    ],
)
def test_a_budget_that_cannot_be_recorded_says_why(
    hisaab_home: Path, args: tuple[str, ...], reason: str
) -> None:
    args = tuple(_category() if a == "CATEGORY" else a for a in args)
    code, _, err = _run("budget", "set", "--person", "P000001", *args)
    assert code == 2
    assert reason in err
    assert len(err.strip().splitlines()) == 1


def test_recategorize_records_the_owner_of_the_transaction(hisaab_home: Path) -> None:
    location = get_settings().warehouse
    assert location.path is not None
    with duckdb.connect(str(location.path)) as connection:  # a built ledger, reduced to its key
        connection.execute("create schema marts")
        connection.execute(
            f"create table marts.fct_ledger as select '{TRANSACTION}' as transaction_id,"
            " 'P000007' as person_ref"
        )
    code, out, err = _run("recategorize", TRANSACTION, _category())
    assert code == 0, err
    assert "P000007" in out
    with duckdb.connect(str(location.path), read_only=True) as connection:
        stored = connection.execute(
            "select person_ref, transaction_id, category_id from raw.app_category_corrections"
        ).fetchall()
    assert stored == [("P000007", TRANSACTION, _category())]


@pytest.mark.parametrize(
    ("transaction", "category", "reason"),
    [
        ("not-an-id", "CATEGORY", "not a transaction id"),
        (TRANSACTION, "GROUP", "is a group"),
        (TRANSACTION, "CATEGORY", "no transaction"),
    ],
)
def test_recategorize_refuses_what_it_cannot_record(
    hisaab_home: Path, transaction: str, category: str, reason: str
) -> None:
    category = {"CATEGORY": _category(), "GROUP": _group()}[category]
    code, _, err = _run("recategorize", transaction, category)
    assert code == 2
    assert reason in err


@pytest.mark.postgres
def test_budgets_upsert_on_postgres(postgres_url: str) -> None:
    from datetime import date

    location = WarehouseLocation.parse(postgres_url, Path("."))
    for limit in (100_00, 250_00):
        set_budget(location, "P000001", _category(), limit, starts_on=date(2025, 4, 1))
    [row] = budgets(location)
    assert row["monthly_limit_paise"] == 250_00
