"""Text PDFs of statements → the bank's CSV layout, from the positions of the words on each page.

The header row is found by its words; its cells give the columns, and every word below goes to the
column it sits under (left-aligned, or right-aligned to the header's right edge, as amounts are).
Lines above the first header are the preamble, and a line starting with a footer marker ends the
table; both are kept as plain text, which is all the CSV path reads of them. A line with no date
and no amount right under a row continues its narration; other such lines (page numbers, repeated
page headings) are page furniture and are dropped.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from ingestion.statements.banks import StatementFormat

ENCRYPTED = "password-protected PDF: no supplied password opens it (--pdf-password)"
SCANNED = "scanned PDF without a text layer (only text PDFs are read)"
_SAME_LINE = 2.5  # points: words whose tops differ by less are on one line
_ALIGNED = 2.0  # points: a word this close to a header's edge is aligned with it
_TEXT_ROLES = ("narration", "ref_no")


@dataclass
class Line:
    top: float
    bottom: float
    words: list[tuple[float, float, str]] = field(default_factory=list)  # (x0, x1, text)

    @property
    def text(self) -> str:
        return " ".join(text for _, _, text in sorted(self.words))


@dataclass(frozen=True)
class Columns:
    fmt: StatementFormat
    edges: list[tuple[float, float]]  # (x0, x1) of each header cell

    def cells(self, line: Line) -> list[str]:
        parts: list[list[str]] = [[] for _ in self.edges]
        for x0, x1, text in sorted(line.words):
            parts[self._column(x0, x1)].append(text)
        return [" ".join(part) for part in parts]

    def _column(self, x0: float, x1: float) -> int:
        for i, (_, right) in enumerate(self.edges):
            if abs(x1 - right) <= _ALIGNED:
                return i
        starts = [i for i, (left, _) in enumerate(self.edges) if left <= x0 + _ALIGNED]
        return starts[-1] if starts else 0


def pdf_to_csv(
    data: bytes, passwords: Sequence[str], formats: tuple[StatementFormat, ...]
) -> bytes | str:
    """CSV bytes of the statement in a PDF, or why it cannot be read."""
    pages = _page_lines(data, passwords)
    if isinstance(pages, str):
        return pages
    if not any(pages):
        return SCANNED
    return _assemble(pages, formats)


def _page_lines(data: bytes, passwords: Sequence[str]) -> list[list[Line]] | str:
    for password in ("", *passwords):
        try:
            with pdfplumber.open(io.BytesIO(data), password=password) as pdf:
                return [_lines(page.extract_words()) for page in pdf.pages]
        except PdfminerException as error:
            cause = error.args[0] if error.args else error
            if not isinstance(cause, PDFPasswordIncorrect):
                return f"unreadable PDF: {cause!r}"
        except Exception as error:  # a broken PDF must not stop the batch
            return f"unreadable PDF: {error!r}"
    return ENCRYPTED


def _lines(words: Sequence[dict[str, object]]) -> list[Line]:
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: (float(str(w["top"])), float(str(w["x0"])))):
        top, bottom = float(str(word["top"])), float(str(word["bottom"]))
        if not lines or top - lines[-1].top > _SAME_LINE:
            lines.append(Line(top, bottom))
        lines[-1].bottom = max(lines[-1].bottom, bottom)
        lines[-1].words.append((float(str(word["x0"])), float(str(word["x1"])), str(word["text"])))
    return lines


def _header(line: Line, formats: tuple[StatementFormat, ...]) -> Columns | None:
    """The columns, when ``line`` is a known header row (cells compared without spaces)."""
    squeezed = "".join(text for _, _, text in sorted(line.words))
    for fmt in formats:
        if "".join(fmt.header).replace(" ", "") == squeezed.replace(" ", ""):
            return _edges(line, fmt)
    return None


def _edges(line: Line, fmt: StatementFormat) -> Columns | None:
    words, edges = sorted(line.words), []
    for cell in fmt.header:
        target, taken, x0, x1 = cell.replace(" ", ""), "", None, 0.0
        while words and len(taken) < len(target):
            left, x1, text = words.pop(0)
            x0 = left if x0 is None else x0
            taken += text.replace(" ", "")
        if taken != target or x0 is None:
            return None  # a word straddles two header cells
        edges.append((x0, x1))
    return Columns(fmt, edges)


def _assemble(pages: list[list[Line]], formats: tuple[StatementFormat, ...]) -> bytes | str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    columns: Columns | None = None
    table = _Table()
    for page in pages:
        lines = page
        if columns is None:
            for number, line in enumerate(page):
                columns = _header(line, formats)
                if columns is not None:
                    out.write("".join(f"{_plain(ln.text)}\n" for ln in page[:number]))
                    writer.writerow(columns.fmt.header)
                    lines = page[number + 1 :]
                    break
            else:
                out.write("".join(f"{_plain(ln.text)}\n" for ln in page))
                continue
        table.add_page(lines, columns, formats)
    if columns is None:
        return "no known statement header row in the PDF's text (see docs/landing-formats.md)"
    for row in table.rows:
        writer.writerow(row)
    out.write("".join(f"{_plain(text)}\n" for text in table.footer))
    return out.getvalue().encode()


@dataclass
class _Table:
    rows: list[list[str]] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)

    def add_page(
        self, lines: list[Line], columns: Columns, formats: tuple[StatementFormat, ...]
    ) -> None:
        repeated = [i for i, line in enumerate(lines) if _header(line, formats) is not None]
        if repeated:  # a later page: its heading lines and repeated header row are furniture
            lines = lines[repeated[0] + 1 :]
        roles = [role for _, role in columns.fmt.columns]
        previous: Line | None = None
        for line in lines:
            if self.footer or line.text.startswith(columns.fmt.footer_markers):
                self.footer.append(line.text)
                continue
            cells = columns.cells(line)
            filled = {role for role, cell in zip(roles, cells, strict=True) if cell}
            if filled & {"txn_date", "debit", "credit", "amount"}:
                self.rows.append(cells)
            elif filled and filled <= set(_TEXT_ROLES) and self._continues(previous, line):
                self.rows[-1] = [
                    f"{a} {b}".strip() for a, b in zip(self.rows[-1], cells, strict=True)
                ]
            else:
                continue
            previous = line

    def _continues(self, previous: Line | None, line: Line) -> bool:
        """Right under the previous row (within about one line height) on the same page."""
        if previous is None or not self.rows:
            return False
        return line.top - previous.bottom < (previous.bottom - previous.top) * 1.2


def _plain(text: str) -> str:
    """Preamble and footer lines stay plain text: only regexes and footer markers read them."""
    return text.replace("\n", " ")
