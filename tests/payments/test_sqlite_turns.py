"""SQLite writers in one process take turns: none is lost, a failed one hands over its turn."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import text

from payments.db import app_engine


def test_many_writers_over_two_engines_on_one_file_all_land(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    engines = [app_engine(url), app_engine(url)]  # the API's and the payment service's, say
    with engines[0].begin() as conn:
        conn.execute(text("create table counter (n integer not null)"))
        conn.execute(text("insert into counter values (0)"))

    def bump(number: int) -> None:
        with engines[number % 2].begin() as conn:  # read, then write: a lost update if unturned
            current = conn.execute(text("select n from counter")).scalar_one()
            conn.execute(text("update counter set n = :n"), {"n": current + 1})

    with ThreadPoolExecutor(24) as pool:
        list(pool.map(bump, range(600)))
    with engines[1].connect() as conn:
        assert conn.execute(text("select n from counter")).scalar_one() == 600


def test_a_transaction_that_fails_hands_over_its_turn(tmp_path: Path) -> None:
    engine = app_engine(f"sqlite:///{tmp_path / 'app.db'}")
    with pytest.raises(RuntimeError), engine.begin() as conn:
        conn.execute(text("create table t (n integer)"))
        raise RuntimeError("the handler failed mid-transaction")

    def write() -> None:
        with engine.begin() as conn:
            conn.execute(text("create table t (n integer)"))  # rolled back above: not there

    with ThreadPoolExecutor(1) as pool:  # another thread gets its turn at once
        pool.submit(write).result(5)
