"""Bank statements (HDFC, SBI, ICICI, Axis, Kotak, mapping files; CSV, XLS, XLSX, text PDF): formats
as data, one vectorized parsing path with polars."""

from ingestion.statements.batch import read_statements

__all__ = ["read_statements"]
