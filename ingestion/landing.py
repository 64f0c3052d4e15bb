"""What ingestion knows about one file before parsing it: its source kind, bank and owner.

A `LandingFile` is the unit every later step works on. Files that cannot be read as a whole (nobody
owns them, or nothing recognises their format) carry a ``problem`` and are quarantined whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Source = Literal["statement", "sms", "aa"]
SOURCES: tuple[Source, ...] = ("statement", "sms", "aa")

# The raw table whose rows a source's loaded / duplicate counts refer to.
MAIN_TABLE: dict[Source, str] = {
    "statement": "statement_lines",
    "sms": "sms_messages",
    "aa": "aa_transactions",
}

# `raw.quarantine.source` and `raw.ingested_files.source` for files no parser recognises.
UNRECOGNISED = "unrecognised"

NO_OWNER = "no owner: pass --person ID (person_ref=...) or put the file under a person=<id> folder"


@dataclass(frozen=True)
class LandingFile:
    """One file found under a landing path; ``path`` is absolute and resolved."""

    path: Path
    source: Source | None
    bank: str | None = None
    person_ref: str | None = None
    problem: str | None = None

    @property
    def readable(self) -> bool:
        return self.source is not None and self.problem is None


def owner_from_path(path: Path) -> str | None:
    """The id of the nearest ``person=<id>`` folder above ``path`` (hive-style partition)."""
    for parent in path.parents:
        key, sep, value = parent.name.partition("=")
        if sep and key == "person" and value:
            return value
    return None
