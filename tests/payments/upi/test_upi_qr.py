"""QR files: PNG and SVG of a checked link, level M, 4-module quiet zone, nothing else written."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from payments.upi import InvalidUpiLink, UnsupportedQrFormat, make_upi_link, write_qr
from payments.upi.qr import MODULE_PIXELS, QUIET_ZONE_MODULES, make_qr

LINK = "upi://pay?pa=q123456789@ybl&pn=Sharma%20General%20Store&am=249.50&cu=INR"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_png_is_a_png_whose_pixels_are_the_qr_matrix(tmp_path: Path) -> None:
    written = write_qr(LINK, tmp_path / "pay.png")
    assert written.read_bytes().startswith(PNG_SIGNATURE)
    # No QR decoder without a new dependency; instead check every module's pixel, quiet zone
    # included, against the matrix segno encoded.
    matrix = [list(row) for row in make_qr(LINK).matrix]
    size = len(matrix) + 2 * QUIET_ZONE_MODULES
    with Image.open(written) as image:
        grey = image.convert("L")
        assert grey.size == (size * MODULE_PIXELS, size * MODULE_PIXELS)
        for row in range(size):
            for col in range(size):
                pixel = grey.getpixel(((col + 0.5) * MODULE_PIXELS, (row + 0.5) * MODULE_PIXELS))
                assert (pixel == 0) == _is_dark(matrix, row, col)


def _is_dark(matrix: list[list[int]], row: int, col: int) -> bool:
    row, col = row - QUIET_ZONE_MODULES, col - QUIET_ZONE_MODULES
    inside = 0 <= row < len(matrix) and 0 <= col < len(matrix)
    return inside and bool(matrix[row][col])


def test_svg_is_xml_with_a_white_background(tmp_path: Path) -> None:
    written = write_qr(make_upi_link({"pa": "a1@ybl", "pn": "राम"}), tmp_path / "pay.SVG")
    root = ET.parse(written).getroot()
    assert root.tag.endswith("svg")
    fills = {element.get("fill") for element in root.iter()}
    assert fills & {"#fff", "#ffffff", "white"}  # opaque light modules: scans on a dark page


def test_error_correction_is_exactly_level_m() -> None:
    qr = make_qr(LINK)
    assert qr.error == "M"
    assert not qr.is_micro


@pytest.mark.parametrize("name", ["pay.jpg", "pay", "pay.png.txt"])
def test_other_formats_are_refused_and_nothing_is_written(tmp_path: Path, name: str) -> None:
    with pytest.raises(UnsupportedQrFormat, match=r"use a \.png or \.svg file name"):
        write_qr(LINK, tmp_path / name)
    assert list(tmp_path.iterdir()) == []


def test_an_invalid_link_is_never_drawn(tmp_path: Path) -> None:
    with pytest.raises(InvalidUpiLink, match="pn is missing"):
        write_qr("upi://pay?pa=a1@ybl", tmp_path / "pay.png")
    assert list(tmp_path.iterdir()) == []


def test_a_link_too_long_for_any_qr_code_says_so(tmp_path: Path) -> None:
    long_link = f"upi://pay?pa=a1@ybl&pn=A&extra={'x' * 3000}"
    with pytest.raises(ValueError, match="too long for a QR code"):
        write_qr(long_link, tmp_path / "pay.png")
