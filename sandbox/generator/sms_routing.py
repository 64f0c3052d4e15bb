"""Which events a bank alerts by SMS, and from which sender header.

Interest and charges send none; HDFC sends none for non-UPI credits other than NEFT (the
templates in docs/landing-formats.md have no wording for them).
"""

from __future__ import annotations

import polars as pl

C = pl.col

# Which (bank, channel, direction) an alert exists for: interest, charges and HDFC's non-UPI
# credits other than NEFT send none.
TEMPLATED: dict[str, tuple[set[str], set[str]]] = {  # bank: (debit channels, credit channels)
    "hdfc": ({"upi", "atm", "nach", "card", "imps"}, {"upi", "neft"}),
    "sbi": ({"upi", "atm", "nach"}, {"upi", "neft"}),
    "icici": ({"upi", "imps", "nach", "atm"}, {"upi", "imps", "neft"}),
    "axis": ({"upi", "nach", "atm", "card"}, {"upi", "neft"}),
}


def has_template() -> pl.Expr:
    rules = [
        (C("bank") == bank)
        & pl.when(C("is_credit"))
        .then(C("channel").is_in(list(credits)))
        .otherwise(C("channel").is_in(list(debits)))
        for bank, (debits, credits) in TEMPLATED.items()
    ]
    return pl.any_horizontal(rules)


def sender_header() -> pl.Expr:
    sbi_header = (
        pl.when(C("channel") == "upi")
        .then(pl.lit("SBIUPI"))
        .when(C("channel") == "atm")
        .then(pl.lit("ATMSBI"))
        .otherwise(pl.lit("SBIINB"))
    )
    return (
        pl.when(C("bank") == "hdfc")
        .then(pl.lit("HDFCBK"))
        .when(C("bank") == "sbi")
        .then(sbi_header)
        .when(C("bank") == "icici")
        .then(pl.lit("ICICIT"))
        .otherwise(pl.lit("AXISBK"))
    )
