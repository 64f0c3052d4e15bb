"""Statements as banks ship them beyond CSV: XLS, XLSX and text PDFs (plain and encrypted) of
every built-in bank, Kotak's Dr/Cr layout, and mapping files for any other bank.

Fixtures are built here from one table of row data per bank, so each container must give exactly
the raw rows its CSV twin gives.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path

import pytest
import typer
import xlsxwriter
import xlwt
from fpdf import FPDF
from typer.testing import CliRunner

from hisaab.settings import WarehouseLocation
from ingestion import ingest_paths
from ingestion.cli import ingest
from ingestion.report import IngestReport
from ingestion.statements.mapping import MappingError, load_mapping
from ingestion.statements.pdf import ENCRYPTED, SCANNED

Query = Callable[[str], list[tuple[object, ...]]]
Cell = str | Decimal | dt.date | int | None
D = Decimal


class Bank:
    """One bank's statement as row data, and how its CSV prints dates and amounts."""

    def __init__(
        self,
        name: str,
        preamble: list[list[Cell]],
        header: list[str],
        rows: list[list[Cell]],
        footer: list[list[Cell]],
        date_format: str,
        amount: Callable[[Decimal], str] = lambda d: f"{d:.2f}",
    ) -> None:
        self.name, self.preamble, self.header, self.rows, self.footer = (
            name, preamble, header, rows, footer
        )  # fmt: skip
        self.date_format, self.amount = date_format, amount

    def text(self, cell: Cell) -> str:
        if isinstance(cell, Decimal):
            return self.amount(cell)
        if isinstance(cell, dt.date):
            return (
                cell.strftime(self.date_format).lstrip("0")
                if self.name == "sbi"
                else (cell.strftime(self.date_format))
            )
        return "" if cell is None else str(cell)

    @property
    def table(self) -> list[list[Cell]]:
        return [*self.preamble, list(self.header), *self.rows, *self.footer]

    @property
    def width(self) -> int:
        return len(self.header)

    @property
    def transactions(self) -> int:
        return sum(1 for row in self.rows if "OPENING BALANCE" not in row)


def _indian(amount: Decimal) -> str:
    whole, cents = f"{amount:.2f}".split(".")
    head, tail = whole[:-3], whole[-3:]
    groups = []
    while len(head) > 2:
        head, groups = head[:-2], [head[-2:], *groups]
    return ",".join([g for g in [head, *groups] if g] + [tail]) + "." + cents


APR = {day: dt.date(2025, 4, day) for day in range(1, 31)}  # APR[5] is 5 April 2025

BANKS = [
    Bank(
        "hdfc",
        [["HDFC BANK Ltd."], ["Account No :", "50100123456789"], ["Cust ID :", "12345678"]],
        [
            "Date",
            "Narration",
            "Chq./Ref.No.",
            "Value Dt",
            "Withdrawal Amt.",
            "Deposit Amt.",
            "Closing Balance",
        ],
        [
            [
                APR[1],
                "UPI-SWIGGY-swiggy@icici-ICIC0000001-509112345678-Payment",
                "0000509112345678",
                APR[1],
                D("245.00"),
                None,
                D("12100.67"),
            ],
            [
                APR[3],
                "NEFT CR-CITI0000002-ACME TECHNOLOGIES PVT LTD-ASHA VERMA-CITIN25040312345",
                "CITIN25040312345",
                APR[3],
                None,
                D("85000.00"),
                D("97100.67"),
            ],
            [
                APR[7],
                "ACH D- HDFC ERGO GENERAL INS-INS00012345",
                "0000000000012345",
                APR[7],
                D("1534.50"),
                None,
                D("95566.17"),
            ],
            [
                APR[30],
                "CREDIT INTEREST CAPITALISED",
                None,
                APR[30],
                None,
                D("210.50"),
                D("95776.67"),
            ],
        ],
        [["STATEMENT SUMMARY :-"], ["Generated On: 30/04/2025 10:12:33"]],
        "%d/%m/%y",
    ),
    Bank(
        "sbi",
        [["Account Name       :", "MRS ASHA VERMA"], ["Account Number     :", "00000031234567890"]],
        [
            "Txn Date",
            "Value Date",
            "Description",
            "Ref No./Cheque No.",
            "Debit",
            "Credit",
            "Balance",
        ],
        [
            [
                APR[1],
                APR[1],
                "TO TRANSFER-UPI/DR/509112340001/RAMESH STORES/YESB/q12345@ybl/Groc--",
                "TRANSFER TO 4897690162095",
                D("1250.00"),
                None,
                D("122206.78"),
            ],
            [
                APR[5],
                APR[5],
                "BY TRANSFER-NEFT*HDFC0000240*HDFCN52025040512345*ACME--",
                "TRANSFER FROM 4897692162093",
                None,
                D("102340.50"),
                D("224547.28"),
            ],
            [
                APR[10],
                APR[10],
                "ATM WDL-ATM CASH 1234 BENGALURU",
                None,
                D("5000.00"),
                None,
                D("219547.28"),
            ],
        ],
        [["**This is a computer generated statement and does not require a signature."]],
        "%d %b %Y",
        _indian,
    ),
    Bank(
        "icici",
        [["DETAILED STATEMENT"], ["Transactions List - ASHA VERMA (INR) - 123401234567"]],
        [
            "S No.",
            "Value Date",
            "Transaction Date",
            "Cheque Number",
            "Transaction Remarks",
            "Withdrawal Amount (INR )",
            "Deposit Amount (INR )",
            "Balance (INR )",
        ],
        [
            [
                1,
                APR[1],
                APR[1],
                None,
                "UPI/509112345679/Lunch/zomato@hdfcbank/HDFC BANK",
                D("350.00"),
                D("0.00"),
                D("45650.25"),
            ],
            [
                2,
                APR[4],
                APR[4],
                None,
                "MMT/IMPS/509412345670/RAVI KUMAR/SBIN",
                D("0.00"),
                D("5000.00"),
                D("50650.25"),
            ],
            [
                3,
                APR[8],
                APR[8],
                None,
                "ACH/BAJAJ FINANCE LTD/BFL00012345",
                D("4560.00"),
                D("0.00"),
                D("46090.25"),
            ],
        ],
        [["Legends Used in Account Statement"], ["MMT - Mobile Money Transfer"]],
        "%d/%m/%Y",
    ),
    Bank(
        "axis",
        [
            ["Name :- ASHA VERMA"],
            [
                "Statement of Account No - 917010012345678 for the period (From : 01-04-2025 To : "
                "30-04-2025)"
            ],
        ],
        ["Tran Date", "CHQNO", "PARTICULARS", "DR", "CR", "BAL", "SOL"],
        [
            [None, None, "OPENING BALANCE", None, None, D("20000.00"), None],
            [
                APR[1],
                None,
                "UPI/P2M/509112345680/BLINKIT/Groceries/YES BANK",
                D("432.10"),
                None,
                D("19567.90"),
                1234,
            ],
            [
                APR[2],
                None,
                "UPI/P2A/509212345681/PRIYA SHARMA/Split/HDFC BANK",
                None,
                D("1200.00"),
                D("20767.90"),
                1234,
            ],
            [APR[11], None, "POS/DMART/PUNE", D("2345.67"), None, D("18422.23"), 1234],
        ],
        [
            [
                "Unless the constituent notifies the bank immediately of any discrepancy found by"
                " him in this statement of account, it will be taken that he has found it correct."
            ]
        ],
        "%d-%m-%Y",
    ),
    Bank(
        "kotak",
        [
            ["Account Statement"],
            [None, None, None, "Account No.", "3349936986"],
            [None, None, None, "IFSC", "KKBK0005289"],
        ],
        [
            "Sl. No.",
            "Transaction Date",
            "Value Date",
            "Description",
            "Chq / Ref No.",
            "Amount",
            "Dr / Cr",
            "Balance",
            "Dr / Cr",
        ],
        [
            [
                1,
                APR[2],
                APR[2],
                "UPI/RAHUL SHARMA/509212345690/rent",
                "UPI-509212345690",
                D("18000.00"),
                "DR",
                D("32000.00"),
                "CR",
            ],
            [
                2,
                APR[6],
                APR[6],
                "IMPS/P2A/509612345691/ASHA VERMA/HDFC/self",
                "IMPS-509612345691",
                D("5000.00"),
                "CR",
                D("37000.00"),
                "CR",
            ],
            [
                3,
                APR[9],
                APR[9],
                "BILL PAID TO CREDIT CARD XX0488",
                "CCBILL-1780763664795",
                D("40000.00"),
                "DR",
                D("3000.00"),
                "DR",
            ],
        ],
        [["End of Statement"]],
        "%d-%m-%Y",
        _indian,
    ),
]


def write_csv(bank: Bank, path: Path) -> None:
    lines = []
    for row in bank.table:
        cells = [bank.text(c) for c in row] + [""] * (bank.width - len(row))
        lines.append(",".join(f'"{c}"' if "," in c else c for c in cells))
    path.write_text("\n".join(lines) + "\n")


def write_xlsx(bank: Bank, path: Path) -> None:
    """Numbers as numbers, dates as Excel dates (as the banks' XLSX downloads have them)."""
    book = xlsxwriter.Workbook(str(path))
    sheet, dates = book.add_worksheet("Statement"), book.add_format({"num_format": "dd/mm/yy"})
    for r, row in enumerate(bank.table):
        for c, cell in enumerate(row):
            if isinstance(cell, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(cell, dt.time()), dates)
            elif isinstance(cell, Decimal | int):
                sheet.write_number(r, c, float(cell))
            elif cell is not None:
                sheet.write_string(r, c, cell)
    book.close()


def write_xls(bank: Bank, path: Path) -> None:
    """Old-style .xls: dates as text in the bank's format, amounts as numbers."""
    book = xlwt.Workbook()
    sheet = book.add_sheet("Statement")
    for r, row in enumerate(bank.table):
        for c, cell in enumerate(row):
            if isinstance(cell, Decimal | int):
                sheet.write(r, c, float(cell))
            elif cell is not None:
                sheet.write(r, c, bank.text(cell))
    book.save(str(path))


def write_pdf(bank: Bank, path: Path, password: str | None = None) -> None:
    """A text PDF: preamble and footer as lines, the table in left-aligned columns."""
    pdf = FPDF(orientation="L", unit="pt", format="A4")
    if password:
        pdf.set_encryption(owner_password="owner-secret", user_password=password)
    pdf.set_font("Helvetica", size=6)
    pdf.add_page()
    texts = [[bank.text(c) for c in row] for row in [bank.header, *bank.rows]]
    widths = [
        max(pdf.get_string_width(row[i]) for row in texts if i < len(row)) + 10
        for i in range(bank.width)
    ]
    y = 30.0
    for row in bank.preamble:
        pdf.text(20, y, "  ".join(bank.text(c) for c in row if c is not None))
        y += 10
    for row in texts:
        x = 20.0
        for cell, width in zip(row, widths, strict=True):
            if cell:
                pdf.text(x, y, cell)
            x += width
        y += 10
    for row in bank.footer:
        pdf.text(20, y, "  ".join(bank.text(c) for c in row if c is not None))
        y += 10
    path.write_bytes(bytes(pdf.output()))


WRITERS = {"csv": write_csv, "xlsx": write_xlsx, "xls": write_xls, "pdf": write_pdf}
COLUMNS = (
    "bank, account_number, txn_date, value_date, narration, ref_no, direction, amount_paise,"
    " balance_paise"
)


def _ingest(
    paths: Sequence[Path],
    location: WarehouseLocation,
    person: str,
    pdf_passwords: Sequence[str] = (),
) -> IngestReport:
    """Without any mapping file from the developer's $HISAAB_HOME."""
    return ingest_paths(
        paths,
        location,
        person_ref=person,
        pdf_passwords=pdf_passwords,
        mapping_dir=Path("/nonexistent"),
    )


def _rows(query: Query, person: str) -> list[tuple[object, ...]]:
    return query(
        f"select {COLUMNS} from raw.statement_lines where person_ref = '{person}'"
        " order by bank, txn_date, amount_paise"
    )


@pytest.fixture(autouse=True)
def _no_env_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HISAAB_PDF_PASSWORDS", raising=False)


@pytest.mark.parametrize("container", ["xlsx", "xls", "pdf"])
def test_every_bank_gives_the_same_rows_as_its_csv(
    container: str, tmp_path: Path, duckdb_location: WarehouseLocation, query: Query
) -> None:
    for kind in ("csv", container):
        folder = tmp_path / kind
        folder.mkdir()
        for bank in BANKS:
            WRITERS[kind](bank, folder / f"{bank.name}.{kind}")
        report = _ingest([folder], duckdb_location, f"P-{kind}")
        assert report.file_problems == []
        assert report.counts("statement").quarantined == 0
    csv_rows = _rows(query, "P-csv")
    assert len(csv_rows) == sum(bank.transactions for bank in BANKS)
    assert {row[0] for row in csv_rows} == {bank.name for bank in BANKS}
    assert _rows(query, f"P-{container}") == csv_rows


def test_spreadsheet_of_an_ingested_csv_adds_nothing(
    tmp_path: Path, duckdb_location: WarehouseLocation
) -> None:
    write_csv(BANKS[0], tmp_path / "hdfc.csv")
    write_xlsx(BANKS[0], tmp_path / "hdfc.xlsx")
    first = _ingest([tmp_path / "hdfc.csv"], duckdb_location, "P1")
    again = _ingest([tmp_path / "hdfc.xlsx"], duckdb_location, "P1")
    assert (first.counts("statement").loaded, again.counts("statement").loaded) == (4, 0)
    assert again.counts("statement").duplicate == 4


def test_kotak_csv_amount_with_dr_cr_columns(
    tmp_path: Path, duckdb_location: WarehouseLocation, query: Query
) -> None:
    write_csv(BANKS[4], tmp_path / "kotak.csv")
    _ingest([tmp_path], duckdb_location, "P1")
    assert query(
        "select txn_date, direction, amount_paise, balance_paise, account_number"
        " from raw.statement_lines order by txn_date"
    ) == [
        (APR[2], "debit", 1800000, 3200000, "3349936986"),
        (APR[6], "credit", 500000, 3700000, "3349936986"),
        (APR[9], "debit", 4000000, -300000, "3349936986"),  # balance Dr = overdrawn
    ]


def test_encrypted_pdf_opens_with_a_supplied_password(
    tmp_path: Path,
    duckdb_location: WarehouseLocation,
    query: Query,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    write_pdf(BANKS[0], tmp_path / "hdfc.pdf", password="ASHA1990")
    write_pdf(BANKS[1], tmp_path / "sbi.pdf", password="01041990")
    write_csv(BANKS[0], tmp_path / "hdfc.csv")
    write_csv(BANKS[1], tmp_path / "sbi.csv")
    _ingest([tmp_path / "hdfc.csv", tmp_path / "sbi.csv"], duckdb_location, "P-csv")
    monkeypatch.setenv("HISAAB_PDF_PASSWORDS", "nope, 01041990")
    report = _ingest(
        [tmp_path / "hdfc.pdf", tmp_path / "sbi.pdf"],
        duckdb_location,
        "P-pdf",
        pdf_passwords=["wrong", "ASHA1990"],
    )
    assert report.file_problems == []
    assert _rows(query, "P-pdf") == _rows(query, "P-csv")


def test_encrypted_pdf_without_password_is_quarantined_whole(
    tmp_path: Path, duckdb_location: WarehouseLocation, query: Query
) -> None:
    write_pdf(BANKS[0], tmp_path / "locked.pdf", password="ASHA1990")
    scanned = FPDF()
    scanned.add_page()
    scanned.rect(20, 20, 100, 60, style="F")  # an image-like page: no text at all
    (tmp_path / "scan.pdf").write_bytes(bytes(scanned.output()))
    write_csv(BANKS[2], tmp_path / "icici.csv")
    report = _ingest([tmp_path], duckdb_location, "P1", pdf_passwords=["wrong"])
    assert report.counts("statement").loaded == 3  # the readable file still loads
    assert sorted(query("select reason from raw.quarantine where source = 'statement'")) == [
        (ENCRYPTED,),
        (SCANNED,),
    ]
    assert "password-protected PDF" in ENCRYPTED and "--pdf-password" in ENCRYPTED


MAPPING = """
bank = "federal"
date_formats = ["%d/%m/%Y"]
account_pattern = 'Account Number\\s*:[\\s,]*(?P<account>\\d{8,18})'
footer_markers = ["Closing Balance"]
[columns]
"Sl No" = "ignore"
"Tran Date" = "txn_date"
"Particulars" = "narration"
"Amount" = "amount"
"Type" = "dr_cr"
"Balance" = "balance"
"""
FEDERAL_CSV = """Federal Bank,,,,,
Account Number : ,14540100012345,,,,
Sl No,Tran Date,Particulars,Amount,Type,Balance
1,01/04/2025,UPI IN/509112345601/PRIYA/okaxis,"1,500.00",CR,"11,500.00"
2,02/04/2025,ATM WDL/FEDERAL ATM KOCHI,"2,000.00",DR,"9,500.00"
3,03/04/2025,UPI OUT/509312345602/SHOP,75.00,XX,"9,425.00"
,,,,,
Closing Balance,,,,,"9,425.00"
"""


def test_mapping_file_reads_another_banks_csv(
    tmp_path: Path, duckdb_location: WarehouseLocation, query: Query
) -> None:
    mapping = tmp_path / "federal.mapping.toml"
    mapping.write_text(MAPPING)
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "federal.csv").write_text(FEDERAL_CSV)
    without = _ingest([landing], duckdb_location, "P1")
    assert without.counts("statement").loaded == 0 and len(without.unrecognised) == 1
    report = ingest_paths([landing], duckdb_location, person_ref="P1", mapping_dir=tmp_path)
    assert report.counts("statement").loaded == 2
    assert query(
        "select bank, account_number, direction, amount_paise, balance_paise"
        " from raw.statement_lines order by txn_date"
    ) == [
        ("federal", "14540100012345", "credit", 150000, 1150000),
        ("federal", "14540100012345", "debit", 200000, 950000),
    ]
    assert query("select line_no, reason from raw.quarantine where source = 'statement'") == [
        (6, "no DR/CR indicator 'XX' in Type")
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("bank = 'x y'", "bank must be a short lowercase name"),
        (MAPPING.replace('"amount"', '"amout"'), "unknown role 'amout'"),
        (MAPPING.replace('"Amount" = "amount"', '"Amount" = "debit"'), "either both 'debit'"),
        (MAPPING.replace("(?P<account>", "("), "named group (?P<account>...)"),
        (MAPPING.replace("date_formats", "date_format"), "unknown key(s) ['date_format']"),
        ("bank = [", "not valid TOML"),
    ],
)
def test_bad_mapping_names_the_file_and_the_problem(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = tmp_path / "bad.mapping.toml"
    path.write_text(text)
    with pytest.raises(MappingError) as error:
        load_mapping(path)
    assert str(path) in str(error.value) and problem in str(error.value)


def test_cli_takes_passwords_and_mappings_and_refuses_a_bad_mapping(
    hisaab_home: Path, tmp_path: Path
) -> None:
    app = typer.Typer()
    app.command()(ingest)
    landing = tmp_path / "person=P1"
    landing.mkdir()
    write_pdf(BANKS[3], landing / "axis.pdf", password="PW1")
    (landing / "federal.csv").write_text(FEDERAL_CSV)
    (hisaab_home / "mappings").mkdir()
    (hisaab_home / "mappings" / "federal.mapping.toml").write_text(MAPPING)
    result = CliRunner().invoke(
        app, [str(landing), "--pdf-password", "x", "--pdf-password", "PW1", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["sources"]["statement"]["loaded"] == 3 + 2
    bad = tmp_path / "bad.mapping.toml"
    bad.write_text(MAPPING.replace('"txn_date"', '"date"'))
    result = CliRunner().invoke(app, [str(landing), "--mapping", str(bad)])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and str(bad) in result.stderr
    assert "unknown role 'date'" in result.stderr and "Traceback" not in result.output
