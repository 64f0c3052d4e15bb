"""Group commit on a real SQLite file: batches share a commit, and each caller gets its own fate."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from one_batch import count_commits, in_one_batch, wait_for
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.exc import IntegrityError

from payments.group_commit import (
    CommitterClosed,
    DirectTransactions,
    GroupCommitter,
    transactions_for,
)

# The parent is checked at COMMIT (deferred), not at the insert: a way to make a commit fail.
TABLE = """create table entries (
    n integer primary key,
    parent integer references entries (n) deferrable initially deferred
)"""


@pytest.fixture
def engine(sqlite_app_engine: Engine) -> Engine:
    with sqlite_app_engine.begin() as conn:
        conn.execute(text(TABLE))
    return sqlite_app_engine


@pytest.fixture
def committer(engine: Engine) -> Iterator[GroupCommitter]:
    committer = GroupCommitter(engine)
    yield committer
    committer.close()


def insert(n: int, parent: int | None = None) -> Callable[[Connection], int]:
    def work(conn: Connection) -> int:
        conn.execute(text("insert into entries values (:n, :parent)"), {"n": n, "parent": parent})
        return n

    return work


def stored(engine: Engine) -> list[int]:
    with engine.connect() as conn:
        return list(conn.execute(text("select n from entries order by n")).scalars())


def test_concurrent_works_share_commits(engine: Engine, committer: GroupCommitter) -> None:
    commits = count_commits(engine)
    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(lambda n: committer.run(insert(n)), range(200)))
    assert results == list(range(200)) and stored(engine) == list(range(200))
    assert len(commits) < 200


def test_a_batch_commits_once(engine: Engine, committer: GroupCommitter) -> None:
    commits = count_commits(engine)
    futures = in_one_batch(committer, [lambda n=n: committer.run(insert(n)) for n in range(10)])
    assert [future.result() for future in futures] == list(range(10))
    assert len(commits) == 2  # the work that held the lead, then the ten together


def test_a_failing_work_loses_only_its_own_rows(engine: Engine, committer: GroupCommitter) -> None:
    def insert_then_fail(conn: Connection) -> None:
        insert(100)(conn)
        raise ValueError("validation failed after writing")

    calls = [
        lambda: committer.run(insert(1)),
        lambda: committer.run(insert_then_fail),
        lambda: committer.run(insert(1)),  # a duplicate key: IntegrityError, in its savepoint
        lambda: committer.run(insert(2)),
    ]
    commits = count_commits(engine)
    first, failed, duplicate, last = in_one_batch(committer, calls)
    assert first.result() == 1 and last.result() == 2
    assert isinstance(failed.exception(), ValueError)
    assert isinstance(duplicate.exception(), IntegrityError)
    assert stored(engine) == [1, 2] and len(commits) == 2


def test_a_failed_commit_reaches_every_caller_and_stores_nothing(
    engine: Engine, committer: GroupCommitter
) -> None:
    calls = [lambda n=n: committer.run(insert(n)) for n in range(3)]
    calls.append(lambda: committer.run(insert(99, parent=12345)))  # fails only at COMMIT
    futures = in_one_batch(committer, calls)
    for future in futures:
        assert isinstance(future.exception(), IntegrityError)
    assert stored(engine) == []
    assert committer.run(insert(7)) == 7 and stored(engine) == [7]  # the next batch is fine


def test_close_waits_for_queued_work_then_refuses_more(
    engine: Engine, committer: GroupCommitter
) -> None:
    release = threading.Event()

    def held(conn: Connection) -> int:
        assert release.wait(10)
        return insert(0)(conn)

    with ThreadPoolExecutor(8) as pool:
        holder = pool.submit(committer.run, held)
        wait_for(lambda: committer.queued() == 1)
        queued = [pool.submit(committer.run, insert(n)) for n in range(1, 6)]
        wait_for(lambda: committer.queued() == 6)
        closing = pool.submit(committer.close)
        time.sleep(0.1)
        assert not closing.done()  # six works still to commit
        release.set()
        closing.result(10)
        assert stored(engine) == [0, 1, 2, 3, 4, 5]  # committed by the time close returned
        assert [future.result(10) for future in [holder, *queued]] == [0, 1, 2, 3, 4, 5]
    with pytest.raises(CommitterClosed):
        committer.run(insert(6))


def test_sqlite_gets_group_commit_and_postgresql_a_transaction_each(engine: Engine) -> None:
    assert isinstance(transactions_for(engine), GroupCommitter)
    postgres = create_engine("postgresql+psycopg://postgres@127.0.0.1:5432/test")  # not opened
    assert isinstance(transactions_for(postgres), DirectTransactions)
