"""The narration parser against a hand-labelled corpus of 12 banks' lines and the sandbox's output.

The corpus (tests/fixtures/parsing/narration_corpus.jsonl) holds what a careful reader takes from
each line; the test prints per-field accuracy and the first mismatches so a regression is visible
field by field, and fails below `MIN_ACCURACY`.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import polars as pl
import pytest

from ingestion.narration import NARRATION_SCHEMA, parse_narration, parse_narrations
from sandbox.generate import generate_population
from sandbox.generator.statement_rows import HEADERS

CORPUS = Path(__file__).parents[1] / "fixtures" / "parsing" / "narration_corpus.jsonl"
FIELDS = tuple(NARRATION_SCHEMA)
MIN_ACCURACY = 0.98
NARRATION_COLUMN = {"hdfc": 1, "sbi": 2, "icici": 4, "axis": 2}


def _corpus() -> list[dict[str, object]]:
    return [json.loads(line) for line in CORPUS.read_text().splitlines() if line.strip()]


def _expected(case: dict[str, object]) -> dict[str, object]:
    expected = dict(case["expected"])  # type: ignore[call-overload]
    expected.setdefault("is_reversal", False)
    return expected


def test_corpus_covers_every_bank_and_channel() -> None:
    cases = _corpus()
    banks = Counter(str(case["bank"]) for case in cases)
    channels = {_expected(case)["channel"] for case in cases}
    assert len(cases) >= 280
    assert len(banks) == 12 and min(banks.values()) >= 15
    assert channels >= {"UPI", "IMPS", "NEFT", "RTGS", "ATM", "CARD", "POS", "NACH"}
    assert channels >= {"CASH", "CHEQUE", "INTEREST", "CHARGES"}


def test_corpus_field_accuracy() -> None:
    cases = _corpus()
    parsed = parse_narrations(pl.Series([str(case["narration"]) for case in cases])).to_dicts()
    right: Counter[str] = Counter()
    mismatches: list[str] = []
    for case, got in zip(cases, parsed, strict=True):
        expected = _expected(case)
        for field in FIELDS:
            if got[field] == expected[field]:
                right[field] += 1
            else:
                mismatches.append(
                    f"  {case['bank']:<8} {field:<12} want {expected[field]!r:<26}"
                    f" got {got[field]!r:<26} {case['narration']}"
                )
    print(f"\n{'field':<14}accuracy  ({len(cases)} narrations)")
    for field in FIELDS:
        print(f"{field:<14}{right[field] / len(cases):.4f}")
    overall = sum(right.values()) / (len(cases) * len(FIELDS))
    print(f"{'overall':<14}{overall:.4f}")
    if mismatches:
        print(f"first of {len(mismatches)} mismatches:", *mismatches[:25], sep="\n")
    assert overall >= MIN_ACCURACY


def test_batch_and_single_parse_agree() -> None:
    narrations = [str(case["narration"]) for case in _corpus()]
    batch = parse_narrations(pl.Series(narrations))
    assert batch.schema == pl.Schema(NARRATION_SCHEMA)
    singles = [parse_narration(text).__dict__ for text in narrations]
    assert batch.to_dicts() == singles


def test_nulls_and_empty_frames() -> None:
    parsed = parse_narrations(pl.Series([None, "", "UPI/P2A/511616020904/AMIT NAIR/movie/AXIS"]))
    assert parsed.row(0, named=True) == {**dict.fromkeys(FIELDS), "is_reversal": False}
    assert parsed["reference"][2] == "511616020904"
    assert parse_narrations(pl.Series([], dtype=pl.String)).schema == pl.Schema(NARRATION_SCHEMA)


@pytest.fixture(scope="module")
def sandbox_landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("narration_landing")
    generate_population(out, users=5, months=2, seed=1)
    return out


def test_every_sandbox_narration_has_a_channel(sandbox_landing: Path) -> None:
    lines = _statement_lines(sandbox_landing)
    parsed = lines.hstack(parse_narrations(lines["narration"]))
    unread = parsed.filter(pl.col("channel").is_null())["narration"].to_list()
    assert lines.height > 100
    assert not unread, unread[:10]


def test_sandbox_upi_rrn_is_the_one_extracted(sandbox_landing: Path) -> None:
    """Per account, the RRNs read from UPI lines are exactly the truth's UPI references."""
    lines = _statement_lines(sandbox_landing)
    parsed = lines.hstack(parse_narrations(lines["narration"]))
    account = ["person_ref", "bank", "account_last4"]
    read = parsed.filter(pl.col("channel") == "UPI").select(*account, "reference")
    truth = (
        pl.read_csv(sandbox_landing / "_truth" / "transactions.csv", infer_schema=False)
        .filter((pl.col("channel") == "upi") & (pl.col("in_statement") == "true"))
        .select(*account, "reference")
    )
    assert read["reference"].null_count() == 0
    assert read.height == truth.height > 0
    assert sorted(read.iter_rows()) == sorted(truth.iter_rows())


def _statement_lines(landing: Path) -> pl.DataFrame:
    rows = []
    for path in sorted(landing.glob("person=*/statements/*.csv")):
        bank, last4 = path.stem.split("_")
        person = path.parts[-3].removeprefix("person=")
        for narration in _statement_narrations(path, bank):
            rows.append((person, bank, last4, narration))
    schema = ["person_ref", "bank", "account_last4", "narration"]
    return pl.DataFrame(rows, schema=schema, orient="row")


def _statement_narrations(path: Path, bank: str) -> list[str]:
    """The narration cell of each transaction row: from the header to the first blank row."""
    lines = list(csv.reader(path.read_text().splitlines()))
    start = next(i for i, cells in enumerate(lines) if ",".join(cells) == HEADERS[bank])
    narrations = []
    for cells in lines[start + 1 :]:
        if not any(cells):
            break
        narrations.append(cells[NARRATION_COLUMN[bank]])
    return [n for n in narrations if n != "OPENING BALANCE"]
