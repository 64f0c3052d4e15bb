"""What a statement run may use beyond the built-in bank formats: mapping files and PDF passwords.

Passwords come from ``hisaab ingest --pdf-password`` and from ``HISAAB_PDF_PASSWORDS`` (comma
separated); mapping files from ``--mapping`` and ``$HISAAB_HOME/mappings/*.mapping.toml``. They are
read when a run starts, never at import time.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ingestion.statements.banks import FORMATS, StatementFormat
from ingestion.statements.mapping import load_mappings

PDF_PASSWORDS_ENV = "HISAAB_PDF_PASSWORDS"
MAPPINGS_FOLDER = "mappings"


@dataclass(frozen=True)
class StatementOptions:
    """Formats to recognise (mapping files first, so they may override a built-in layout) and
    the passwords to try on encrypted PDFs, in order."""

    formats: tuple[StatementFormat, ...] = FORMATS
    pdf_passwords: tuple[str, ...] = ()


def statement_options(
    pdf_passwords: Sequence[str] = (),
    mappings: Sequence[Path] = (),
    mapping_dir: Path | None = None,
) -> StatementOptions:
    """Options from explicit arguments plus the environment; raises `MappingError` on a bad file.

    ``mapping_dir`` defaults to ``$HISAAB_HOME/mappings`` (``.hisaab/mappings``), as settings
    resolve the home; a missing folder means no mappings.
    """
    folder = mapping_dir if mapping_dir is not None else default_mapping_dir()
    found = sorted(folder.glob("*.mapping.toml")) if folder.is_dir() else []
    custom = load_mappings([*mappings, *found])
    passwords = [*pdf_passwords, *env_pdf_passwords()]
    return StatementOptions((*custom, *FORMATS), tuple(dict.fromkeys(passwords)))


def default_mapping_dir() -> Path:
    home = Path(os.environ.get("HISAAB_HOME") or ".hisaab").expanduser()
    return home / MAPPINGS_FOLDER


def env_pdf_passwords() -> list[str]:
    raw = os.environ.get(PDF_PASSWORDS_ENV, "")
    return [password.strip() for password in raw.split(",") if password.strip()]
