"""Account Aggregator FI bundles (ReBIT deposit schema, JSON or XML): accounts and transactions."""

from ingestion.aa.batch import read_aa

__all__ = ["read_aa"]
