"""True events as columns of numpy arrays: one row per money movement on one account.

Generators of each kind of event return an ``Events`` batch for all people at once; batches
are concatenated, then ordered and given balances and references by ``ledger``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from sandbox.generator.common import SECONDS_PER_DAY, BoolArray, IntArray

CHANNELS = ("upi", "neft", "imps", "nach", "atm", "card", "interest", "fee")
CHANNEL = {name: code for code, name in enumerate(CHANNELS)}
CATEGORIES = (
    "salary",
    "rent",
    "loan_emi",
    "investment",
    "insurance",
    "utilities",
    "telecom",
    "subscriptions",
    "credit_card_payment",
    "family_transfer",
    "self_transfer",
    "food_delivery",
    "groceries",
    "transport",
    "fuel",
    "travel",
    "shopping",
    "entertainment",
    "health",
    "festive_gifts",
    "p2p_transfer",
    "cash_withdrawal",
    "refund",
    "interest",
    "bank_charges",
)
CATEGORY = {name: code for code, name in enumerate(CATEGORIES)}
ANOMALIES = ("", "duplicate_charge", "large_payment_new_payee", "fee_spike")
# Kinds of planted recurring series. An event's ``series`` is ``kind * SERIES_STRIDE + key``
# (key: the person, or the account for per-account series); -1 for a one-off event.
SERIES_KINDS = (
    "salary",
    "own_transfer_out",
    "own_transfer_in",
    "rent",
    "loan_emi",
    "sip",
    "sip_second",
    "insurance",
    "electricity",
    "credit_card_bill",
    "family_support",
    "mobile_recharge",
    "broadband",
    "netflix",
    "hotstar",
    "spotify",
    "prime",
    "interest",
    "sms_charges",
    "sms_charges_gst",
    "card_annual_fee",
    "card_annual_fee_gst",
)
SERIES_STRIDE = 10_000_000
NO_NOTE = -1  # the party's usual note (a merchant's order note) is printed instead


@dataclass(frozen=True)
class Events:
    person: IntArray
    account: IntArray
    at: IntArray  # IST seconds since 1970-01-01
    amount_paise: IntArray
    is_credit: BoolArray
    channel: IntArray
    category: IntArray
    party: IntArray
    note: IntArray
    pair: IntArray  # legs of one transfer share a pair id (and a reference); -1 otherwise
    anomaly: IntArray
    series: IntArray  # planted recurring series (see SERIES_KINDS); -1 otherwise

    @property
    def size(self) -> int:
        return int(self.at.size)

    @property
    def day(self) -> IntArray:
        return self.at // SECONDS_PER_DAY

    def take(self, index: IntArray | BoolArray) -> Events:
        return Events(**{f.name: getattr(self, f.name)[index] for f in fields(self)})

    def in_series(self, kind: str, key: IntArray) -> Events:
        """These events as one recurring series per ``key`` (a person or an account index)."""
        code = SERIES_KINDS.index(kind) * SERIES_STRIDE + key.astype(np.int64)
        return self.replace(series=np.broadcast_to(code, self.size).copy())

    def one_off(self) -> Events:
        return self.replace(series=np.full(self.size, -1, dtype=np.int64))

    def replace(self, **columns: IntArray | BoolArray) -> Events:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        return Events(**{**values, **columns})

    @staticmethod
    def empty() -> Events:
        return make_events(
            person=np.zeros(0, dtype=np.int64),
            account=np.zeros(0, dtype=np.int64),
            at=np.zeros(0, dtype=np.int64),
            amount_paise=np.zeros(0, dtype=np.int64),
            credit=False,
            channel="upi",
            category="refund",
            party=np.zeros(0, dtype=np.int64),
        )

    @staticmethod
    def concat(batches: list[Events]) -> Events:
        return Events(
            **{
                f.name: np.concatenate([getattr(batch, f.name) for batch in batches])
                for f in fields(Events)
            }
        )


def make_events(
    *,
    person: IntArray,
    account: IntArray,
    at: IntArray,
    amount_paise: IntArray,
    credit: bool | BoolArray,
    channel: str | IntArray,
    category: str,
    party: IntArray,
    note: int | IntArray = NO_NOTE,
) -> Events:
    size = person.size
    channel_codes = np.full(size, CHANNEL[channel]) if isinstance(channel, str) else channel
    return Events(
        person=person.astype(np.int64),
        account=account.astype(np.int64),
        at=at.astype(np.int64),
        amount_paise=np.maximum(amount_paise.astype(np.int64), 100),
        is_credit=np.broadcast_to(np.asarray(credit, dtype=bool), size).copy(),
        channel=channel_codes.astype(np.int64),
        category=np.full(size, CATEGORY[category], dtype=np.int64),
        party=party.astype(np.int64),
        note=np.broadcast_to(np.asarray(note, dtype=np.int64), size).copy(),
        pair=np.full(size, -1, dtype=np.int64),
        anomaly=np.zeros(size, dtype=np.int64),
        series=np.full(size, -1, dtype=np.int64),
    )


class Notes:
    """The free-text notes and fee labels events print; events refer to them by index."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self._index: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        if text not in self._index:
            self._index[text] = len(self.texts)
            self.texts.append(text)
        return self._index[text]

    def many(self, texts: list[str]) -> IntArray:
        return np.array([self(text) for text in texts], dtype=np.int64)


def times_of_day(
    rng: np.random.Generator, days: IntArray, windows: tuple[tuple[float, float, float], ...]
) -> IntArray:
    """Seconds on each day, drawn from ``(start_hour, end_hour, weight)`` windows."""
    weights = np.array([w[2] for w in windows])
    pick = rng.choice(len(windows), days.size, p=weights / weights.sum())
    start = np.array([w[0] for w in windows])[pick] * 3600
    end = np.array([w[1] for w in windows])[pick] * 3600
    seconds = rng.uniform(start, end).astype(np.int64)
    return days * SECONDS_PER_DAY + np.minimum(seconds, SECONDS_PER_DAY - 1)


def round_to(paise: IntArray | np.ndarray, rupees: int) -> IntArray:
    """Round an amount to a multiple of ``rupees`` (at least one multiple)."""
    step = rupees * 100
    return np.maximum(np.rint(np.asarray(paise) / step), 1).astype(np.int64) * step
