"""Putting calls into one group-commit batch on purpose, and counting commits on a real engine.

A batch is whatever queued while the previous one was written, so a test holds the lead with a
work that waits, lets its calls queue behind it, then lets go: they commit together.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from sqlalchemy import Connection, Engine, event

from payments.group_commit import GroupCommitter


def count_commits(engine: Engine) -> list[None]:
    """A list that grows by one at each commit on ``engine`` from now on."""
    commits: list[None] = []
    event.listen(engine, "commit", lambda _conn: commits.append(None))
    return commits


def wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.005)


def in_one_batch(committer: GroupCommitter, calls: list[Callable[[], Any]]) -> list[Future[Any]]:
    """Run each call on its own thread so that their works share one batch; their futures, done."""
    release = threading.Event()

    def hold_the_lead(_conn: Connection) -> None:
        assert release.wait(10), "never released"

    with ThreadPoolExecutor(len(calls) + 1) as pool:
        holder = pool.submit(committer.run, hold_the_lead)
        wait_for(lambda: committer.queued() == 1)
        futures = [pool.submit(call) for call in calls]
        wait_for(lambda: committer.queued() == 1 + len(calls))
        release.set()
        holder.result(10)
    return futures
