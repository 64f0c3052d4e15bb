"""An incremental run of the recurring models gives what rebuilding them from scratch gives.

The recurring models recompute only the payee groups a run touches (macros/recurring_groups.sql).
test_incremental_ledger.py calls ``assert_recurring_increments_match`` on the warehouse it has
built (a complete build: the runs here have a watermark to start from), so no build of its own
is paid for. A person with crafted ledger rows is added to int_ledger_transactions before the
window (May and earlier) and the recurring models are built from scratch. Then the window (June)
changes as a later day would, and the recurring models are built incrementally, then from
scratch again: every row of every recurring model must be the same. The June rows cover the
cases where a group outside the window changes:

- gym: a third monthly payment makes the two older ones a series (older rows join it);
- dairy: two June payments print a new name next to the dairy's UPI address, which becomes its
  most-printed name: the older payments that only show the address move to that name's group,
  and the group they leave keeps one payment;
- shop: a June payment is the first to print a name next to the shop's UPI address: its older
  payments leave the address's group (and its series) for the name's;
- rent: reconciliation replaces the June payment by another transaction id a day later;
- netflix: nothing in June, so the run leaves its series as it was (not recomputed).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from hisaab.settings import WarehouseLocation
from tests.support.dbt import dbt_command

Query = Callable[[str], list[tuple[Any, ...]]]
PERSON, ACCOUNT = "P900001", "P900001:hdfc-0001"
FIRST_IN_WINDOW = "2025-06-01"
# transaction_id, business_date, amount_paise, counterparty, vpa, narration
BEFORE_WINDOW = [
    ("gym-04", "2025-04-10", 149900, "FIT GYM", None, "UPI-FIT GYM"),
    ("gym-05", "2025-05-10", 149900, "FIT GYM", None, "UPI-FIT GYM"),
    ("dairy-03", "2025-03-05", 80000, None, "dairy@ybl", "UPI-dairy@ybl"),
    ("dairy-04", "2025-04-05", 80000, None, "dairy@ybl", "UPI-dairy@ybl"),
    ("dairy-05", "2025-05-05", 80000, None, "dairy@ybl", "UPI-dairy@ybl"),
    ("dairy-named", "2025-03-20", 1234, "OLD DAIRY", "dairy@ybl", "UPI-OLD DAIRY"),
    ("shop-03", "2025-03-08", 30000, None, "shop@upi", "UPI-shop@upi"),
    ("shop-04", "2025-04-08", 30000, None, "shop@upi", "UPI-shop@upi"),
    ("shop-05", "2025-05-08", 30000, None, "shop@upi", "UPI-shop@upi"),
    ("rent-03", "2025-03-01", 2500000, "R SHARMA", None, "NEFT-R SHARMA"),
    ("rent-04", "2025-04-01", 2500000, "R SHARMA", None, "NEFT-R SHARMA"),
    ("rent-05", "2025-05-01", 2500000, "R SHARMA", None, "NEFT-R SHARMA"),
    ("netflix-03", "2025-03-15", 64900, "NETFLIX", None, "UPI-NETFLIX"),
    ("netflix-04", "2025-04-15", 64900, "NETFLIX", None, "UPI-NETFLIX"),
    ("netflix-05", "2025-05-15", 64900, "NETFLIX", None, "UPI-NETFLIX"),
]
WINDOW_BEFORE = [("rent-06a", "2025-06-01", 2500000, "R SHARMA", None, "NEFT-R SHARMA")]
WINDOW_AFTER = [
    ("gym-06", "2025-06-10", 149900, "FIT GYM", None, "UPI-FIT GYM"),
    ("dairy-gokul-1", "2025-06-02", 5000, "GOKUL DAIRY", "dairy@ybl", "UPI-GOKUL DAIRY"),
    ("dairy-gokul-2", "2025-06-03", 6000, "GOKUL DAIRY", "dairy@ybl", "UPI-GOKUL DAIRY"),
    ("rent-06b", "2025-06-02", 2500000, "R SHARMA", None, "NEFT-R SHARMA"),
    ("shop-06", "2025-06-08", 30000, "CORNER SHOP", "shop@upi", "UPI-CORNER SHOP"),
]
RECURRING_MODELS = (
    "int_recurring_payee_words",
    "int_recurring_vpas_touched",
    "int_recurring_vpa_names",
    "int_recurring_groups_replaced",
    "int_recurring_payments_keyed",
    "int_recurring_groups_changed",
    "int_recurring_candidate_payments",
    "int_recurring_candidates",
    "int_recurring_members",
    "int_recurring_occurrences",
    "int_recurring_series",
    "fct_recurring",
)
# Their results (which groups changed depends on the run, not on the rows).
COMPARED = [
    f"{'marts' if model.startswith('fct_') else 'intermediate'}.{model}"
    for model in RECURRING_MODELS
    if "_groups_" not in model and "_touched" not in model
]
CHANGED_GROUPS_SQL = "select payee_group_id from intermediate.int_recurring_groups_changed"
GROUPS_SQL = "select transaction_id, payee_group_id from intermediate.int_recurring_payments_keyed"
MEMBERS_SQL = "select transaction_id, series_id from intermediate.int_recurring_members"
KEYS_SQL = "select transaction_id, payee_key from intermediate.int_recurring_payments_keyed"


class Rider(Protocol):
    """Another model's increments checked on these builds (anomaly_increments.py): its rows
    are added with these, its models built with these, and ``built`` is called after each
    build: "scratch", "incremental", then "scratch" again."""

    models: tuple[str, ...]

    def add_rows(self, execute: Query, *, in_window: bool) -> None: ...

    def built(self, execute: Query, how: str) -> None: ...


def _add_ledger_rows(execute: Query, rows: list[tuple[Any, ...]]) -> None:
    def literal(value: Any) -> str:
        return "null" if value is None else f"'{value}'" if isinstance(value, str) else str(value)

    values = ", ".join(
        f"('{tid}', date '{day}', {amount}, {literal(name)}, {literal(vpa)}, {literal(text)},"
        f" '{PERSON}', '{ACCOUNT}', timestamp '{day} 04:30:00', 'debit', 'upi', false, false)"
        for tid, day, amount, name, vpa, text in rows
    )
    execute(
        "insert into intermediate.int_ledger_transactions (transaction_id, business_date,"
        " amount_paise, counterparty, vpa, narration, person_ref, account_id, occurred_at,"
        f" direction, channel, is_transfer, is_refund) values {values}"
    )


def _build_recurring(
    location: WarehouseLocation, work_dir: Path, riders: tuple[Rider, ...], *flags: str
) -> None:
    """``dbt build`` of the recurring models alone (with their tests) and the riders': not a
    complete build, so the watermark stays where the caller's last complete build left it."""
    models = (*RECURRING_MODELS, *(model for rider in riders for model in rider.models))
    # The unit tests ran in the caller's builds: these check the rows.
    completed = dbt_command(
        location,
        work_dir,
        "build",
        "--select",
        *models,
        "--exclude-resource-type",
        "unit_test",
        *flags,
    )
    assert completed.returncode == 0, completed.stdout[-6000:]


def _contents(execute: Query) -> dict[str, list[tuple[Any, ...]]]:
    return {table: sorted(execute(f"select * from {table}"), key=repr) for table in COMPARED}


def assert_recurring_increments_match(
    location: WarehouseLocation, work_dir: Path, execute: Query, *riders: Rider
) -> None:
    _add_ledger_rows(execute, BEFORE_WINDOW + WINDOW_BEFORE)
    for rider in riders:
        rider.add_rows(execute, in_window=False)
    _build_recurring(location, work_dir, riders, "--full-refresh")
    for rider in riders:
        rider.built(execute, "scratch")
    execute("delete from intermediate.int_ledger_transactions where transaction_id = 'rent-06a'")
    _add_ledger_rows(execute, WINDOW_AFTER)
    for rider in riders:
        rider.add_rows(execute, in_window=True)
    execute(
        "update intermediate.int_ledger_window"
        f" set window_start = date '{FIRST_IN_WINDOW}', is_whole_rebuild = false"
    )
    _build_recurring(location, work_dir, riders)
    recomputed = {row[0] for row in execute(CHANGED_GROUPS_SQL)}
    incremental = _contents(execute)
    for rider in riders:
        rider.built(execute, "incremental")
    _build_recurring(location, work_dir, riders, "--full-refresh")
    for rider in riders:
        rider.built(execute, "scratch")
    scratch = _contents(execute)
    differing = [table for table in COMPARED if incremental[table] != scratch[table]]
    assert not differing, f"incremental != from scratch in {differing}"

    members: dict[str, str] = dict(execute(MEMBERS_SQL))
    assert members.get("gym-04") is not None and members["gym-04"] == members.get("gym-06")
    assert "rent-06a" not in members and members.get("rent-06b") == members.get("rent-03")
    keys: dict[str, str] = dict(execute(KEYS_SQL))
    assert keys["dairy-03"] == "name:gokul dairy" and keys["shop-03"] == "name:corner shop"
    assert members.get("dairy-03") is not None
    assert members.get("shop-03") is not None and members["shop-03"] == members.get("shop-06")
    groups: dict[str, str] = dict(execute(GROUPS_SQL))
    assert groups["netflix-03"] not in recomputed, "a group the day did not touch was recomputed"
    assert {groups["gym-04"], groups["dairy-03"], groups["dairy-named"]} <= recomputed
    assert len(recomputed) < len(set(groups.values())), "every group was recomputed"
