"""SMS a bank sends that are not transactions: OTPs, offers, balance updates, declines.

Ingestion must recognise and set these aside; several quote amounts on purpose.
"""

from __future__ import annotations

import polars as pl

from sandbox.generator.text import cases, clock_text, day_text, grouped_rupees, rupees

C = pl.col
NOISE_KINDS = (("otp", 0.35), ("promotion", 0.30), ("balance_only", 0.20), ("declined", 0.15))
PROMOTIONS = (
    (
        "Pre-approved Personal Loan of Rs.5,00,000 for you at 10.75% p.a. Instant disbursal. "
        "Apply now in the app. T&C apply -{bank}"
    ),
    (
        "Dear Customer, your {bank} Credit Card limit can be increased to Rs.2,50,000. "
        "Reply YES to 5676766. T&C apply."
    ),
    "Get 10% cashback up to Rs.1,500 on festive shopping with your {bank} Debit Card. T&C apply.",
    "Your money can earn up to 7.25% p.a. in a {bank} Fixed Deposit. Open one online in 2 minutes.",
)


def _t(*parts: str | pl.Expr) -> pl.Expr:
    return pl.concat_str([pl.lit(p) if isinstance(p, str) else p for p in parts])


def _promotion() -> pl.Expr:
    rules = [(index, _promo_text(text)) for index, text in enumerate(PROMOTIONS)]
    return cases(C("variant"), rules, pl.lit(""))


def _promo_text(template: str) -> pl.Expr:
    before, after = template.split("{bank}")
    return _t(before, C("bank_display"), after)


def noise_body() -> pl.Expr:
    kind = C("kind")
    valid_till = clock_text(C("received") + 600, "%H:%M")
    return (
        pl.when(kind == "otp")
        .then(
            _t(
                C("otp"),
                " is OTP for txn of INR ",
                rupees(C("amount_paise")),
                " at ",
                C("merchant"),
                " on ",
                C("bank_display"),
                " card ending ",
                C("last4"),
                ". Valid till ",
                valid_till,
                ". Do not share OTP for security reasons.",
            )
        )
        .when(kind == "balance_only")
        .then(
            _t(
                "Avl Bal in A/c XX",
                C("last4"),
                " as on ",
                day_text(C("day"), "%d-%b-%y", upper=True),
                " is INR ",
                grouped_rupees(C("balance_paise")),
            )
        )
        .when(kind == "declined")
        .then(
            _t(
                "Txn of Rs.",
                rupees(C("amount_paise")),
                " on ",
                C("bank_display"),
                " card xx",
                C("last4"),
                " at ",
                C("merchant"),
                " is declined due to insufficient balance.",
            )
        )
        .otherwise(_promotion())
    )


def noise_header() -> pl.Expr:
    return (
        pl.when(C("bank") == "hdfc")
        .then(pl.lit("HDFCBK"))
        .when(C("bank") == "sbi")
        .then(pl.lit("SBIINB"))
        .when(C("bank") == "icici")
        .then(pl.lit("ICICIB"))
        .otherwise(pl.lit("AXISBK"))
    )
