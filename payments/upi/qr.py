"""UPI QR codes as PNG or SVG files: the link string, in the shape every UPI app scans.

A UPI QR is nothing but the ``upi://`` link, so the link is checked (`parse_upi_link`) before it
is drawn: a printed QR cannot be corrected afterwards. Error correction is level M (15% of the
code may be damaged or covered), never boosted, so the same link always gives the same code;
modules are 8 px and the quiet zone is the 4 modules scanners expect. Light modules are white in
the SVG too (segno leaves them transparent), so the code still scans on a dark page.
"""

from __future__ import annotations

from pathlib import Path

import segno

from payments.upi.links import UpiLink, build_upi_link, parse_upi_link

QR_FORMATS = (".png", ".svg")
ERROR_CORRECTION = "M"
MODULE_PIXELS = 8
QUIET_ZONE_MODULES = 4


class UnsupportedQrFormat(ValueError):
    """The file name asks for a format Hisaab does not write."""


def make_qr(link: UpiLink | str) -> segno.QRCode:
    """The QR code of a checked link (a full QR code, never a Micro QR that apps may not read)."""
    text = build_upi_link(link) if isinstance(link, UpiLink) else link
    parse_upi_link(text)
    try:
        return segno.make(text, error=ERROR_CORRECTION, micro=False, boost_error=False)
    except segno.DataOverflowError:
        raise ValueError(f"the link is too long for a QR code ({len(text)} characters)") from None


def write_qr(link: UpiLink | str, path: Path | str) -> Path:
    """Write the link's QR code to ``path``; its suffix (``.png`` or ``.svg``) picks the format."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in QR_FORMATS:
        raise UnsupportedQrFormat(
            f"cannot write a QR code as {suffix or 'a file without a suffix'!r}:"
            " use a .png or .svg file name"
        )
    qr = make_qr(link)
    options: dict[str, object] = {"scale": MODULE_PIXELS, "border": QUIET_ZONE_MODULES}
    if suffix == ".svg":
        options["light"] = "white"
    qr.save(str(target), kind=suffix.removeprefix("."), **options)
    return target
