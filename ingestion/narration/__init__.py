"""Statement narrations: grammars as data (`patterns`, `psp`), a vectorized reader and its API."""

from ingestion.narration.parse import (
    NARRATION_SCHEMA,
    ParsedNarration,
    parse_narration,
    parse_narrations,
)

__all__ = ["NARRATION_SCHEMA", "ParsedNarration", "parse_narration", "parse_narrations"]
