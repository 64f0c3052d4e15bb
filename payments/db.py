"""The app database: payments, their events, idempotency keys and the outbox.

Embedded profile: a SQLite file in ``$HISAAB_HOME`` (no server to run). Production:
PostgreSQL through ``HISAAB_DATABASE_URL`` (``postgresql+psycopg://…``). Both go through
SQLAlchemy Core, so the code that moves money is the same on each.

SQLite allows one writer at a time. Every write transaction (``engine.begin()``) starts
``BEGIN IMMEDIATE`` so two writers queue instead of both reading, then one failing to upgrade
its lock (which would surface as "database is locked" in the middle of a payment); within a
process they queue on a lock that hands over the moment a transaction ends
(``payments.sqlite_turns``), across processes on SQLite's busy timeout. Reads
(``engine.connect()``) begin deferred: in WAL mode they neither wait for a writer nor hold one
up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event

import payments.mandates.tables  # noqa: F401  (registers the mandate tables on the metadata)
from hisaab.settings import Settings, get_settings
from payments.sqlite_turns import WriterTurns
from payments.tables import metadata

SQLITE_BUSY_TIMEOUT_MS = 30_000
# One queue of writers per file, however many engines the process opens on it (the API's and
# the payment service's, say): two queues would meet in SQLite's busy handler again.
_TURNS: dict[str, WriterTurns] = {}
_WRITES = "hisaab.writes"  # marks a connection opened by engine.begin()


def database_url(settings: Settings | None = None) -> str:
    settings = settings or get_settings()
    if settings.database_url:
        return _with_driver(settings.database_url)
    return f"sqlite:///{settings.resolved_home / 'app.db'}"


def _with_driver(url: str) -> str:
    """``postgresql://`` (what people write) → ``postgresql+psycopg://`` (psycopg 3)."""
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def app_engine(url: str | None = None) -> Engine:
    """An engine on the app database with its tables created (idempotent)."""
    url = _with_driver(url) if url else database_url()
    if url.startswith("sqlite"):
        engine = _sqlite_engine(url)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    metadata.create_all(engine)
    return engine


def _sqlite_engine(url: str) -> Engine:
    turns = WriterTurns(SQLITE_BUSY_TIMEOUT_MS / 1000)
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        turns = _TURNS.setdefault(str(path.resolve()), turns)
    connect_args = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "factory": turns.connection_class()}
    # A connection per busy thread, kept: the API's thread pool, the dispatcher and callbacks
    # all touch the file at once, and a new connection costs its pragmas every time.
    pooling = {} if url == "sqlite:///:memory:" else {"pool_size": 32, "max_overflow": 32}
    engine = create_engine(url, connect_args=connect_args, **pooling)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when a transaction begins (see module docstring).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("pragma journal_mode=wal")
        cursor.execute("pragma foreign_keys=on")
        cursor.execute(f"pragma busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        if conn.info.get(_WRITES):
            conn.connection.driver_connection.begin_write()
        else:  # a read (``engine.connect()``): one snapshot, no turn, nobody waits on it
            conn.exec_driver_sql("begin")

    engine.begin = _writing_begin(engine)  # type: ignore[method-assign,assignment]
    return engine


def _writing_begin(engine: Engine) -> Callable[[], AbstractContextManager[Connection]]:
    """``engine.begin()`` as SQLAlchemy has it, with the connection marked as a writer's: only
    those take a turn and ``BEGIN IMMEDIATE``. Every write here goes through ``engine.begin()``;
    reads through ``engine.connect()`` stay deferred, and WAL lets them run beside a writer."""

    @contextmanager
    def begin() -> Iterator[Connection]:
        with engine.connect() as conn:
            conn.info[_WRITES] = True
            try:
                with conn.begin():
                    yield conn
            finally:
                conn.info.pop(_WRITES, None)

    return begin
