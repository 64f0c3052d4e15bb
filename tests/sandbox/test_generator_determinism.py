"""Same arguments give the same bytes; another seed gives another population."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sandbox.generate import generate_population, users_for_transactions
from tests.sandbox.landing import MONTHS, SEED, USERS, Landing, snapshot


def test_same_seed_gives_identical_bytes(landing: Landing, tmp_path: Path) -> None:
    generate_population(tmp_path, users=USERS, months=MONTHS, seed=SEED)
    first, second = snapshot(landing.root), snapshot(tmp_path)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_another_seed_gives_another_population(landing: Landing, tmp_path: Path) -> None:
    generate_population(tmp_path, users=USERS, months=MONTHS, seed=SEED + 1)
    first, second = snapshot(landing.root), snapshot(tmp_path)
    truth = "_truth/transactions.csv"
    assert first[truth] != second[truth]
    assert sum(first.get(name) != body for name, body in second.items()) > len(second) // 2


def test_regenerating_replaces_earlier_output(tmp_path: Path) -> None:
    generate_population(tmp_path, users=5, months=1, seed=1)
    (tmp_path / "keep.txt").write_text("mine")
    generate_population(tmp_path, users=2, months=1, seed=1)
    people = sorted(p.name for p in tmp_path.glob("person=*"))
    assert people == ["person=P000001", "person=P000002"]
    assert (tmp_path / "keep.txt").read_text() == "mine"


def test_manifest_has_parameters_and_counts_but_no_clock(landing: Landing) -> None:
    manifest = json.loads((landing.root / "_truth" / "manifest.json").read_text())
    assert manifest["parameters"] == {
        "users": USERS,
        "months": MONTHS,
        "seed": SEED,
        "start": "2025-04-01",
        "end": "2025-05-31",
    }
    assert manifest["counts"]["transactions"] == landing.summary.transactions
    assert "generator_version" in manifest
    assert not any(word in json.dumps(manifest) for word in ("seconds", "generated_at"))


def test_start_date_moves_the_period(tmp_path: Path) -> None:
    generate_population(tmp_path, users=3, months=1, seed=3, start=date(2025, 10, 1))
    dates = {
        line.split(",")[5]
        for line in (tmp_path / "_truth" / "transactions.csv").read_text().splitlines()[1:]
    }
    assert min(dates) >= "2025-10-01" and max(dates) <= "2025-10-31"


def test_users_for_transactions_scales_with_the_target() -> None:
    small = users_for_transactions(10_000, months=12)
    assert 5 <= small <= 50
    assert 9 * small <= users_for_transactions(100_000, months=12) <= 11 * small
