"""Group commit: on SQLite, the writes of several requests share one transaction and one commit.

SQLite has one writer, and in WAL mode every commit waits for its own fsync: a payment paid for
a synced commit of its own, queued behind everyone else's. Here callers who arrive while a
batch is being written wait, and the next batch takes all of them (up to ``MAX_BATCH``): one
``BEGIN IMMEDIATE``, each caller's work inside its own SAVEPOINT, one commit. A work that
raises (a refused key, a duplicate's IntegrityError) rolls back only its savepoint, and only its
caller hears of it; if the commit fails, nothing of the batch was stored and every caller whose
work had succeeded gets that error. Under light load a batch is the one work that arrived:
nobody waits for a batch to fill.

Leader and followers, no thread of our own: the first caller to find the queue empty leads, runs
the batch on its own thread and hands the lead to the next caller still queued. A dedicated
writer thread would cost every request two thread switches on the way in and out, even alone,
and would be one more thing to start and stop; here the caller that would have written anyway
writes for the others too. ``close`` waits for what is queued and then refuses new work. A work
must not call ``run`` itself: it would wait for the batch it is part of.

PostgreSQL commits in parallel and locks rows, not the database: one writer for all would
serialize work that runs side by side there today. ``transactions_for`` is the one place that
picks group commit (SQLite) or a transaction per work (anything else).
"""

from __future__ import annotations

import contextvars
import threading
from collections import deque
from collections.abc import Callable
from typing import Any, Protocol, TypeVar, cast

from sqlalchemy import Connection, Engine

T = TypeVar("T")
Work = Callable[[Connection], T]
MAX_BATCH = 64  # bounds how long the last work in a batch waits for the others before it


class Transactions(Protocol):
    """What the payment service writes through: ``run`` returns once the work is committed."""

    def run(self, work: Work[T]) -> T: ...

    def close(self) -> None: ...


class CommitterClosed(RuntimeError):
    """Work arrived after ``close``: the service is shutting down."""


def transactions_for(engine: Engine) -> Transactions:
    """Group commit where commits queue for one writer (SQLite); a transaction each elsewhere."""
    if engine.dialect.name == "sqlite":
        return GroupCommitter(engine)
    return DirectTransactions(engine)


class DirectTransactions:
    """A transaction per work: PostgreSQL commits concurrent transactions in parallel."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def run(self, work: Work[T]) -> T:
        with self.engine.begin() as conn:
            return work(conn)

    def close(self) -> None:
        """Nothing is held between calls."""


class _Ticket:
    """One caller's work and, once its batch is over, what came of it."""

    def __init__(self, work: Work[Any]) -> None:
        self.work, self.context = work, contextvars.copy_context()
        self.wake = threading.Event()  # set once: the batch is over, or it is this one's lead
        self.done = False
        self.value: Any = None
        self.error: BaseException | None = None

    def outcome(self) -> Any:
        if self.error is not None:
            raise self.error
        return self.value


class GroupCommitter:
    """Runs works in shared transactions on ``engine`` (see the module docstring)."""

    def __init__(self, engine: Engine, *, max_batch: int = MAX_BATCH) -> None:
        self.engine, self.max_batch = engine, max_batch
        self._lock = threading.Lock()
        self._drained = threading.Condition(self._lock)
        self._queue: deque[_Ticket] = deque()  # the batch being written first, then the waiting
        self._closed = False

    def run(self, work: Work[T]) -> T:
        """What ``work(conn)`` returned, once its batch has committed; else what it (or the
        commit) raised."""
        ticket = _Ticket(work)
        with self._lock:
            if self._closed:
                raise CommitterClosed("the payment service is closed")
            self._queue.append(ticket)
            leading = len(self._queue) == 1
        if not leading:
            ticket.wake.wait()
        if not ticket.done:  # first in the queue: write this batch
            self._lead()
        return cast(T, ticket.outcome())

    def queued(self) -> int:
        """Works queued or being written now (what tests and metrics look at)."""
        with self._lock:
            return len(self._queue)

    def close(self) -> None:
        """Refuse new work, then wait until every queued work is committed (or has failed)."""
        with self._lock:
            self._closed = True
            self._drained.wait_for(lambda: not self._queue)

    def _lead(self) -> None:
        with self._lock:
            batch = [self._queue[n] for n in range(min(self.max_batch, len(self._queue)))]
        try:
            self._write(batch)
        finally:
            self._hand_over(batch)

    def _write(self, batch: list[_Ticket]) -> None:
        try:
            with self.engine.begin() as conn:
                for ticket in batch:
                    _run_in_savepoint(conn, ticket)
        except BaseException as exc:  # nothing of the batch was stored
            for ticket in batch:
                if ticket.error is None:
                    ticket.error = exc

    def _hand_over(self, batch: list[_Ticket]) -> None:
        """Release the batch's callers, and give the lead to the first caller still waiting."""
        with self._lock:
            for _ in batch:
                self._queue.popleft()
            if self._queue:
                self._queue[0].wake.set()
            else:
                self._drained.notify_all()
        for ticket in batch:
            ticket.done = True
            ticket.wake.set()


def _run_in_savepoint(conn: Connection, ticket: _Ticket) -> None:
    """A failing work rolls back its own writes only. A savepoint that cannot be rolled back or
    released means the transaction itself is broken: that fails the whole batch.

    The savepoint statements go to the driver as they are: ``begin_nested`` compiles its
    SAVEPOINT and RELEASE afresh for every work (SQLAlchemy does not cache them), which cost
    a payment more than its own inserts' compiled-statement lookups."""
    conn.exec_driver_sql(_SAVEPOINT)
    try:
        ticket.value = ticket.context.run(ticket.work, conn)
    except Exception as exc:
        conn.exec_driver_sql(_ROLLBACK_TO_SAVEPOINT)
        ticket.error = exc
    conn.exec_driver_sql(_RELEASE_SAVEPOINT)


# One name serves every work: each savepoint is released before the next is taken.
_SAVEPOINT, _ROLLBACK_TO_SAVEPOINT, _RELEASE_SAVEPOINT = (
    "savepoint group_commit_work",
    "rollback to savepoint group_commit_work",
    "release savepoint group_commit_work",
)
