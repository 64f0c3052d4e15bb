"""One relay per app database: a second one waits instead of publishing the same rows.

Two relays would publish every row twice and could interleave one person's events. PostgreSQL
holds a session advisory lock for the relay's lifetime (released by the server the moment the
relay's connection dies, SIGKILL included); SQLite, a file lock beside the database (released by
the kernel when the process dies).
"""

from __future__ import annotations

import fcntl
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text

log = logging.getLogger("payments.relay")

ADVISORY_LOCK_KEY = 0x48534252_4C4159  # "HSBRLAY": any constant every relay agrees on
RETRY_S = 1.0


class LockNotAcquired(RuntimeError):
    """Asked to stop while another relay still held the lock."""


@contextmanager
def single_relay(engine: Engine, stop: threading.Event) -> Iterator[None]:
    """Hold the relay lock of ``engine``'s database for the ``with`` block, waiting for it."""
    if engine.dialect.name == "sqlite":
        database = engine.url.database
        if not database or database == ":memory:":
            yield
            return
        with _file_lock(Path(database + ".relay.lock"), stop):
            yield
        return
    with _advisory_lock(engine, stop):
        yield


@contextmanager
def _advisory_lock(engine: Engine, stop: threading.Event) -> Iterator[None]:
    with engine.connect() as conn:
        query = text("select pg_try_advisory_lock(:key)")
        while not conn.execute(query, {"key": ADVISORY_LOCK_KEY}).scalar_one():
            conn.commit()
            _wait(stop)
        conn.commit()
        try:
            yield
        finally:
            conn.execute(text("select pg_advisory_unlock(:key)"), {"key": ADVISORY_LOCK_KEY})
            conn.commit()


@contextmanager
def _file_lock(path: Path, stop: threading.Event) -> Iterator[None]:
    with path.open("w") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                _wait(stop)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _wait(stop: threading.Event) -> None:
    log.info("another relay holds the lock; waiting")
    if stop.wait(RETRY_S):
        raise LockNotAcquired("stopped before the other relay released the lock")
