"""Bank SMS wording per bank and kind, as docs/landing-formats.md lists the templates.

Templates are written as in that table; ``{name}`` fields become polars expressions, so one
template formats every alert of its kind at once.
"""

from __future__ import annotations

import re
from functools import cache

import polars as pl

from sandbox.generator.text import cases, clock_text, day_text, grouped_rupees, rupees

C = pl.col
HDFC = {
    "upi_debit": "Sent Rs.{amt} From HDFC Bank A/C *{last4} To {NAME} On {dd/mm/yy} Ref {rrn} "
    "Not You? Call 18002586161/SMS BLOCK UPI to 7308080808",
    "upi_credit": "Money Received - INR {amt} in HDFC Bank A/c xx{last4} on {dd-mm-yy} "
    "from VPA {vpa} (UPI Ref No {rrn})",
    "neft_credit": "Update! INR {amt grouped} deposited in HDFC Bank A/c XX{last4} on {dd-MON-yy} "
    "for NEFT Cr-{ifsc}-{NAME}-{HOLDER}-{rrn}.Avl bal INR {bal grouped}. "
    "Cheque deposits in A/C are subject to clearing",
    "other": "Rs.{amt} debited from a/c **{last4} on {dd-mm-yy} to {DESC}. Avl bal: Rs.{bal}. "
    "Not you? Call 18002586161 -HDFC Bank",
}
SBI = {
    "upi_debit": "Dear UPI user A/C X{last4} debited by {amt} on date {ddMonyy} trf to {NAME} "
    "Refno {rrn}. If not u? call 1800111109. -SBI",
    "upi_credit": "Dear SBI UPI User, ur A/cX{last4} credited by Rs{amt} on {ddMonyy} "
    "by (Ref no {rrn})",
    "other": "Your A/C XXXXX{last4} {Debited/Credited} INR {amt grouped} on {dd/mm/yy} -{DESC}. "
    "Avl Balance INR {bal grouped}-SBI",
}
ICICI = {
    "upi_debit": "ICICI Bank Acct XX{last3} debited for Rs {amt} on {dd-Mon-yy}; {NAME} credited. "
    "UPI:{rrn}. Call 18002662 for dispute. SMS BLOCK {last3} to 9215676766.",
    "upi_credit": "Dear Customer, Acct XX{last3} is credited with Rs {amt} on {dd-Mon-yy} "
    "from {NAME}. UPI:{rrn}-ICICI Bank.",
    "other": "ICICI Bank Acct XX{last3} {debited/credited} with INR {amt grouped} on {dd-Mon-yy}. "
    "Info: {DESC}. Avl Bal: INR {bal grouped}.",
}
AXIS = {
    "upi_debit": "INR {amt} debited\nA/c no. XX{last4}\n{dd-mm-yy}, {hh:mm:ss}\n"
    "UPI/{P2A/P2M}/{rrn}/{NAME}\nNot you? SMS BLOCKUPI Cust ID to 919951860002\nAxis Bank",
    "upi_credit": "INR {amt} credited\nA/c no. XX{last4}\n{dd-mm-yy}, {hh:mm:ss} IST\n"
    "UPI/P2A/{rrn}/{NAME}\n- Axis Bank",
    "other": "INR {amt} {debited/credited}\nA/c no. XX{last4}\n{dd-mm-yy}, {hh:mm:ss}\n{DESC}\n"
    "Avl Bal INR {bal}\n- Axis Bank",
}
FIELD = re.compile(r"\{([^{}]+)\}")


def _either(when_credit: str, when_debit: str) -> pl.Expr:
    return pl.when(C("is_credit")).then(pl.lit(when_credit)).otherwise(pl.lit(when_debit))


@cache
def _fields() -> dict[str, pl.Expr]:
    name, reference = C("party_name"), C("reference")
    description = cases(
        C("channel"),
        [
            ("atm", pl.concat_str([pl.lit("ATM WDL "), C("atm_id")])),
            ("nach", pl.concat_str([pl.lit("NACH DR "), name])),
            ("neft", pl.concat_str([pl.lit("NEFT "), name])),
            ("imps", pl.concat_str([pl.lit("IMPS "), reference, pl.lit(" "), name])),
            ("upi", pl.concat_str([pl.lit("UPI "), name])),
        ],
        pl.concat_str([pl.lit("POS "), name]),
    )
    return {
        "amt": rupees(C("amount_paise")),
        "amt grouped": grouped_rupees(C("amount_paise")),
        "bal": rupees(C("balance_paise")),
        "bal grouped": grouped_rupees(C("balance_paise")),
        "last4": C("last4"),
        "last3": C("last4").str.slice(1),
        "NAME": name,
        "rrn": reference,
        "vpa": C("vpa"),
        "ifsc": C("party_ifsc"),
        "HOLDER": C("holder"),
        "DESC": description,
        "dd/mm/yy": day_text(C("day"), "%d/%m/%y"),
        "dd-mm-yy": day_text(C("day"), "%d-%m-%y"),
        "dd-MON-yy": day_text(C("day"), "%d-%b-%y", upper=True),
        "dd-Mon-yy": day_text(C("day"), "%d-%b-%y"),
        "ddMonyy": day_text(C("day"), "%d%b%y"),
        "hh:mm:ss": clock_text(C("at"), "%H:%M:%S"),
        "Debited/Credited": _either("Credited", "Debited"),
        "debited/credited": _either("credited", "debited"),
        "P2A/P2M": pl.when(C("is_person")).then(pl.lit("P2A")).otherwise(pl.lit("P2M")),
    }


def fill(template: str) -> pl.Expr:
    """The template with each ``{field}`` replaced by its column expression."""
    parts = FIELD.split(template)  # literal, field, literal, field, …
    fields = _fields()
    return pl.concat_str(
        [
            fields[part] if index % 2 else pl.lit(part)
            for index, part in enumerate(parts)
            if part or index % 2
        ]
    )


def _by_kind(templates: dict[str, str]) -> pl.Expr:
    # A plain alert is a UPI payment in the generic wording: "UPI {NAME}", no RRN.
    upi = (C("channel") == "upi") & ~C("plain_alert")
    other = fill(templates["other"])
    if "neft_credit" in templates:
        other = (
            pl.when(C("channel") == "neft").then(fill(templates["neft_credit"])).otherwise(other)
        )
    return (
        pl.when(upi & ~C("is_credit"))
        .then(fill(templates["upi_debit"]))
        .when(upi)
        .then(fill(templates["upi_credit"]))
        .otherwise(other)
    )


TEMPLATES = {"hdfc": HDFC, "sbi": SBI, "icici": ICICI, "axis": AXIS}


def alert_body(bank: str) -> pl.Expr:
    """The body of each alert of ``bank``: UPI debit, UPI credit or its other template (also
    used for UPI alerts flagged ``plain_alert``)."""
    return _by_kind(TEMPLATES[bank])
