"""Each bank's narration grammar (docs/landing-formats.md), as polars expressions.

The same narration is printed on the statement line and in the AA bundle, as banks do.
"""

from __future__ import annotations

import polars as pl

from sandbox.generator.parties import bank_name
from sandbox.generator.text import cases

C = pl.col


def _join(*parts: str | pl.Expr) -> pl.Expr:
    return pl.concat_str([pl.lit(p) if isinstance(p, str) else p for p in parts])


def _by_channel(rules: dict[str, pl.Expr]) -> pl.Expr:
    return cases(C("channel"), rules.items(), C("note"))


def _card() -> pl.Expr:
    return _join(C("card6"), "XXXXXX", C("card4"))


def hdfc() -> pl.Expr:
    return _by_channel(
        {
            "upi": _join(
                "UPI-",
                C("party_name"),
                "-",
                C("vpa"),
                "-",
                C("party_ifsc"),
                "-",
                C("reference"),
                "-",
                C("note"),
            ),
            "neft": _join(
                "NEFT CR-",
                C("party_ifsc"),
                "-",
                C("party_name"),
                "-",
                C("holder"),
                "-",
                C("reference"),
            ),
            "imps": _join(
                "IMPS-",
                C("reference"),
                "-",
                C("party_name"),
                "-",
                C("party_bank_code"),
                "-XXXXXXXX",
                C("party_last4"),
                "-",
                C("note"),
            ),
            "nach": _join("ACH D- ", C("party_name"), "-", C("reference")),
            "atm": _join("ATW-", _card(), "-", C("atm_id"), "-", C("city")),
            "card": _join("POS ", _card(), " ", C("party_name")),
            "interest": pl.lit("CREDIT INTEREST CAPITALISED"),
        }
    )


def sbi() -> pl.Expr:
    upi = _join(
        "UPI/",
        pl.when(C("is_credit")).then(pl.lit("CR")).otherwise(pl.lit("DR")),
        "/",
        C("reference"),
        "/",
        C("party_name"),
        "/",
        C("party_bank_code"),
        "/",
        C("vpa"),
        "/",
        C("note"),
        "--",
    )
    side = pl.when(C("is_credit")).then(pl.lit("BY TRANSFER-")).otherwise(pl.lit("TO TRANSFER-"))
    return _by_channel(
        {
            "upi": _join(side, upi),
            "neft": _join(
                "BY TRANSFER-NEFT*",
                C("party_ifsc"),
                "*",
                C("reference"),
                "*",
                C("party_name"),
                "--",
            ),
            "atm": _join("ATM WDL-ATM CASH ", C("atm_id"), " ", C("city")),
            "nach": _join("DEBIT-ACHDr ", C("reference"), " ", C("party_name")),
            "interest": pl.lit("CREDIT INTEREST--"),
        }
    )


def icici() -> pl.Expr:
    return _by_channel(
        {
            "upi": _join(
                "UPI/",
                C("reference"),
                "/",
                C("note"),
                "/",
                C("vpa"),
                "/",
                bank_name(C("party_bank_code")),
            ),
            "imps": _join(
                "MMT/IMPS/",
                C("reference"),
                "/",
                C("party_name"),
                "/",
                bank_name(C("party_bank_code")),
            ),
            "neft": _join("NEFT-", C("reference"), "-", C("party_name")),
            "nach": _join("ACH/", C("party_name"), "/", C("reference")),
            "atm": _join("NFS/CASH WDL/", C("reference"), "/", C("city")),
            "interest": _join(C("account_number"), ":Int.Pd:", C("note")),
        }
    )


def axis() -> pl.Expr:
    kind = pl.when(C("is_person")).then(pl.lit("P2A")).otherwise(pl.lit("P2M"))
    return _by_channel(
        {
            "upi": _join(
                "UPI/",
                kind,
                "/",
                C("reference"),
                "/",
                C("party_name"),
                "/",
                C("note"),
                "/",
                bank_name(C("party_bank_code")),
            ),
            "neft": _join(
                "NEFT/", C("reference"), "/", C("party_name"), "/", bank_name(C("party_bank_code"))
            ),
            "nach": _join("ECS/ACH DR/", C("party_name"), "/", C("reference")),
            "atm": _join("ATM-CASH/", C("atm_id"), "/", C("city")),
            "card": _join("POS/", C("party_name"), "/", C("city")),
            "interest": _join(C("account_number"), ":Int.Pd:", C("note")),
        }
    )


NARRATIONS = {"hdfc": hdfc, "sbi": sbi, "icici": icici, "axis": axis}


def with_narrations(frame: pl.DataFrame) -> pl.DataFrame:
    """Adds ``narration``, each bank's rows in its own grammar (rows keep their order)."""
    parts = [
        frame.filter(C("bank") == bank).with_columns(grammar().alias("narration"))
        for bank, grammar in NARRATIONS.items()
    ]
    return pl.concat(parts).sort("row")
