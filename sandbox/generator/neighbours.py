"""Each person's own little world: friends and family with VPAs, and the shops next door.

They are drawn at random from common names and the usual VPA shapes (``name12@okaxis``,
``98xxxxxxxx@ybl``, ``paytmqr…@paytm``, ``q…@ybl``).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from sandbox.generator.catalog.banks import (
    COUNTERPARTY_BANK_WEIGHTS,
    COUNTERPARTY_BANKS,
    MERCHANT_HANDLES,
    PERSON_HANDLES,
)
from sandbox.generator.catalog.places import (
    FEMALE_NAMES,
    MALE_NAMES,
    SHOP_KINDS,
    SHOP_WORDS,
    SURNAMES,
)
from sandbox.generator.identity import digits

SCHEMA = {
    "party_name": pl.String,
    "vpa": pl.String,
    "ifsc": pl.String,
    "bank_code": pl.String,
    "party_last4": pl.String,
    "brand": pl.String,
    "is_person": pl.Boolean,
    "party_note": pl.String,
}


def party_frame(rows: dict[str, object]) -> pl.DataFrame:
    """A block of the party table; columns not given are empty."""
    return (
        pl.DataFrame(rows)
        .with_columns(
            [pl.lit(None, dtype).alias(name) for name, dtype in SCHEMA.items() if name not in rows]
        )
        .select([pl.col(name).cast(dtype) for name, dtype in SCHEMA.items()])
    )


def merchant_bank(vpa: str) -> tuple[str, str]:
    """The acquiring bank code and settlement IFSC behind a merchant VPA's handle."""
    return MERCHANT_HANDLES[vpa.rsplit("@", 1)[1]]


def people_like(rng: np.random.Generator, size: int) -> pl.DataFrame:
    """Random people with a VPA in one of the common shapes and an account at some bank."""
    female = rng.random(size) < 0.45
    index = rng.integers(0, 30, size)
    first = np.where(female, np.array(FEMALE_NAMES)[index], np.array(MALE_NAMES)[index])
    surname = np.array(SURNAMES)[rng.integers(0, len(SURNAMES), size)]
    handles = [h[0] for h in PERSON_HANDLES]
    weights = np.array([h[2] for h in PERSON_HANDLES])
    handle_index = rng.choice(len(handles), size, p=weights / weights.sum())
    fixed_bank = np.array([h[1] or "" for h in PERSON_HANDLES])[handle_index]
    codes = np.array([b[0] for b in COUNTERPARTY_BANKS])
    bank_weights = np.array(COUNTERPARTY_BANK_WEIGHTS)
    random_bank = codes[rng.choice(codes.size, size, p=bank_weights / bank_weights.sum())]
    bank_code = np.where(fixed_bank == "", random_bank, fixed_bank)
    frame = pl.DataFrame(
        {
            "first": first,
            "surname": surname,
            "bank_code": bank_code,
            "handle": np.array(handles)[handle_index],
            "style": rng.integers(0, 4, size),
            "n2": digits(rng, size, 2),
            "mobile": digits(rng, size, 9),
            "branch": digits(rng, size, 6),
            "party_last4": digits(rng, size, 4),
        }
    )
    first_l, surname_l = pl.col("first").str.to_lowercase(), pl.col("surname").str.to_lowercase()
    local = (
        pl.when(pl.col("style") == 0)
        .then(pl.concat_str([first_l, surname_l.str.slice(0, 3), pl.col("n2")]))
        .when(pl.col("style") == 1)
        .then(pl.concat_str([pl.lit("9"), pl.col("mobile")]))
        .when(pl.col("style") == 2)
        .then(pl.concat_str([first_l, pl.lit("."), surname_l]))
        .otherwise(pl.concat_str([first_l, pl.col("n2"), pl.col("party_last4")]))
    )
    return frame.select(
        pl.concat_str([pl.col("first"), pl.col("surname")], separator=" ").alias("party_name"),
        pl.concat_str([local, pl.lit("@"), pl.col("handle")]).alias("vpa"),
        pl.concat_str([pl.col("bank_code"), pl.lit("0"), pl.col("branch")]).alias("ifsc"),
        pl.col("bank_code"),
        pl.col("party_last4"),
        pl.lit(None, pl.String).alias("brand"),
        pl.lit(True).alias("is_person"),
        pl.lit(None, pl.String).alias("party_note"),
    )


def shops(rng: np.random.Generator, size: int) -> pl.DataFrame:
    """Neighbourhood shops paid by scanning their QR: Paytm, PhonePe and Axis business VPAs."""
    names = [
        f"{SHOP_WORDS[w]} {SHOP_KINDS[k]}"
        for w, k in zip(
            rng.integers(0, len(SHOP_WORDS), size).tolist(),
            rng.integers(0, len(SHOP_KINDS), size).tolist(),
            strict=True,
        )
    ]
    style = rng.integers(0, 3, size)
    number = rng.integers(10**9, 10**10, size)
    vpas = [
        f"paytmqr{n}@paytm" if s == 0 else f"q{n % 10**9}@ybl" if s == 1 else f"shop{n}@okbizaxis"
        for s, n in zip(style.tolist(), number.tolist(), strict=True)
    ]
    banks = [merchant_bank(v) for v in vpas]
    return party_frame(
        {
            "party_name": names,
            "brand": names,
            "vpa": vpas,
            "bank_code": [b[0] for b in banks],
            "ifsc": [b[1] for b in banks],
            "party_note": ["Pay to merchant"] * size,
            "is_person": [False] * size,
        }
    )
