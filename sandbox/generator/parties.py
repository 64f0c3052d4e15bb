"""Everyone on the other side of a payment: merchants, billers, employers, banks and people.

Parties live in one table so events carry a single integer; blocks of it belong to each
person (contacts, landlord, local shops, a stranger) or to each account (the owner's own VPA).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from sandbox.generator.catalog.banks import BANK_NAMES, BANKS
from sandbox.generator.catalog.merchants import BILLERS, ELECTRICITY_VPAS, EMPLOYERS, MERCHANTS
from sandbox.generator.common import IntArray
from sandbox.generator.neighbours import merchant_bank, party_frame, people_like, shops

CONTACTS_PER_PERSON = 8
SHOPS_PER_PERSON = 3


@dataclass(frozen=True)
class Parties:
    frame: pl.DataFrame
    merchant: dict[str, int]
    biller: dict[str, int]
    electricity: dict[str, int]
    employer_base: int
    bank_base: int
    contact_base: int
    landlord_base: int
    shop_base: int
    stranger_base: int
    self_base: int

    def contact(self, person: IntArray, slot: IntArray) -> IntArray:
        return self.contact_base + person * CONTACTS_PER_PERSON + slot

    def shop(self, person: IntArray, slot: IntArray) -> IntArray:
        return self.shop_base + person * SHOPS_PER_PERSON + slot


def build_parties(rng: np.random.Generator, users: int, accounts: pl.DataFrame) -> Parties:
    blocks = [
        _merchants(),
        _electricity(),
        _billers(),
        _employers(),
        _banks(),
        people_like(rng, users * CONTACTS_PER_PERSON),
        people_like(rng, users),
        shops(rng, users * SHOPS_PER_PERSON),
        people_like(rng, users),
        _own_accounts(accounts),
    ]
    starts = np.concatenate([[0], np.cumsum([block.height for block in blocks])]).tolist()
    frame = pl.concat(blocks).with_row_index("party").with_columns(pl.col("party").cast(pl.Int64))
    return Parties(
        frame=frame,
        merchant={m[0]: starts[0] + i for i, m in enumerate(MERCHANTS)},
        electricity={name: starts[1] + i for i, name in enumerate(ELECTRICITY_VPAS)},
        biller={b[0]: starts[2] + i for i, b in enumerate(BILLERS)},
        employer_base=starts[3],
        bank_base=starts[4],
        contact_base=starts[5],
        landlord_base=starts[6],
        shop_base=starts[7],
        stranger_base=starts[8],
        self_base=starts[9],
    )


def _merchants() -> pl.DataFrame:
    return party_frame(
        {
            "party_name": [m[1] for m in MERCHANTS],
            "brand": [m[2] for m in MERCHANTS],
            "vpa": [m[3] for m in MERCHANTS],
            "party_note": [m[4] for m in MERCHANTS],
            "bank_code": [merchant_bank(m[3])[0] for m in MERCHANTS],
            "ifsc": [merchant_bank(m[3])[1] for m in MERCHANTS],
            "is_person": [False] * len(MERCHANTS),
        }
    )


def _electricity() -> pl.DataFrame:
    vpas = list(ELECTRICITY_VPAS.values())
    return party_frame(
        {
            "party_name": list(ELECTRICITY_VPAS),
            "brand": list(ELECTRICITY_VPAS),
            "vpa": vpas,
            "bank_code": [merchant_bank(v)[0] for v in vpas],
            "ifsc": [merchant_bank(v)[1] for v in vpas],
            "party_note": ["Electricity Bill"] * len(vpas),
            "is_person": [False] * len(vpas),
        }
    )


def _billers() -> pl.DataFrame:
    return party_frame(
        {
            "party_name": [b[1] for b in BILLERS],
            "brand": [b[2] for b in BILLERS],
            "is_person": [False] * len(BILLERS),
        }
    )


def _employers() -> pl.DataFrame:
    return party_frame(
        {
            "party_name": [e[0] for e in EMPLOYERS],
            "ifsc": [e[1] for e in EMPLOYERS],
            "bank_code": [e[1][:4] for e in EMPLOYERS],
            "is_person": [False] * len(EMPLOYERS),
        }
    )


def _banks() -> pl.DataFrame:
    return party_frame(
        {
            "party_name": [b.display.upper() for b in BANKS],
            "brand": [b.display for b in BANKS],
            "ifsc": [None] * len(BANKS),
            "is_person": [False] * len(BANKS),
        }
    )


def _own_accounts(accounts: pl.DataFrame) -> pl.DataFrame:
    """The holder's own account as a counterparty, for transfers between their accounts."""
    return accounts.select(
        pl.col("holder").alias("party_name"),
        pl.col("self_vpa").alias("vpa"),
        pl.col("ifsc"),
        pl.col("ifsc").str.slice(0, 4).alias("bank_code"),
        pl.col("last4").alias("party_last4"),
        pl.lit(None, pl.String).alias("brand"),
        pl.lit(True).alias("is_person"),
        pl.lit("Self transfer").alias("party_note"),
    )


def bank_name(code: pl.Expr) -> pl.Expr:
    return code.replace_strict(BANK_NAMES, default=code)
