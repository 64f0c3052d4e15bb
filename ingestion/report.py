"""What one ingestion run did, per source, for the CLI to print and Dagster to attach as metadata.

Counts are rows of each source's main raw table (statement lines, SMS messages, AA transactions):
``loaded`` is new, ``duplicate`` was already there (or repeated within the run), ``quarantined``
could not be read (a whole file counts once).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import polars as pl

from ingestion.landing import SOURCES


@dataclass
class SourceCounts:
    files: int = 0
    loaded: int = 0
    duplicate: int = 0
    quarantined: int = 0

    def add(self, outcomes: pl.DataFrame) -> None:
        """Add per-file outcomes from `ingestion.load.load_batch`."""
        self.files += outcomes.height
        self.loaded += int(outcomes["rows_loaded"].sum())
        self.duplicate += int(outcomes["rows_duplicate"].sum())
        self.quarantined += int(outcomes["rows_quarantined"].sum())


@dataclass(frozen=True)
class FileProblem:
    """A file that was quarantined whole: unrecognised, without an owner, or unreadable."""

    path: str
    source: str
    reason: str


@dataclass
class IngestReport:
    sources: dict[str, SourceCounts] = field(
        default_factory=lambda: {s: SourceCounts() for s in SOURCES}
    )
    files_seen: int = 0
    missing_paths: list[str] = field(default_factory=list)
    file_problems: list[FileProblem] = field(default_factory=list)

    def counts(self, source: str) -> SourceCounts:
        """Counts of one source (``statement``, ``sms`` or ``aa``)."""
        return self.sources[source]

    @property
    def unrecognised(self) -> list[FileProblem]:
        return [p for p in self.file_problems if p.source == "unrecognised"]

    @property
    def total(self) -> SourceCounts:
        counts = list(self.sources.values())
        return SourceCounts(
            *(
                sum(getattr(c, n) for c in counts)
                for n in ("files", "loaded", "duplicate", "quarantined")
            )
        )

    @property
    def nothing_readable(self) -> bool:
        """No row of any file could be read (neither loaded now nor found already loaded)."""
        return self.total.loaded + self.total.duplicate == 0

    def why_nothing_readable(self) -> str:
        if self.missing_paths and self.files_seen == 0:
            return f"no such path: {', '.join(self.missing_paths)}"
        if self.files_seen == 0:
            return "no files found (names starting with _ or . are skipped)"
        if self.total.files == 0:
            return f"no recognised files: {len(self.unrecognised)} unrecognised"
        if self.total.quarantined:
            reasons = sorted({p.reason for p in self.file_problems})
            detail = f": {'; '.join(reasons)}" if reasons else " (see raw.quarantine)"
            return f"every row was quarantined ({self.total.quarantined}){detail}"
        return "the recognised files hold no rows"

    def to_dict(self) -> dict[str, Any]:
        return {
            "sources": {name: asdict(counts) for name, counts in self.sources.items()},
            "total": asdict(self.total),
            "files_seen": self.files_seen,
            "missing_paths": self.missing_paths,
            "file_problems": [asdict(p) for p in self.file_problems],
            "nothing_readable": self.nothing_readable,
        }
