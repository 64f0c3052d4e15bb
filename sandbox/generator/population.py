"""People and their bank accounts: who lives where, earns what, and banks with whom.

Each person holds one to three savings accounts at different banks; the first is the salary
account. Accounts of a person are contiguous, which lets events pick an account by offset.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sandbox.generator.catalog.banks import BANKS
from sandbox.generator.catalog.places import AGE_BANDS, CITIES, INCOME_BANDS
from sandbox.generator.common import BoolArray, FloatArray, IntArray

BANK_SHARE = np.array([0.27, 0.35, 0.22, 0.16])  # hdfc, sbi, icici, axis
ACCOUNTS_PER_PERSON = np.array([0.40, 0.40, 0.20])
# Cumulative odds of the 1st/2nd account being used, by how many accounts a person has.
_ACCOUNT_THRESHOLDS = np.array([[1.0, 1.0], [0.72, 1.0], [0.62, 0.88]])


@dataclass(frozen=True)
class Population:
    city: IntArray
    age_band: IntArray
    income_band: IntArray
    salary_paise: IntArray
    income_factor: FloatArray
    activity: FloatArray
    is_female: BoolArray
    first_name: IntArray
    surname: IntArray
    has_sms: BoolArray
    first_account: IntArray
    account_count: IntArray
    account_person: IntArray
    account_bank: IntArray
    account_has_aa: BoolArray
    account_base_paise: IntArray

    @property
    def size(self) -> int:
        return int(self.city.size)

    @property
    def tier(self) -> IntArray:
        return np.array([c.tier for c in CITIES], dtype=np.int64)[self.city]

    def pick_accounts(self, rng: np.random.Generator, person: IntArray) -> IntArray:
        """An account of each person, the salary account most often."""
        thresholds = _ACCOUNT_THRESHOLDS[self.account_count[person] - 1]
        roll = rng.random(person.size)
        offset = (roll > thresholds[:, 0]).astype(np.int64) + (roll > thresholds[:, 1])
        return self.first_account[person] + offset

    def second_accounts(self) -> tuple[IntArray, IntArray]:
        """``(from, to)``: the salary account and each other account of the same person."""
        accounts = np.arange(self.account_person.size, dtype=np.int64)
        salary_account = self.first_account[self.account_person]
        others = accounts[accounts != salary_account]
        return salary_account[others], others


def _choice(rng: np.random.Generator, weights: FloatArray, size: int) -> IntArray:
    return rng.choice(weights.size, size=size, p=weights / weights.sum()).astype(np.int64)


def build_population(rng: np.random.Generator, users: int) -> Population:
    city = _choice(rng, np.array([c.weight for c in CITIES]), users)
    age_band = _choice(rng, np.array([a[3] for a in AGE_BANDS]), users)
    income_band = _income_bands(rng, age_band)
    low = np.array([b[1] for b in INCOME_BANDS])[income_band]
    high = np.array([b[2] for b in INCOME_BANDS])[income_band]
    salary_rupees = np.exp(rng.uniform(np.log(low), np.log(high))).astype(np.int64)
    account_count = _choice(rng, ACCOUNTS_PER_PERSON, users) + 1
    banks = _banks_per_person(rng, users)
    mask = np.arange(3)[None, :] < account_count[:, None]
    account_person = np.repeat(np.arange(users, dtype=np.int64), account_count)
    salary_paise = salary_rupees * 100
    base = salary_paise[account_person] * rng.lognormal(0.0, 0.6, account_person.size) * 0.8
    return Population(
        city=city,
        age_band=age_band,
        income_band=income_band,
        salary_paise=salary_paise,
        income_factor=np.array([b[4] for b in INCOME_BANDS])[income_band],
        activity=rng.gamma(4.0, 0.25, users),
        is_female=rng.random(users) < 0.45,
        first_name=rng.integers(0, 30, users),
        surname=rng.integers(0, 40, users),
        has_sms=rng.random(users) < 0.85,
        first_account=np.concatenate([[0], np.cumsum(account_count)[:-1]]).astype(np.int64),
        account_count=account_count,
        account_person=account_person,
        account_bank=banks[mask],
        account_has_aa=rng.random(account_person.size) < 0.60,
        account_base_paise=(base // 100 * 100).astype(np.int64),
    )


def _income_bands(rng: np.random.Generator, age_band: IntArray) -> IntArray:
    """Income rises with age: the young start a band lower, the middle-aged often a band up."""
    band = _choice(rng, np.array([b[3] for b in INCOME_BANDS]), age_band.size)
    shifted: IntArray = band + np.array([-1, 0, 0, 1, 0])[age_band] * (rng.random(band.size) < 0.6)
    return np.clip(shifted, 0, len(INCOME_BANDS) - 1)


def _banks_per_person(rng: np.random.Generator, users: int) -> IntArray:
    """Three distinct banks per person in order of preference (weighted, without replacement)."""
    keys = np.log(BANK_SHARE)[None, :] + rng.gumbel(size=(users, len(BANKS)))
    return np.argsort(-keys, axis=1, kind="stable")[:, :3].astype(np.int64)
