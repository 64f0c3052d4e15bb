"""The vectorised text helpers print exactly what the scalar money helpers print."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import typer
from typer.testing import CliRunner

from hisaab.money import group_indian
from sandbox.cli import generate
from sandbox.generator.common import day_number
from sandbox.generator.text import day_text, grouped_rupees, rupees, timestamp_text

AMOUNTS = [
    0,
    5,
    99,
    100,
    123_450,
    99_999,
    100_000,
    1_234_567,
    12_345_678,
    1_234_567_890,
    10_000_000_000,
    987_654_321_012,
]


def test_amounts_match_the_scalar_helpers() -> None:
    frame = pl.DataFrame({"paise": AMOUNTS}).select(
        plain=rupees(pl.col("paise")), grouped=grouped_rupees(pl.col("paise"))
    )
    assert frame["plain"].to_list() == [f"{p // 100}.{p % 100:02d}" for p in AMOUNTS]
    assert frame["grouped"].to_list() == [
        f"{group_indian(p // 100)}.{p % 100:02d}" for p in AMOUNTS
    ]


def test_dates_and_timestamps_in_bank_styles() -> None:
    day = day_number(date(2025, 4, 1))
    frame = pl.DataFrame({"day": [day], "at": [day * 86_400 + 9 * 3600 + 5]})
    row = frame.select(
        sbi=day_text(pl.col("day"), "%-d %b %Y"),
        hdfc_sms=day_text(pl.col("day"), "%d-%b-%y", upper=True),
        iso=timestamp_text(pl.col("at"), "+05:30"),
    ).row(0)
    assert row == ("1 Apr 2025", "01-APR-25", "2025-04-01T09:00:05+05:30")


def test_cli_prints_a_summary(tmp_path: Path) -> None:
    app = typer.Typer()
    app.command()(generate)
    result = CliRunner().invoke(
        app, ["--users", "3", "--months", "1", "--out", str(tmp_path), "--start", "2025-10-01"]
    )
    assert result.exit_code == 0, result.output
    assert "true transactions" in result.output and str(tmp_path) in result.output
    assert (tmp_path / "_truth" / "manifest.json").exists()
