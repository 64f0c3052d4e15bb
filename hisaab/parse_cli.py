"""``hisaab parse``: what Hisaab reads in one SMS, narration or UPI link (for bug reports too).

The answers come from the same parsers ingestion runs over whole files, so a message pasted here
parses exactly as it would in an SMS export. Keys are stable (scripts and issue templates rely on
them); a value Hisaab cannot read is ``null``, never a guess. A UPI link is checked by the same
strict reader that guards the links Hisaab builds (`payments.upi.links`), so it either comes back
whole under NPCI's parameter names or is refused with the reason.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, date, datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer

IST = ZoneInfo("Asia/Kolkata")

parse_app = typer.Typer(
    help="Show what Hisaab reads in one bank SMS, statement narration or UPI link.",
    no_args_is_help=True,
)

SMS_KEYS = (
    "is_transaction",
    "reason",
    "bank",
    "direction",
    "amount_paise",
    "account_hint",
    "counterparty",
    "vpa",
    "channel",
    "reference",
    "occurred_on",
    "balance_paise",
)
NARRATION_KEYS = ("channel", "counterparty", "vpa", "ifsc", "reference", "psp", "is_p2m")

TextArgument = Annotated[
    str, typer.Argument(help="The text, quoted; '-' reads it from standard input.")
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]


@parse_app.command("sms")
def parse_sms_command(
    text: TextArgument,
    json_output: JsonFlag = False,
    sender: Annotated[
        str | None,
        typer.Option(help="Sender id as the phone shows it (VM-HDFCBK); tells the bank apart."),
    ] = None,
    received_at: Annotated[
        str | None,
        typer.Option(
            "--received-at",
            help="When the phone received it (ISO 8601; no offset means IST). Dates the"
            " transaction when the body prints none.",
        ),
    ] = None,
) -> None:
    """Parse one bank SMS: is it a transaction, and its amount, account, party and reference."""
    from ingestion.sms import parse_sms

    body = _read_text(text)
    parsed = parse_sms(sender, body, _received_at(received_at))
    answer = {
        "is_transaction": parsed.is_transaction,
        "reason": parsed.reason,
        "bank": parsed.bank,
        "direction": parsed.direction,
        "amount_paise": parsed.amount_paise,
        "account_hint": parsed.account_mask,
        "counterparty": parsed.counterparty,
        "vpa": parsed.vpa,
        "channel": parsed.channel,
        "reference": parsed.reference,
        "occurred_on": _iso(parsed.txn_date),
        "balance_paise": parsed.balance_paise,
    }
    _print(answer, SMS_KEYS, json_output)


@parse_app.command("narration")
def parse_narration_command(text: TextArgument, json_output: JsonFlag = False) -> None:
    """Parse one statement narration: rail, counterparty, VPA, IFSC, reference, PSP, P2M."""
    from ingestion.narration import parse_narration

    parsed = parse_narration(_read_text(text))
    answer = {key: getattr(parsed, key) for key in (*NARRATION_KEYS, "is_reversal")}
    _print(answer, NARRATION_KEYS, json_output)


@parse_app.command("upi-link")
def parse_upi_link_command(
    link: Annotated[
        str, typer.Argument(help="A upi://pay or upi://mandate link, quoted; '-' reads stdin.")
    ],
    json_output: JsonFlag = False,
) -> None:
    """Check one UPI link or QR payload and show its parameters under their NPCI names."""
    from payments.upi import InvalidUpiLink, known_psp, parse_upi_link

    try:
        parsed = parse_upi_link(_read_text(link).strip())
    except InvalidUpiLink as exc:
        typer.echo(f"error: not a valid UPI link: {exc}", err=True)
        raise typer.Exit(1) from None
    answer: dict[str, Any] = dict(parsed.params)
    if parsed.amount_paise is not None:
        answer["amount_paise"] = parsed.amount_paise
    if json_output:
        typer.echo(json.dumps(answer, ensure_ascii=False))
    else:
        listing = {"link": f"upi://{parsed.kind}", **answer, "psp": known_psp(parsed.payee)}
        _print(listing, tuple(listing), json_output=False)
    if parsed.unknown_params:
        names = ", ".join(parsed.unknown_params)
        typer.echo(f"note: kept without checking (no rule in Hisaab): {names}", err=True)


def _read_text(text: str) -> str:
    body = sys.stdin.read() if text == "-" else text
    if not body.strip():
        typer.echo("error: nothing to parse (the text is empty)", err=True)
        raise typer.Exit(2)
    return body.strip("\r\n") if text == "-" else body


def _received_at(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        typer.echo(f"error: --received-at {value!r} is not an ISO 8601 date-time", err=True)
        raise typer.Exit(2) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=IST)
    return moment.astimezone(UTC)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _print(answer: dict[str, Any], keys: tuple[str, ...], json_output: bool) -> None:
    if json_output:
        typer.echo(json.dumps(answer, ensure_ascii=False))
        return
    width = max(len(key) for key in answer)
    for key, value in answer.items():
        if key in keys or value:
            shown = "-" if value is None else value
            typer.echo(f"{key:<{width}}  {shown}")
