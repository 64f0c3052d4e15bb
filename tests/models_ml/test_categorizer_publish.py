"""``ml.ledger_categorized`` and the categorizer's tables, on DuckDB and on PostgreSQL."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import polars as pl
import pytest

from hisaab.settings import WarehouseLocation
from ingestion.warehouse import open_warehouse
from models_ml.categorizer.predict import CANDIDATE_COLUMNS, CATEGORY_COLUMNS, QUEUE_COLUMNS
from models_ml.categorizer.publish import publish
from models_ml.store import read_frame

LEDGER_DDL = """
    create table marts.fct_ledger (
        transaction_id varchar, person_ref varchar, amount_paise bigint, direction varchar,
        category_id varchar, category varchar, subcategory varchar, category_source varchar,
        category_confidence numeric(4, 3), category_rule varchar, is_transfer boolean,
        is_refund boolean, narration varchar
    )
"""
LEDGER_ROWS = """
    insert into marts.fct_ledger values
    ('placed', 'P1', 50000, 'debit', 'food_dining:delivery', 'food_dining', 'delivery',
     'rule', 1.0, 'merchant', false, false, 'SWIGGY'),
    ('sure', 'P1', 20000, 'debit', 'uncategorized', 'uncategorized', null,
     'none', null, null, false, false, 'JAI AMBE SWEETS'),
    ('unsure', 'P1', 90000, 'debit', 'uncategorized', 'uncategorized', null,
     'none', null, null, false, false, 'ZQX'),
    ('moved', 'P2', 300000, 'credit', 'uncategorized', 'uncategorized', null,
     'none', null, null, false, false, 'OWN ACCOUNT'),
    ('corrected', 'P2', 10000, 'debit', 'shopping:electronics', 'shopping', 'electronics',
     'user', 1.0, 'correction', false, false, 'ZQX')
"""
PREDICTED_AT = datetime(2025, 6, 1, 2, 0)
GUESSES = {  # transaction_id: (category, confidence, is_confident)
    "sure": ("food_dining:sweets_bakeries", 0.9634, True),
    "unsure": ("groceries:local_shops", 0.41, False),
    "moved": ("transfers:self", 0.97, True),
    "corrected": ("groceries:local_shops", 0.99, True),  # guessed before the correction
}


def _categories(version: str) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "transaction_id": list(GUESSES),
            "person_ref": ["P1", "P1", "P2", "P2"],
            "predicted_category": [guess[0] for guess in GUESSES.values()],
            "predicted_group": [guess[0].split(":")[0] for guess in GUESSES.values()],
            "confidence": [guess[1] for guess in GUESSES.values()],
            "is_confident": [guess[2] for guess in GUESSES.values()],
            "model_version": [version] * 4,
            "predicted_at": [PREDICTED_AT] * 4,
        }
    ).select(CATEGORY_COLUMNS)


def _queue(version: str) -> pl.DataFrame:
    row: dict[str, object] = {
        "transaction_id": "unsure", "person_ref": "P1", "business_date": PREDICTED_AT.date(),
        "amount_paise": 90000, "direction": "debit", "counterparty": "ZQX",
        "model_version": version, "predicted_at": PREDICTED_AT,
    }  # fmt: skip
    for rank, name in enumerate(CANDIDATE_COLUMNS):
        row[name] = f"candidate:{rank}" if rank % 2 == 0 else 0.41 - rank / 100
    return pl.DataFrame([row]).select(QUEUE_COLUMNS)


def _with_ledger(location: WarehouseLocation) -> WarehouseLocation:
    with open_warehouse(location) as warehouse:
        warehouse.execute("create schema if not exists marts")
        warehouse.execute(LEDGER_DDL)
        warehouse.execute(LEDGER_ROWS)
    return location


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> WarehouseLocation:
    if request.param == "duckdb":
        return _with_ledger(WarehouseLocation("duckdb", path=tmp_path / "warehouse.duckdb"))
    url = request.getfixturevalue("postgres_url")
    return _with_ledger(WarehouseLocation.parse(url, tmp_path))


def _view(location: WarehouseLocation) -> pl.DataFrame:
    return read_frame(location, "select * from ml.ledger_categorized order by transaction_id")


def test_confident_guesses_fill_the_ledger_view_and_corrections_win(
    location: WarehouseLocation,
) -> None:
    publish(location, _categories("v1"), _queue("v1"))
    view = {row["transaction_id"]: row for row in _view(location).iter_rows(named=True)}
    assert list(view) == ["corrected", "moved", "placed", "sure", "unsure"]
    sure = view["sure"]
    assert (sure["category_id"], sure["category"], sure["subcategory"]) == (
        "food_dining:sweets_bakeries", "food_dining", "sweets_bakeries",
    )  # fmt: skip
    assert (sure["category_source"], sure["category_rule"]) == ("model", "model:v1")
    assert float(sure["category_confidence"]) == pytest.approx(0.963)
    assert view["unsure"]["category_source"] == "none"
    assert view["moved"]["is_transfer"] and view["moved"]["category_source"] == "model"
    assert view["corrected"]["category_id"] == "shopping:electronics"
    assert view["corrected"]["category_source"] == "user"
    assert view["placed"]["category_rule"] == "merchant"


def test_publishing_again_replaces_the_tables_under_the_view(location: WarehouseLocation) -> None:
    publish(location, _categories("v1"), _queue("v1"))
    publish(location, _categories("v2").head(1), _queue("v2").head(0))
    view = _view(location)
    assert view.filter(pl.col("category_source") == "model")["category_rule"].to_list() == [
        "model:v2"
    ]
    assert read_frame(location, "select count(*) as n from ml.category_review_queue")["n"][0] == 0
    queue_columns = read_frame(location, "select * from ml.category_review_queue").columns
    assert queue_columns == QUEUE_COLUMNS
