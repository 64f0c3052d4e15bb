"""A flagged transaction's reason, in words a person can check against their own memory.

Each signal below is a fact about the row that its features carry ("a payee you have never
paid", "12x your usual payment", "the same amount 3 minutes earlier"). A row says the signals
that hold for it, at most ``MAX_SIGNALS``, strongest first: ordered by how much each feature
added to this row's score when the model is supervised, in the order listed otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hisaab.money import format_inr

MAX_SIGNALS = 2
Row = dict[str, Any]


def _times(amount: int, usual: int | None, at_least: float) -> float | None:
    if not usual or usual <= 0 or amount / usual < at_least:
        return None
    return amount / usual


def _multiple(ratio: float) -> str:
    return f"{ratio:.0f}x" if ratio >= 10 else f"{ratio:.1f}x"


def _new_payee(row: Row) -> str | None:
    if not row["is_new_payee"]:
        return None
    return "a charge you have not had before" if row["is_fee"] else "a payee you have never paid"


def _above_payee(row: Row) -> str | None:
    ratio = _times(row["amount_paise"], row["payee_usual_paise"], 2.0)
    if not ratio:
        return None
    return f"{_multiple(ratio)} what you usually pay {'for it' if row['is_fee'] else 'them'}"


def _above_person(row: Row) -> str | None:
    ratio = _times(row["amount_paise"], row["person_usual_paise"], 3.0)
    usable = ratio and row["is_debit"] and not row["is_fee"]
    return f"{_multiple(ratio)} your usual payment" if usable and ratio else None


def _above_everyone(row: Row) -> str | None:
    usual = row["everyone_usual_paise"]
    ratio = _times(row["amount_paise"], usual, 2.0)
    return f"{_multiple(ratio)} what it usually is ({format_inr(usual)})" if ratio else None


def _same_charge(row: Row) -> str | None:
    minutes = row["minutes_since_same"]
    if minutes >= 60:
        return None
    if not row["has_time"]:
        return "the same amount to the same payee earlier that day"
    when = "moments" if minutes < 1 else "a minute" if minutes < 2 else f"{minutes:.0f} minutes"
    return f"the same amount to the same payee {when} earlier"


def _drains_balance(row: Row) -> str | None:
    share = row["share_of_balance"]
    return f"{min(share, 1.0):.0%} of the balance before it" if share >= 0.5 else None


def _burst(row: Row) -> str | None:
    count = int(row["debits_last_hour"])
    return f"after {count} other debits within the hour" if count >= 4 else None


def _odd_hour(row: Row) -> str | None:
    return "at an hour you rarely pay" if row["has_time"] and row["hour_share"] < 0.03 else None


# (the feature whose contribution ranks the signal, what it is about, the signal); one signal
# per topic: "51x what you usually pay" and "51x what it usually is" would say it twice.
SIGNALS: list[tuple[str, str, Callable[[Row], str | None]]] = [
    ("is_new_payee", "payee", _new_payee),
    ("minutes_since_same_charge", "repeat", _same_charge),
    ("payee_amount_z", "amount", _above_payee),
    ("everyone_payee_amount_z", "amount", _above_everyone),
    ("person_amount_z", "amount", _above_person),
    ("share_of_balance", "balance", _drains_balance),
    ("debits_last_hour", "burst", _burst),
    ("hour_share", "hour", _odd_hour),
]


def reason(row: Row, contributions: dict[str, float] | None = None) -> str:
    """``"₹49,000.00 to RAHUL K, a payee you have never paid, 12x your usual payment"``."""
    ranked = SIGNALS
    if contributions is not None:
        ranked = sorted(SIGNALS, key=lambda signal: -contributions.get(signal[0], 0.0))
    said: dict[str, str] = {}
    for _, topic, signal in ranked:
        if topic not in said and len(said) < MAX_SIGNALS and (text := signal(row)):
            said[topic] = text
    subject = f"{format_inr(row['amount_paise'])} to {row['payee_name'] or 'an unnamed payee'}"
    if row["is_fee"]:
        subject = f"{format_inr(row['amount_paise'])} charged by the bank ({row['payee_name']})"
    return ", ".join([subject, *(said.values() or ["unusual for your history"])])
