"""Writers to one SQLite file take turns in the process, first come first served.

SQLite lets one writer in at a time. The others wait in its busy handler, which sleeps (1, 2, 5 …
up to 100 ms between tries) and tries again: with many writers at once, the file sits idle while
the next one sleeps, and the unlucky ones wait seconds. A lock in the process hands the file to
the next writer the moment a commit or rollback ends. SQLite's own lock still keeps writers in
other processes (the pipeline, the relay) out, through the busy handler as before.
"""

from __future__ import annotations

import sqlite3
import threading


class WriterTurns:
    """One per engine: its connections take the write lock here before ``BEGIN IMMEDIATE``."""

    def __init__(self, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        self._lock = threading.Lock()

    def connection_class(self) -> type[sqlite3.Connection]:
        """The ``sqlite3.connect(factory=…)`` whose transactions end by handing over the lock."""
        turns = self

        class TurnTakingConnection(sqlite3.Connection):
            _holding = False

            def begin_write(self) -> None:
                if not turns._lock.acquire(timeout=turns.timeout_s):
                    raise sqlite3.OperationalError("database is locked: no turn to write came")
                self._holding = True
                try:
                    self.execute("begin immediate")
                except BaseException:
                    self._hand_over()
                    raise

            def commit(self) -> None:
                try:
                    super().commit()
                finally:
                    self._hand_over()

            def rollback(self) -> None:
                try:
                    super().rollback()
                finally:
                    self._hand_over()

            def close(self) -> None:
                try:
                    super().close()
                finally:
                    self._hand_over()

            def _hand_over(self) -> None:
                if self._holding:
                    self._holding = False
                    turns._lock.release()

        return TurnTakingConnection
