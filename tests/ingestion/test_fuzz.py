"""Fuzzed landing files never crash a batch and never drop a good row.

Clean files come from the sandbox generator; hypothesis mutates one the way real exports go wrong
(garbage lines, a cut-off download, another encoding, columns in another order) and the mutated
folder is ingested into a fresh DuckDB warehouse. Every row of the clean file that the mutation
left intact must still load (rows are identified by ``source_row_id``, a hash of the row's content,
never of its line number), and whatever cannot be read is quarantined with a reason.
"""

from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hisaab.settings import WarehouseLocation
from ingestion import ingest_paths
from ingestion.statements.banks import find_header
from sandbox.generate import generate_population

FUZZ = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
BANKS = ("hdfc", "sbi", "icici", "axis")
PERSON = "P000001"


@pytest.fixture(scope="module")
def population(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fuzz-population")
    generate_population(out, users=8, months=2, seed=11)
    return out


class Files(dict[str, bytes]):
    """The clean files by kind; a short repr keeps hypothesis' failure reports readable."""

    def __repr__(self) -> str:
        return f"Files({sorted(self)})"


@pytest.fixture(scope="module")
def clean(population: Path) -> dict[str, bytes]:
    """One clean file per kind: ``<bank>`` statements, ``sms`` and ``aa``."""
    statements = {p.stem.split("_")[0]: p for p in sorted(population.glob("person=*/statements/*"))}
    found = Files({bank: statements[bank].read_bytes() for bank in BANKS})
    found["sms"] = next(iter(sorted(population.glob("person=*/sms/messages.jsonl")))).read_bytes()
    found["aa"] = next(iter(sorted(population.glob("person=*/aa/*.json")))).read_bytes()
    return found


@pytest.fixture(scope="module")
def clean_ids(clean: dict[str, bytes]) -> dict[str, set[str]]:
    return {kind: _ingest(kind, data)[0] for kind, data in clean.items()}


def _ingest(kind: str, data: bytes) -> tuple[set[str], int]:
    """(source_row_ids loaded, quarantined rows) for one file ingested into a fresh warehouse."""
    with tempfile.TemporaryDirectory(prefix="hisaab-fuzz-") as scratch:
        folder = Path(scratch)
        name = {"sms": "sms/messages.jsonl", "aa": "aa/HDFC-FIP_0001.json"}.get(
            kind, f"statements/{kind}_0001.csv"
        )
        path = folder / f"person={PERSON}" / name
        path.parent.mkdir(parents=True)
        path.write_bytes(data)
        location = WarehouseLocation("duckdb", path=folder / "warehouse.duckdb")
        ingest_paths([folder / f"person={PERSON}"], location)
        table = {"sms": "sms_messages", "aa": "aa_transactions"}.get(kind, "statement_lines")
        with duckdb.connect(str(location.path), read_only=True) as connection:
            rows = connection.execute(f"select source_row_id from raw.{table}").fetchall()
            ids = {row[0] for row in rows}
            (quarantined,) = connection.execute("select count(*) from raw.quarantine").fetchone()
    return ids, int(quarantined)


def _table_start(data: bytes) -> int:
    """Byte offset of the first row after the header."""
    header = find_header(data)
    assert header is not None
    return header.end


garbage_lines = st.lists(
    st.one_of(
        st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=80),
        st.binary(max_size=60).map(lambda raw: raw.decode("latin-1")),
        st.sampled_from(
            [
                ",,,,,,",
                '"unterminated quote, 01/04/25,12.00',
                "01/04/25,,,,,,",
                "Page 2 of 3",
                "\x00\x00\x00",
                "Date,Narration,Chq./Ref.No.,Value Dt,Withdrawal Amt.,Deposit Amt.,Closing Balance",
            ]
        ),
    ).map(lambda text: text.replace("\n", " ").replace("\r", " ")),
    min_size=1,
    max_size=6,
)


@pytest.mark.parametrize("bank", BANKS)
@FUZZ
@given(garbage=garbage_lines, positions=st.lists(st.floats(0, 1), min_size=6, max_size=6))
def test_garbage_lines_in_a_statement_lose_no_good_row(
    bank: str,
    clean: dict[str, bytes],
    clean_ids: dict[str, set[str]],
    garbage: list[str],
    positions: list[float],
) -> None:
    data = clean[bank]
    start = _table_start(data)
    lines = data[start:].split(b"\n")
    for text, where in zip(garbage, positions, strict=False):
        lines.insert(int(where * (len(lines) - 1)), text.encode("utf-8", "replace"))
    ids, _ = _ingest(bank, data[:start] + b"\n".join(lines))
    assert clean_ids[bank] <= ids


@pytest.mark.parametrize("kind", [*BANKS, "sms"])
@FUZZ
@given(cut=st.floats(0, 1))
def test_a_cut_off_file_keeps_every_complete_row(
    kind: str, clean: dict[str, bytes], clean_ids: dict[str, set[str]], cut: float
) -> None:
    data = clean[kind]
    at = int(cut * len(data))
    truncated = data[:at]
    complete = data[: truncated.rfind(b"\n") + 1]
    # The rows the cut left whole are those of the clean file up to the last complete line.
    expected, _ = _ingest(kind, complete) if complete else (set(), 0)
    ids, _ = _ingest(kind, truncated)
    assert expected <= ids
    # Only the row the cut went through may read differently (an amount cut from 245.00 to 24
    # still parses; its running balance is what would give it away).
    assert len(ids - clean_ids[kind]) <= 1


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("kind", [*BANKS, "sms"])
def test_other_encodings_load_the_same_rows(
    kind: str, encoding: str, clean: dict[str, bytes], clean_ids: dict[str, set[str]]
) -> None:
    text = clean[kind].decode("utf-8")
    ids, quarantined = _ingest(kind, text.encode(encoding))
    assert ids == clean_ids[kind]
    assert quarantined == 0


def test_a_latin1_narration_loads_instead_of_failing(clean: dict[str, bytes]) -> None:
    data = clean["hdfc"]
    start = _table_start(data)
    first_row_end = data.index(b"\n", start)
    row = data[start:first_row_end].split(b",")
    row[1] = "CAF\u00c9 COFFEE DAY".encode("cp1252")
    mutated = data[:start] + b",".join(row) + data[first_row_end:]
    ids, quarantined = _ingest("hdfc", mutated)
    assert len(ids) == len(_ingest("hdfc", data)[0])
    assert quarantined == 0


@pytest.mark.parametrize("bank", BANKS)
@FUZZ
@given(draw=st.data())
def test_shuffled_columns_load_the_same_rows(
    bank: str,
    clean: dict[str, bytes],
    clean_ids: dict[str, set[str]],
    draw: st.DataObject,
) -> None:
    data = clean[bank]
    header = find_header(data)
    assert header is not None
    width = len(header.format.columns)
    order = draw.draw(st.permutations(range(width)))
    table_end = header.format.footer_start(data, header.end)
    rows = data[header.start : table_end].decode("utf-8").splitlines()
    shuffled = []
    for line in rows:
        cells = _split_csv(line)
        if len(cells) < width:
            shuffled.append(line)
            continue
        shuffled.append(",".join(_quote(cells[i]) for i in order))
    mutated = data[: header.start] + ("\n".join(shuffled) + "\n").encode() + data[table_end:]
    ids, _ = _ingest(bank, mutated)
    assert ids == clean_ids[bank]


@FUZZ
@given(garbage=garbage_lines, positions=st.lists(st.floats(0, 1), min_size=6, max_size=6))
def test_garbage_lines_in_an_sms_export_lose_no_message(
    clean: dict[str, bytes],
    clean_ids: dict[str, set[str]],
    garbage: list[str],
    positions: list[float],
) -> None:
    lines = clean["sms"].split(b"\n")
    for text, where in zip(garbage, positions, strict=False):
        lines.insert(int(where * (len(lines) - 1)), text.encode("utf-8", "replace"))
    ids, _ = _ingest("sms", b"\n".join(lines))
    assert clean_ids["sms"] <= ids


@FUZZ
@given(cut=st.floats(0.01, 0.99))
def test_a_cut_off_aa_bundle_is_quarantined_not_a_crash(
    clean: dict[str, bytes], cut: float
) -> None:
    data = clean["aa"]
    ids, quarantined = _ingest("aa", data[: int(cut * len(data))])
    assert ids == set()
    assert quarantined >= 1


def test_an_aa_bundle_with_one_bad_transaction_keeps_the_rest(
    clean: dict[str, bytes], clean_ids: dict[str, set[str]]
) -> None:
    bundle = json.loads(clean["aa"])
    transactions = bundle["FI"][0]["data"][0]["Account"]["Transactions"]["Transaction"]
    transactions[0]["amount"] = "twelve rupees"
    ids, quarantined = _ingest("aa", json.dumps(bundle).encode())
    assert len(ids) == len(clean_ids["aa"]) - 1
    assert quarantined == 1


def _split_csv(line: str) -> list[str]:
    return next(csv.reader([line]))


def _quote(cell: str) -> str:
    return f'"{cell}"' if "," in cell or '"' in cell else cell
