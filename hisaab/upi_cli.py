"""``hisaab upi link``: a UPI payment link (and its QR code) that every UPI app reads alike.

The link is built and checked by `payments.upi` (VPA, amount in paise, the category's UPI limit),
so a shop or a person sharing a payment request gets a refusal with the reason here instead of a
decline in the payer's app. The link goes to standard output, alone, so scripts can capture it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hisaab.money import parse_rupees
from payments.upi import (
    PaymentCategory,
    build_upi_link,
    check_amount,
    make_upi_link,
    write_qr,
)

upi_app = typer.Typer(help="UPI payment links and QR codes.", no_args_is_help=True)


@upi_app.command("link")
def link_command(
    pa: Annotated[str, typer.Option("--pa", help="Payee UPI address (shop@okaxis).")],
    pn: Annotated[str, typer.Option("--pn", help="Payee name the payer's app shows.")],
    am: Annotated[
        str | None,
        typer.Option("--am", help="Amount in rupees (249, 1,499.50); none lets the payer type it."),
    ] = None,
    tn: Annotated[str | None, typer.Option("--tn", help="Note shown to the payer.")] = None,
    tr: Annotated[
        str | None, typer.Option("--tr", help="Your reference (order or bill id).")
    ] = None,
    mc: Annotated[
        str | None, typer.Option("--mc", help="Merchant category code (4 digits).")
    ] = None,
    category: Annotated[
        PaymentCategory, typer.Option(help="What the payment is for; sets the UPI limit checked.")
    ] = PaymentCategory.GENERAL,
    qr: Annotated[
        Path | None, typer.Option("--qr", help="Also write the QR code to this .png or .svg file.")
    ] = None,
) -> None:
    """Print a upi://pay link; with --qr, also write its QR code."""
    optional = {"tn": tn, "tr": tr, "mc": mc}
    params = {"pa": pa, "pn": pn} | {k: v for k, v in optional.items() if v is not None}
    try:
        link = make_upi_link(params, amount_paise=_amount_paise(am, category))
        written = write_qr(link, qr) if qr is not None else None
    except (ValueError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(build_upi_link(link))
    if written is not None:
        typer.echo(f"QR code written to {written}", err=True)


def _amount_paise(rupees: str | None, category: PaymentCategory) -> int | None:
    if rupees is None:
        return None
    try:
        paise = parse_rupees(rupees)
    except ValueError:
        raise ValueError(f"--am {rupees!r} is not an amount in rupees (249, 1,499.50)") from None
    check_amount(paise, category)
    return paise
