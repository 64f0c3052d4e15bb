"""The published snapshot: readers see the last publish and never hold the writer's file."""

from __future__ import annotations

import threading
from pathlib import Path

import duckdb
import pytest

from hisaab.serving import CURRENT, PublishedMarts, publish
from hisaab.settings import Settings, WarehouseLocation
from hisaab.warehouse import WarehouseNotBuilt


def _warehouse(path: Path, rows: int) -> WarehouseLocation:
    with duckdb.connect(str(path)) as conn:
        conn.execute("create schema if not exists marts")
        conn.execute("create schema if not exists ml")
        conn.execute("create schema if not exists raw")
        conn.execute("create or replace table raw.secret as select 1 as x")
        conn.execute(
            "create or replace table marts.fct_ledger as"
            f" select i as n, i * 100 as amount_paise from range({rows}) t(i)"
        )
        conn.execute(
            "create or replace view marts.v_total as select sum(n) as n from marts.fct_ledger"
        )
        conn.execute("create or replace table ml.scores as select 0.5 as score")
    return WarehouseLocation("duckdb", path=path)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path)


def test_nothing_published_is_a_clear_error(settings: Settings) -> None:
    with pytest.raises(WarehouseNotBuilt, match="nothing published"):
        PublishedMarts(settings).rows("select 1")


def test_readers_see_marts_and_models_but_not_raw(settings: Settings, tmp_path: Path) -> None:
    location = _warehouse(tmp_path / "warehouse.duckdb", 10)
    publish(location, tmp_path / "published")
    marts = PublishedMarts(settings)
    assert marts.scalar("select count(*) from marts.fct_ledger where n >= :low", {"low": 5}) == 5
    assert marts.scalar("select n from marts.v_total") == 45
    assert marts.frame("select score from ml.scores")["score"].to_list() == [0.5]
    with pytest.raises(WarehouseNotBuilt):
        marts.rows("select * from raw.secret")


def test_the_writer_is_never_blocked_and_readers_move_to_the_next_snapshot(
    settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "warehouse.duckdb"
    publish(_warehouse(path, 10), tmp_path / "published")
    marts = PublishedMarts(settings)
    assert marts.scalar("select count(*) from marts.fct_ledger") == 10
    # A reader holds the snapshot open; the pipeline still opens its warehouse read-write.
    with duckdb.connect(str(path)) as writer:
        writer.execute(
            "create or replace table marts.fct_ledger as select 1 as n, 1 as amount_paise"
        )
    publish(WarehouseLocation("duckdb", path=path), tmp_path / "published")
    assert marts.scalar("select count(*) from marts.fct_ledger") == 1
    assert (tmp_path / "published" / CURRENT).is_symlink()


def test_concurrent_readers_during_publishes(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "warehouse.duckdb"
    location = _warehouse(path, 100)
    publish(location, tmp_path / "published")
    marts = PublishedMarts(settings)
    errors: list[BaseException] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            try:
                assert marts.scalar("select count(*) from marts.fct_ledger") == 100
            except BaseException as exc:  # reported below
                errors.append(exc)
                return

    readers = [threading.Thread(target=read) for _ in range(4)]
    for reader in readers:
        reader.start()
    for _ in range(5):
        publish(location, tmp_path / "published")
    stop.set()
    for reader in readers:
        reader.join()
    assert not errors
    assert len(list((tmp_path / "published").glob("warehouse-*.duckdb"))) == 6  # pruned after 2 min
