"""AA FI data in ReBIT XML, the normative form: the same rows as the JSON bundle of the same data,
and hostile XML (DOCTYPE / entity bombs) quarantined instead of expanded."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

import polars as pl

from hisaab.settings import WarehouseLocation
from ingestion import ingest_paths
from ingestion.aa import read_aa
from ingestion.detect import classify
from ingestion.lineage import utc_now
from ingestion.load import SourceBatch

Query = Callable[[str], list[tuple[object, ...]]]
NAMESPACE = "http://api.rebit.org.in/FISchema/deposit"
LINEAGE = ["source_file", "file_hash", "ingested_at"]
BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<Account type="deposit" maskedAccNumber="XX1234" linkedAccRef="r"><Summary branch="&lol3;"/>
</Account>
"""


def _attrs(values: dict[str, Any]) -> str:
    return "".join(
        f" {k}={quoteattr(str(v))}" for k, v in values.items() if not isinstance(v, (dict, list))
    )


def _element(name: str, values: dict[str, Any], namespace: str = "") -> str:
    """A JSON object as an element: scalars become attributes, objects and lists child elements."""
    children = []
    for key, value in values.items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                children.append(_element(key, item))
    xmlns = f' xmlns="{namespace}"' if namespace else ""
    return f"<{name}{xmlns}{_attrs(values)}>{''.join(children)}</{name}>"


def bundle_as_xml(bundle: dict[str, Any], *, envelope: bool) -> str:
    """The JSON bundle as XML: the FI fetch envelope around each Account, or the lone Account."""
    fi = bundle["FI"][0]
    entry = fi["data"][0]
    account = _element("Account", entry["Account"], NAMESPACE)
    if not envelope:
        return f'<?xml version="1.0" encoding="UTF-8"?>\n{account}'
    head = {k: v for k, v in bundle.items() if k != "FI"}
    data = {k: v for k, v in entry.items() if k != "Account"}
    return (
        f"<FIFetchResponse{_attrs(head)}><FI fipID={quoteattr(fi['fipID'])}>"
        f"<data{_attrs(data)}>{account}</data></FI></FIFetchResponse>"
    )


def _read(path: Path) -> SourceBatch:
    return read_aa([classify(path.resolve(), "P000001")], utc_now())


def _same(json_batch: SourceBatch, xml_batch: SourceBatch, table: str) -> None:
    expected = json_batch.tables[table].drop(LINEAGE)
    actual = xml_batch.tables[table].drop(LINEAGE)
    assert actual.height > 0
    assert actual.sort("line_no").equals(expected.sort("line_no"))


def test_xml_gives_the_same_rows_as_json(person_dir: Path, tmp_path: Path) -> None:
    source = person_dir / "aa" / "HDFC-FIP_6789.json"
    bundle = json.loads(source.read_text(), parse_float=str, parse_int=str)
    json_batch = _read(source)
    for envelope, name in ((True, "bundle.xml"), (False, "HDFC-FIP_6789.xml")):
        path = tmp_path / name
        path.write_text(bundle_as_xml(bundle, envelope=envelope))
        assert classify(path, "P1").source == "aa"
        xml_batch = _read(path)
        _same(json_batch, xml_batch, "aa_transactions")
        _same(json_batch, xml_batch, "aa_accounts")
        assert xml_batch.quarantine is not None
        assert xml_batch.quarantine["reason"].to_list() == [
            "Transaction[4] of XXXXXXXXXX6789: amount '8,99.OO' is not a rupee amount"
        ]


def test_holder_profile_never_reaches_the_rows(person_dir: Path, tmp_path: Path) -> None:
    bundle = json.loads((person_dir / "aa" / "HDFC-FIP_6789.json").read_text(), parse_float=str)
    path = tmp_path / "HDFC-FIP_6789.xml"
    path.write_text(bundle_as_xml(bundle, envelope=False))
    batch = _read(path)
    for frame in batch.tables.values():
        text = " ".join(str(v) for v in frame.select(pl.all().cast(pl.String)).unpivot()["value"])
        assert "ABCPV1234F" not in text and "9876543210" not in text


def test_entity_bomb_and_bad_xml_are_quarantined_not_expanded(
    tmp_path: Path, duckdb_location: WarehouseLocation, query: Query
) -> None:
    folder = tmp_path / "person=P1" / "aa"
    folder.mkdir(parents=True)
    (folder / "HDFC-FIP_1234.xml").write_bytes(BOMB)
    (folder / "SBI-FIP_1111.xml").write_text('<Account type="deposit"><Transactions>')
    (folder / "notes.xml").write_text('<Account type="deposit" maskedAccNumber="XX1"/>')
    report = ingest_paths([tmp_path], duckdb_location, mapping_dir=tmp_path / "none")
    assert report.counts("aa").quarantined == 3
    reasons = [str(r) for (r,) in query("select reason from raw.quarantine where source = 'aa'")]
    assert any("DOCTYPE declarations are not allowed" in r for r in reasons)
    assert any(r.startswith("not valid XML") for r in reasons)
    assert any("names no fipID" in r for r in reasons)
