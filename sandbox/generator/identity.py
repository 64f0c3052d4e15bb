"""The printable identity of people and accounts: refs, names, account numbers, IFSCs, cards.

Everything here is synthetic: names are common names combined at random, numbers are random
digits in each bank's shape. The ground truth keeps only pseudonymous refs and demographics.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from sandbox.generator.catalog.banks import ACCOUNT_NUMBER_SHAPES, BANKS
from sandbox.generator.catalog.places import (
    AGE_BANDS,
    CITIES,
    FEMALE_NAMES,
    INCOME_BANDS,
    MALE_NAMES,
    SURNAMES,
)
from sandbox.generator.common import IntArray, Period, day_number
from sandbox.generator.population import Population


def digits(rng: np.random.Generator, size: int, count: int) -> pl.Series:
    """``size`` random strings of ``count`` decimal digits (leading zeros kept)."""
    return (
        pl.Series(rng.integers(0, 10**count, size, dtype=np.int64)).cast(pl.String).str.zfill(count)
    )


def person_refs(size: int) -> pl.Series:
    return pl.Series("person_ref", [f"P{index + 1:06d}" for index in range(size)])


def first_names(population: Population) -> pl.Series:
    male = np.array(MALE_NAMES)[population.first_name]
    female = np.array(FEMALE_NAMES)[population.first_name]
    return pl.Series(np.where(population.is_female, female, male))


def people_frame(population: Population) -> pl.DataFrame:
    """The ground-truth view of people: pseudonymous ref and demographics, no personal data."""
    city = population.city
    return pl.DataFrame(
        {
            "person_ref": person_refs(population.size),
            "city": [CITIES[c].name for c in city],
            "state": [CITIES[c].state for c in city],
            "city_tier": population.tier,
            "age_band": [AGE_BANDS[a][0] for a in population.age_band],
            "income_band": [INCOME_BANDS[b][0] for b in population.income_band],
            "has_sms_export": population.has_sms,
        }
    )


def accounts_frame(
    rng: np.random.Generator, population: Population, period: Period
) -> pl.DataFrame:
    """One row per account with everything a statement, SMS or AA bundle prints about it."""
    person = population.account_person
    size = person.size
    bank = population.account_bank
    first = first_names(population).gather(person)
    surname = pl.Series(SURNAMES).gather(population.surname[person])
    frame = pl.DataFrame(
        {
            "account": np.arange(size, dtype=np.int64),
            "person": person,
            "person_ref": person_refs(population.size).gather(person),
            "bank": [BANKS[b].key for b in bank],
            "bank_index": bank,
            "is_primary": population.first_account[person] == np.arange(size),
            "has_aa": population.account_has_aa,
            "first_name": first,
            "surname": surname,
            "title": np.where(population.is_female[person], "MS", "MR"),
            "city": [CITIES[c].name.upper() for c in population.city[person]],
            "city_code": [CITIES[c].code for c in population.city[person]],
            "branch": [
                CITIES[c].branches[k]
                for c, k in zip(population.city[person], rng.integers(0, 3, size), strict=True)
            ],
            "branch_code": digits(rng, size, 6),
            "random_number": digits(rng, size, 12),
            "card4": digits(rng, size, 4),
            "card6": [
                BANKS[b].card_bins[k] for b, k in zip(bank, rng.integers(0, 2, size), strict=True)
            ],
            "customer_id": digits(rng, size, 9),
            "micr": digits(rng, size, 9),
            "handle_suffix": digits(rng, size, 2),
            "opening_day": period.start_day - rng.integers(200, 4500, size),
            "birth_day": _birth_days(rng, population, period)[person],
            "mobile_tail": digits(rng, size, 3),
            "pan_letters": _pan_letters(rng, size),
        }
    )
    return frame.with_columns(_derived_columns())


def _derived_columns() -> list[pl.Expr]:
    lead = pl.col("bank").replace_strict({k: v[0] for k, v in ACCOUNT_NUMBER_SHAPES.items()})
    width = pl.col("bank").replace_strict({k: v[1] for k, v in ACCOUNT_NUMBER_SHAPES.items()})
    number = pl.concat_str([lead, pl.col("random_number").str.slice(12 - width)])
    prefix = pl.col("bank").replace_strict({b.key: b.ifsc_prefix for b in BANKS})
    handle = pl.col("bank").replace_strict({b.key: b.upi_handle for b in BANKS})
    holder = pl.concat_str([pl.col("first_name"), pl.col("surname")], separator=" ")
    return [
        number.alias("account_number"),
        number.str.slice(-4).alias("last4"),
        pl.concat_str([prefix, pl.lit("0"), pl.col("branch_code")]).alias("ifsc"),
        holder.alias("holder"),
        pl.concat_str(
            [
                pl.col("first_name").str.to_lowercase(),
                pl.col("surname").str.to_lowercase(),
                pl.col("handle_suffix"),
                pl.lit("@"),
                handle,
            ]
        ).alias("self_vpa"),
        pl.col("branch_code").str.slice(2).alias("sol"),
    ]


def _birth_days(rng: np.random.Generator, population: Population, period: Period) -> IntArray:
    low = np.array([a[1] for a in AGE_BANDS])[population.age_band]
    high = np.array([a[2] for a in AGE_BANDS])[population.age_band]
    age_days = (rng.uniform(low, high + 1) * 365.25).astype(np.int64)
    return day_number(period.start) - age_days


def _pan_letters(rng: np.random.Generator, size: int) -> pl.Series:
    letters = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    picks = letters[rng.integers(0, 26, (size, 4))]
    return pl.Series(["".join(row) for row in picks.tolist()])
