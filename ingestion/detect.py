"""Find landing files and decide, per file, what it is and who owns it.

Formats are recognised by content, not by name: a statement CSV by its bank's header row (built-in
or from a mapping file), an XLS/XLSX/PDF by its magic bytes (taken as a statement; its bank is
known once it is converted), an SMS export by JSON lines carrying ``sender`` and ``body``, an AA
bundle by its ``FI`` array (JSON) or its ``Account`` element (ReBIT XML). The owner is the explicit
``person_ref`` or the nearest ``person=<id>`` folder above the file.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ingestion.encoding import as_utf8
from ingestion.landing import NO_OWNER, LandingFile, Source, owner_from_path
from ingestion.statements.banks import FORMATS, HEAD_BYTES, StatementFormat, find_header
from ingestion.statements.convert import container_of

UNRECOGNISED_FORMAT = (
    "unrecognised format: not a statement of HDFC/SBI/ICICI/Axis/Kotak or of a mapping file"
    " (CSV, XLS, XLSX or text PDF), an SMS JSONL export or an AA FI bundle (JSON or ReBIT XML)"
)
_AA_MARKER = re.compile(rb'"FI"\s*:\s*\[')
_AA_XML_MARKER = re.compile(rb"<(?:[\w.-]+:)?Account[\s>/]")
_SMS_LINES_TRIED = 20  # a few junk lines at the top of an export do not hide it
_HEAD_SIZES = (8 * 1024, HEAD_BYTES)


@dataclass
class Discovery:
    files: list[LandingFile] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)


def discover(
    paths: Sequence[Path],
    person_ref: str | None = None,
    formats: tuple[StatementFormat, ...] = FORMATS,
) -> Discovery:
    """Every file under ``paths`` (each once), classified; missing paths are listed, not raised."""
    found = Discovery()
    seen: set[Path] = set()
    for path in paths:
        if not path.exists():
            found.missing.append(path)
            continue
        for file in [path] if path.is_file() else walk(path):
            resolved = file.resolve()
            if resolved not in seen:
                seen.add(resolved)
                found.files.append(classify(resolved, person_ref, formats))
    return found


def walk(root: Path) -> Iterator[Path]:
    """Files under ``root`` in a stable order, skipping names that start with ``_`` or ``.``
    below it (``_truth/``, ``.DS_Store``), as Spark and Hive do."""
    for directory, subdirs, names in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith(("_", ".")))
        for name in sorted(names):
            if not name.startswith(("_", ".")):
                yield Path(directory) / name


def classify(
    path: Path, person_ref: str | None, formats: tuple[StatementFormat, ...] = FORMATS
) -> LandingFile:
    source, bank, head = None, None, b""
    with path.open("rb") as stream:
        for size in _HEAD_SIZES:  # most files tell what they are in their first few KiB
            head += stream.read(size - len(head))
            text = as_utf8(head)
            source, bank = sniff(text, complete=len(head) < size, formats=formats)
            if source is not None or len(head) < size:
                break
    if source is None:
        problem = "empty file" if not as_utf8(head).strip() else UNRECOGNISED_FORMAT
        return LandingFile(path, None, problem=problem)
    owner = person_ref or owner_from_path(path)
    return LandingFile(path, source, bank, owner, None if owner else NO_OWNER)


def sniff(
    head: bytes, *, complete: bool, formats: tuple[StatementFormat, ...] = FORMATS
) -> tuple[Source | None, str | None]:
    """(source, bank) from the first bytes of a file; ``complete`` when they are the whole file.

    Spreadsheets and PDFs are statements whose bank is read after conversion (bank ``None``).
    """
    if container_of(head) != "csv":
        return "statement", None
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"{") and _AA_MARKER.search(text):
        return "aa", None
    if text.startswith(b"<"):
        return ("aa", None) if _AA_XML_MARKER.search(text) else (None, None)
    if _looks_like_sms(text, complete=complete):  # junk lines may come before the first message
        return "sms", None
    header = find_header(head, formats)
    return ("statement", header.format.bank) if header else (None, None)


def _looks_like_sms(text: bytes, *, complete: bool) -> bool:
    """One of the first few lines is a JSON object with ``sender`` and ``body``."""
    lines = text.split(b"\n")
    if not complete:
        lines = lines[:-1]  # the last line may be cut off at the end of the head
    tried = [line for line in lines if line.strip()][:_SMS_LINES_TRIED]
    return any(line.lstrip().startswith(b"{") and _is_sms_object(line) for line in tried)


def _is_sms_object(line: bytes) -> bool:
    try:
        value = json.loads(line)
    except ValueError:
        return False
    return isinstance(value, dict) and "sender" in value and "body" in value
