"""A second relay on the same app database waits for the first instead of publishing twice."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import Engine

from payments.db import app_engine
from payments.relay_lock import LockNotAcquired, single_relay


def _second_relay_waits(engine: Engine) -> None:
    first_stop, second_stop = threading.Event(), threading.Event()
    with single_relay(engine, first_stop):
        second_stop_timer = threading.Timer(1.5, second_stop.set)
        second_stop_timer.start()
        started = time.monotonic()
        with pytest.raises(LockNotAcquired), single_relay(engine, second_stop):
            pass
        assert time.monotonic() - started >= 1.0  # it waited, it did not run
    with single_relay(engine, threading.Event()):
        pass  # released: the next relay gets it at once


def test_sqlite_relays_take_turns(sqlite_app_engine: Engine) -> None:
    _second_relay_waits(sqlite_app_engine)


@pytest.mark.postgres
def test_postgres_relays_take_turns(postgres_app_url: str) -> None:
    engine = app_engine(postgres_app_url)
    try:
        _second_relay_waits(engine)
    finally:
        engine.dispose()
