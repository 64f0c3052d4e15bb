from pathlib import Path

import pytest

from hisaab.settings import Settings, WarehouseLocation


def test_embedded_defaults_need_no_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HISAAB_HOME", "HISAAB_WAREHOUSE_URL", "HISAAB_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings()
    assert settings.profile == "embedded"
    assert settings.warehouse.kind == "duckdb"
    assert settings.warehouse.path == Path(".hisaab").resolve() / "warehouse.duckdb"


def test_postgres_url_becomes_dbt_environment() -> None:
    location = WarehouseLocation.parse("postgresql://ana:s%40fe@db.local:6543/ledger", Path("/x"))
    assert location.kind == "postgres"
    assert location.dbt_env() == {
        "HISAAB_DBT_TARGET": "postgres",
        "HISAAB_PG_HOST": "db.local",
        "HISAAB_PG_PORT": "6543",
        "HISAAB_PG_USER": "ana",
        "HISAAB_PG_PASSWORD": "s@fe",
        "HISAAB_PG_DBNAME": "ledger",
    }


def test_unknown_warehouse_scheme_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="duckdb:// or postgresql://"):
        WarehouseLocation.parse("mysql://x/y", Path("/x"))
