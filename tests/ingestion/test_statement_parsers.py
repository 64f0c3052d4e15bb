"""Statement CSVs of each bank, parsed from handwritten samples of the real exports."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from ingestion.detect import classify
from ingestion.lineage import utc_now
from ingestion.load import SourceBatch
from ingestion.statements import read_statements


def _read(*paths: Path) -> SourceBatch:
    return read_statements([classify(p.resolve(), "P000001") for p in paths], utc_now())


def _lines(batch: SourceBatch) -> list[tuple[object, ...]]:
    columns = ["txn_date", "direction", "amount_paise", "balance_paise", "ref_no", "line_no"]
    return batch.tables["statement_lines"].sort("line_no").select(columns).rows()


def _reasons(batch: SourceBatch) -> list[tuple[int, str]]:
    assert batch.quarantine is not None
    return batch.quarantine.sort("line_no").select("line_no", "reason").rows()


def test_hdfc_plain_amounts_two_digit_years_and_padded_refs(statements_dir: Path) -> None:
    batch = _read(statements_dir / "hdfc_6789.csv")
    lines = _lines(batch)
    assert len(lines) == 7  # 9 table rows, 2 quarantined; footer and blank rows ignored
    assert lines[0] == (date(2025, 4, 1), "debit", 24500, 1210067, "0000509112345678", 11)
    assert lines[1] == (date(2025, 4, 3), "credit", 8500000, 9710067, "CITIN25040312345", 12)
    assert lines[3][2] == 153450  # 1534.50
    assert lines[-1] == (date(2025, 4, 30), "credit", 21050, 7787767, None, 19)
    assert _reasons(batch) == [
        (16, "unparseable amount '15O00.00' in Withdrawal Amt."),
        (18, "unreadable date '31/04/25' in Date"),
    ]


def test_hdfc_account_number_comes_from_the_preamble(statements_dir: Path) -> None:
    rows = _read(statements_dir / "hdfc_6789.csv").tables["statement_lines"]
    assert set(rows["account_number"]) == {"50100123456789"}
    assert set(rows["account_last4"]) == {"6789"}
    assert set(rows["bank"]) == {"hdfc"}


def test_sbi_quoted_indian_grouping_and_day_month_name_dates(statements_dir: Path) -> None:
    batch = _read(statements_dir / "sbi_7890.csv")
    lines = _lines(batch)
    assert lines[0] == (
        date(2025, 4, 1),
        "debit",
        125000,
        12220678,
        "TRANSFER TO 4897690162095",
        13,
    )
    assert lines[2][:4] == (date(2025, 4, 5), "credit", 10234050, 22514728)  # "1,02,340.50"
    assert len(lines) == 6
    assert _reasons(batch) == [(18, "amount in both Debit and Credit")]
    rows = batch.tables["statement_lines"]
    assert set(rows["account_number"]) == {"00000031234567890"}


def test_icici_zero_means_no_amount(statements_dir: Path) -> None:
    batch = _read(statements_dir / "icici_4567.csv")
    lines = _lines(batch)
    assert lines[0] == (date(2025, 4, 1), "debit", 35000, 4565025, None, 7)
    assert lines[1][:3] == (date(2025, 4, 4), "credit", 500000)
    assert len(lines) == 6
    assert _reasons(batch) == [
        (12, "no amount in Withdrawal Amount (INR ) or Deposit Amount (INR )")
    ]
    narration = batch.tables["statement_lines"].sort("line_no")["narration"][0]
    assert narration == "UPI/509112345679/Lunch/zomato@hdfcbank/HDFC BANK"


def test_axis_skips_opening_balance_and_quarantines_bad_date(statements_dir: Path) -> None:
    batch = _read(statements_dir / "axis_5678.csv")
    lines = _lines(batch)
    assert lines[0] == (date(2025, 4, 1), "debit", 43210, 1956790, None, 9)
    assert [line[2] for line in lines] == [43210, 120000, 5000000, 189000, 100000, 234567, 18000]
    assert _reasons(batch) == [(15, "unreadable date '2025-04-12' in Tran Date")]
    assert batch.quarantine is not None
    assert batch.quarantine["content"][0].startswith("2025-04-12,,UPI/P2M/509212345682/ZEPTO")


def test_all_banks_in_one_batch_keep_lineage_per_file(statements_dir: Path) -> None:
    paths = sorted(statements_dir.glob("*.csv"))
    rows = _read(*paths).tables["statement_lines"]
    per_file = rows.group_by("source_file").agg(pl.col("bank").first(), pl.len())
    assert dict(zip(per_file["bank"], per_file["len"], strict=True)) == {
        "hdfc": 7, "sbi": 6, "icici": 6, "axis": 7
    }  # fmt: skip
    assert rows["source_row_id"].n_unique() == rows.height
    assert rows["file_hash"].str.len_chars().unique().to_list() == [64]


def test_identical_rows_in_one_file_are_distinct_lines(
    statements_dir: Path, tmp_path: Path
) -> None:
    text = (statements_dir / "hdfc_6789.csv").read_text()
    row = "20/04/25,SMS CHARGES,,20/04/25,15.00,,77652.67\n"
    path = tmp_path / "hdfc.csv"
    path.write_text(text.replace("30/04/25,CREDIT", row + row + "30/04/25,CREDIT"))
    rows = _read(path).tables["statement_lines"].filter(pl.col("narration") == "SMS CHARGES")
    assert rows["occurrence"].to_list() == [0, 1]
    assert rows["source_row_id"].n_unique() == 2


def test_quoted_cell_spanning_lines_falls_back_to_per_file_read(
    statements_dir: Path, tmp_path: Path
) -> None:
    text = (statements_dir / "hdfc_6789.csv").read_text()
    path = tmp_path / "hdfc.csv"
    path.write_text(text.replace("CREDIT INTEREST CAPITALISED", '"CREDIT INTEREST\nCAPITALISED"'))
    batch = _read(path, statements_dir / "sbi_7890.csv")
    rows = batch.tables["statement_lines"]
    assert rows.filter(pl.col("bank") == "hdfc").height == 7
    assert "CREDIT INTEREST\nCAPITALISED" in rows["narration"].to_list()


@pytest.mark.parametrize("line", ["Account No :,50100123456789,,,,,\n"])
def test_missing_account_number_quarantines_the_file(
    statements_dir: Path, tmp_path: Path, line: str
) -> None:
    path = tmp_path / "hdfc.csv"
    path.write_text((statements_dir / "hdfc_6789.csv").read_text().replace(line, ""))
    batch = _read(path)
    assert batch.tables["statement_lines"].height == 0
    assert _reasons(batch)[0][0] == 0
    assert "no account number in the HDFC preamble" in _reasons(batch)[0][1]
