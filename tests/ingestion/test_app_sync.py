"""The bank sync copies profiles, budgets and corrections from the app database to raw."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, text

from hisaab.settings import WarehouseLocation
from ingestion.app_sync import sync_app_tables
from ingestion.warehouse import open_warehouse

T0 = datetime(2025, 11, 1, 4, 30, tzinfo=UTC)


def _app_database(path: Path) -> Engine:
    """The app's tables as the API creates them, with columns the warehouse must not receive."""
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.execute(
            text(
                "create table people (person_id text primary key, person_ref text,"
                " phone_enc text, phone_index text, city text, city_tier integer,"
                " age_band text, created_at timestamp, erased_at timestamp)"
            )
        )
        conn.execute(
            text(
                "insert into people values"
                " ('u1', 'P000001', 'v1.k1.secret', 'idx1', 'Pune', 2, '25-34', :t, null),"
                " ('u2', 'P000002', 'v1.k1.secret2', 'idx2', 'Delhi', 1, '35-44', :t, :t)"
            ),
            {"t": T0.replace(tzinfo=None)},
        )
        conn.execute(
            text(
                "create table budgets (budget_id text primary key, person_ref text, scope text,"
                " category text, monthly_limit_paise bigint, rollover boolean, starts_on date,"
                " ends_on date, updated_at timestamp, is_deleted boolean)"
            )
        )
        conn.execute(
            text(
                "insert into budgets values ('b1', 'P000001', 'group', 'food_dining', 500000,"
                " 0, :d, null, :t, 0)"
            ),
            {"d": date(2025, 11, 1), "t": T0.replace(tzinfo=None)},
        )
    return engine


def _consent(engine: Engine, person_ref: str) -> None:
    from hisaab.privacy.consents import privacy_consents, set_consent

    privacy_consents.create(engine, checkfirst=True)
    set_consent(engine, person_ref, "analytics_profile", granted=True)


def test_profiles_and_budgets_are_copied_without_identifiers(tmp_path: Path) -> None:
    engine = _app_database(tmp_path / "app.db")
    _consent(engine, "P000001")
    _consent(engine, "P000002")
    location = WarehouseLocation("duckdb", path=tmp_path / "warehouse.duckdb")
    counts = sync_app_tables(engine, location)
    assert counts == {"app_people": 2, "app_budgets": 1, "app_category_corrections": 0}
    with open_warehouse(location) as warehouse:
        people = warehouse.read("select * from raw.app_people order by person_ref")
        budgets = warehouse.read("select * from raw.app_budgets")
    assert people.columns == [
        "person_ref", "city", "city_tier", "age_band", "is_erased", "updated_at"
    ]  # fmt: skip
    assert people.rows()[0][:5] == ("P000001", "Pune", 2, "25-34", False)
    assert people["is_erased"].to_list() == [False, True]
    assert budgets.rows()[0][:5] == ("b1", "P000001", "group", "food_dining", 500000)


def test_a_second_sync_updates_rows_in_place(tmp_path: Path) -> None:
    engine = _app_database(tmp_path / "app.db")
    location = WarehouseLocation("duckdb", path=tmp_path / "warehouse.duckdb")
    sync_app_tables(engine, location)
    with engine.begin() as conn:
        conn.execute(text("update budgets set is_deleted = 1"))
    sync_app_tables(engine, location)
    with open_warehouse(location) as warehouse:
        budgets = warehouse.read("select budget_id, is_deleted from raw.app_budgets")
    assert budgets.rows() == [("b1", True)]


def test_an_app_without_these_tables_copies_nothing(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    location = WarehouseLocation("duckdb", path=tmp_path / "warehouse.duckdb")
    assert set(sync_app_tables(engine, location).values()) == {0}


def test_demographics_need_the_analytics_consent(tmp_path: Path) -> None:
    engine = _app_database(tmp_path / "app.db")
    _consent(engine, "P000002")
    location = WarehouseLocation("duckdb", path=tmp_path / "warehouse.duckdb")
    sync_app_tables(engine, location)
    with open_warehouse(location) as warehouse:
        people = warehouse.read("select person_ref, city, city_tier, age_band from raw.app_people")
    assert sorted(people.rows()) == [
        ("P000001", None, None, None),
        ("P000002", "Delhi", 1, "35-44"),
    ]
