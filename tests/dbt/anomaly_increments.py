"""An incremental run of int_anomalies_flagged gives what rebuilding it from scratch gives.

int_anomalies_flagged replaces the rows of the payee scopes a run changes (one person's payments
to and from one payee), failed debits from 7 days before the window and every fee
(macros/anomalies_window.sql). ``AnomalyIncrements`` rides on the builds of
recurring_increments.py (test_incremental_ledger.py passes it in): its crafted ledger rows are
added with the recurring ones, before the window (May and earlier) and in it (June), and
int_anomalies_flagged is built with the recurring models, from scratch, incrementally, then from
scratch again; the incremental anomalies must equal the second scratch build's. Sharing the
builds keeps the check to about the cost of the model itself (three more dbt invocations of
their own cost some 15 s). Each case flags or clears a row dated before the window because of
a row in it:

- new payee: a ₹25,000 payment to a payee first paid in the person's first 30 days is a large
  new payee while it is the only one; a credit from that payee in the window (the other
  direction: another payee group, the same scope) makes it not new;
- outlier: a fifth payment to a shop makes an older ₹5,000 there five times the usual;
- reversal: a credit in the window reverses a failed debit of 5 days before the window (not in
  its payee scope);
- fee: another person's charge in the window makes a charge's usual amount known (five of
  them), and the older ₹60 charge three times it;
- duplicate: the window's first payment repeats one 4 minutes before, on the day before;
- price rise: a monthly ₹199 that went to ₹249 in May is back at ₹199 in June (the rise did not
  stay).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

Query = Callable[[str], list[tuple[Any, ...]]]
# Dated as recurring_increments.py's: its window opens on 2025-06-01.
NEW_PAYEE, OUTLIER, REVERSAL, FEE, OTHER_FEE, DUPLICATE, STREAM = (f"P90001{n}" for n in range(7))
# transaction_id, person_ref, business_date, amount_paise, direction, channel, counterparty,
# narration (occurred_at: 04:00 UTC that day, unless OCCURRED_AT says otherwise)
Row = tuple[str, str, str, int, str, str, str, str]
BEFORE_WINDOW: list[Row] = [
    ("an-first", NEW_PAYEE, "2025-05-10", 50000, "debit", "upi", "KIRANA", "UPI-KIRANA"),
    ("an-new", NEW_PAYEE, "2025-05-20", 2500000, "debit", "neft", "V MEHTA", "NEFT-V MEHTA"),
    ("an-out-1", OUTLIER, "2025-04-01", 10000, "debit", "upi", "TEA STALL", "UPI-TEA STALL"),
    ("an-out-2", OUTLIER, "2025-04-08", 10000, "debit", "upi", "TEA STALL", "UPI-TEA STALL"),
    ("an-out-3", OUTLIER, "2025-04-15", 10000, "debit", "upi", "TEA STALL", "UPI-TEA STALL"),
    ("an-out-big", OUTLIER, "2025-05-02", 500000, "debit", "upi", "TEA STALL", "UPI-TEA STALL"),
    ("an-failed", REVERSAL, "2025-05-27", 123400, "debit", "upi", "BOOKSHOP", "UPI-FAILED TXN"),
    ("an-fee-1", FEE, "2025-02-01", 1500, "debit", "charges", "ZQX ALERT", "ZQX ALERT CHG"),
    ("an-fee-2", FEE, "2025-03-01", 1500, "debit", "charges", "ZQX ALERT", "ZQX ALERT CHG"),
    ("an-fee-3", FEE, "2025-04-01", 1500, "debit", "charges", "ZQX ALERT", "ZQX ALERT CHG"),
    ("an-fee-big", FEE, "2025-05-01", 6000, "debit", "charges", "ZQX ALERT", "ZQX ALERT CHG"),
    ("an-dup-1", DUPLICATE, "2025-05-31", 45000, "debit", "upi", "CAFE ROSA", "UPI-CAFE ROSA"),
    ("an-tv-02", STREAM, "2025-02-10", 19900, "debit", "upi", "ZQX TV", "UPI-ZQX TV"),
    ("an-tv-03", STREAM, "2025-03-10", 19900, "debit", "upi", "ZQX TV", "UPI-ZQX TV"),
    ("an-tv-04", STREAM, "2025-04-10", 19900, "debit", "upi", "ZQX TV", "UPI-ZQX TV"),
    ("an-tv-05", STREAM, "2025-05-10", 24900, "debit", "upi", "ZQX TV", "UPI-ZQX TV"),
]
WINDOW_ROWS: list[Row] = [
    ("an-new-back", NEW_PAYEE, "2025-06-03", 100000, "credit", "neft", "V MEHTA", "NEFT-V MEHTA"),
    ("an-out-4", OUTLIER, "2025-06-02", 10000, "debit", "upi", "TEA STALL", "UPI-TEA STALL"),
    ("an-reversed", REVERSAL, "2025-06-01", 123400, "credit", "upi", "NPCI", "UPI-REV FOR TXN"),
    ("an-fee-4", OTHER_FEE, "2025-06-01", 1500, "debit", "charges", "ZQX ALERT", "ZQX ALERT CHG"),
    ("an-dup-2", DUPLICATE, "2025-06-01", 45000, "debit", "upi", "CAFE ROSA", "UPI-CAFE ROSA"),
    ("an-tv-06", STREAM, "2025-06-10", 19900, "debit", "upi", "ZQX TV", "UPI-ZQX TV"),
]
# Four minutes apart, either side of midnight IST.
OCCURRED_AT = {"an-dup-1": "2025-05-31 18:27:00", "an-dup-2": "2025-05-31 18:31:00"}
FLAGGED_SQL = "select * from intermediate.int_anomalies_flagged"
# Which crafted rows are flagged for what, before the window's rows and after them.
# The monthly charges of ZQX ALERT are a series too: the step to ₹60 is a price rise, before and
# after (no row of that payee group in the window).
UNCHANGED = {("an-fee-big", "subscription_price_rise")}
EXPECTED_BEFORE = UNCHANGED | {
    ("an-new", "large_new_payee"),
    ("an-failed", "failed_debit_without_reversal"),
    ("an-tv-05", "subscription_price_rise"),
}
EXPECTED_AFTER = UNCHANGED | {
    ("an-out-big", "amount_outlier_for_merchant"),
    ("an-fee-big", "fee_or_penalty"),
    ("an-dup-2", "duplicate_charge"),
}


def _add_ledger_rows(execute: Query, rows: list[Row]) -> None:
    values = ", ".join(
        f"('{tid}', '{person}', '{person}:hdfc-0009', date '{day}',"
        f" timestamp '{OCCURRED_AT.get(tid, f'{day} 04:00:00')}', {amount}, '{direction}',"
        f" '{channel}', '{name}', '{text}', false, false)"
        for tid, person, day, amount, direction, channel, name, text in rows
    )
    execute(
        "insert into intermediate.int_ledger_transactions (transaction_id, person_ref,"
        " account_id, business_date, occurred_at, amount_paise, direction, channel,"
        f" counterparty, narration, is_transfer, is_refund) values {values}"
    )


def _crafted_flags(execute: Query) -> set[tuple[str, str]]:
    rows = execute(
        "select transaction_id, rule from intermediate.int_anomalies_flagged"
        " where transaction_id like 'an-%'"
    )
    return {(tid, rule) for tid, rule in rows}


class AnomalyIncrements:
    """The anomaly cases, for recurring_increments.assert_recurring_increments_match: it adds
    the rows before and in the window, builds ``models`` with its own and calls ``built`` after
    each build ("scratch", "incremental", then "scratch" again)."""

    models = ("int_anomalies_flagged",)

    def __init__(self) -> None:
        self.incremental: list[tuple[Any, ...]] | None = None

    def add_rows(self, execute: Query, *, in_window: bool) -> None:
        _add_ledger_rows(execute, WINDOW_ROWS if in_window else BEFORE_WINDOW)

    def built(self, execute: Query, how: str) -> None:
        flags = _crafted_flags(execute)
        if how == "incremental":
            self.incremental = execute(FLAGGED_SQL)
            assert flags == EXPECTED_AFTER, f"after the window, the crafted cases flag {flags}"
        elif self.incremental is None:
            assert flags == EXPECTED_BEFORE, f"before the window, the crafted cases flag {flags}"
        else:
            scratch = execute(FLAGGED_SQL)
            missing = list((Counter(scratch) - Counter(self.incremental)).elements())
            extra = list((Counter(self.incremental) - Counter(scratch)).elements())
            assert not missing and not extra, (
                f"incremental anomalies lack {missing[:5]}, have more {extra[:5]}"
            )
