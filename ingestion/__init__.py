"""Ingestion: landing files (bank statements, SMS exports, AA bundles) → the ``raw`` schema.

Public API: `ingest_paths` and its `IngestReport`; `parse_sms` for a single message.
"""

from ingestion.pipeline import ingest_paths
from ingestion.report import IngestReport, SourceCounts
from ingestion.sms import ParsedSms, parse_sms

__all__ = ["IngestReport", "ParsedSms", "SourceCounts", "ingest_paths", "parse_sms"]
