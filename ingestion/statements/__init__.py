"""Bank statement CSVs (HDFC, SBI, ICICI, Axis): formats as data, vectorized parsing with polars."""

from ingestion.statements.batch import read_statements

__all__ = ["read_statements"]
