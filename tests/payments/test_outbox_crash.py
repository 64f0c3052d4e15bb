"""The issue's "done when": the relay process is SIGKILLed 20 times while 10,000 payments flow,
and every event still reaches the warehouse exactly once, in order per payment.

Two writer threads record payments on PostgreSQL (the production app database, where concurrent
transactions commit their outbox ``seq`` out of order) in waves, one wave per relay life; each
relay is killed at a random moment after it has started publishing (seeded). Then
``python -m payments.relay --once`` drains, and the topic is loaded into a fresh DuckDB warehouse.

The killed relays run `payments.relay.main` in processes forked by `outbox_flow.serve_relay_forks`
(a process that imported the relay once): a fresh interpreter takes seconds to import SQLAlchemy
and kafka-python on a busy machine, which twenty times over would be most of the test. They are
separate OS processes, killed with SIGKILL all the same.
"""

from __future__ import annotations

import random
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import duckdb
import pytest
from sqlalchemy import Engine, func, select

from hisaab.settings import WarehouseLocation
from ingestion.payment_events import consume_kafka
from payments.db import app_engine
from payments.tables import outbox
from tests.payments.outbox_flow import write_steps

pytestmark = [pytest.mark.slow, pytest.mark.kafka, pytest.mark.postgres]

PAYMENTS_PER_WRITER = 5_000  # two writers: 10,000 payments, 30,000 events
CHUNK = 50
KILLS = 20
SEED = 20251128


def _published(engine: Engine) -> int:
    with engine.connect() as conn:
        query = select(func.count()).where(outbox.c.published_at.is_not(None))
        return int(conn.execute(query).scalar_one())


class WaveWriter(threading.Thread):
    """Writes payments in rounds (see `outbox_flow.write_payments`), one round per permit;
    ``done`` counts the rounds written."""

    def __init__(self, engine: Engine, prefix: str) -> None:
        super().__init__(daemon=True)
        self.engine, self.prefix, self.permits = engine, prefix, threading.Semaphore(0)
        starts = range(0, PAYMENTS_PER_WRITER, CHUNK)
        self.chunks = [range(start, start + CHUNK) for start in starts]
        self.rounds = len(self.chunks) + 2
        self.done = 0
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            for round_no in range(self.rounds):
                self.permits.acquire()
                for step in (3, 2, 1):
                    if 0 <= round_no - (step - 1) < len(self.chunks):
                        chunk = self.chunks[round_no - (step - 1)]
                        write_steps(self.engine, self.prefix, chunk, step)
                self.done += 1
        except BaseException as error:  # surfaced by the test after join()
            self.error = error


def _relay_arguments(bootstrap: str, url: str) -> list[str]:
    return ["--bootstrap", bootstrap, "--database-url", url, "--poll-interval", "0.05"]


class RelayForks:
    """Talks to `outbox_flow.serve_relay_forks`: start a relay, SIGKILL it."""

    def __init__(self) -> None:
        serve = "from tests.payments.outbox_flow import serve_relay_forks; serve_relay_forks()"
        self.server = subprocess.Popen(
            [sys.executable, "-c", serve], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )

    def ask(self, line: str) -> int:
        assert self.server.stdin is not None and self.server.stdout is not None
        self.server.stdin.write(line + "\n")
        self.server.stdin.flush()
        return int(self.server.stdout.readline())

    def close(self) -> None:
        self.server.kill()
        self.server.wait()


def _wait(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 30
    while not condition():
        assert time.monotonic() < deadline, f"waited 30 s for {what}"
        time.sleep(0.01)


def _kill_relays(engine: Engine, arguments: list[str], writers: list[WaveWriter]) -> None:
    """Each life: release a wave of writes, wait until the relay publishes, SIGKILL it at a
    random moment soon after; the next life starts once the wave is written, so the kills are
    spread over the whole flow of payments."""
    rng = random.Random(SEED)
    size, extra = divmod(writers[0].rounds, KILLS)
    relays = RelayForks()
    written = 0
    try:
        for life in range(KILLS):
            before = _published(engine)
            relays.ask("start " + " ".join(arguments))
            wave = size + (life < extra)
            for writer in writers:
                writer.permits.release(wave)
            _wait(partial(lambda n: _published(engine) > n, before), "the relay to publish")
            time.sleep(rng.uniform(0.0, 0.3))
            relays.ask("kill")
            written += wave
            _wait(partial(lambda n: all(w.done >= n for w in writers), written), "the writers")
    finally:
        relays.close()


def _assert_ordered_per_payment(conn: duckdb.DuckDBPyConnection) -> None:
    """Each event's first delivery (the position raw keeps): a person's events on one partition,
    a payment's in sequence order."""
    [(people_on_many_partitions, unordered_payments)] = conn.execute(
        """
        with delivered as (
            select person_ref, intent_id, sequence,
                split_part(source_position, ':', 1) as part,
                cast(substr(split_part(source_position, ':', 2), 2) as bigint) as offset_no
            from raw.payment_events
        )
        select
            (select count(*) from (select person_ref from delivered group by 1
                having count(distinct part) > 1)),
            (select count(*) from (select intent_id from delivered group by 1
                having list(sequence order by offset_no) != [1, 2, 3]))
        """
    ).fetchall()
    assert (people_on_many_partitions, unordered_payments) == (0, 0)


def test_relay_killed_twenty_times_loses_nothing_and_duplicates_nothing(
    postgres_app_url: str, own_kafka_bootstrap: str, tmp_path: Path
) -> None:
    started = time.monotonic()
    arguments = _relay_arguments(own_kafka_bootstrap, postgres_app_url)
    engine = app_engine(postgres_app_url)
    writers = [WaveWriter(engine, f"writer-{name}") for name in "ab"]
    for writer in writers:
        writer.start()
    _kill_relays(engine, arguments, writers)
    for writer in writers:
        writer.permits.release(writer.rounds)
        writer.join()
        assert writer.error is None
    drain = [sys.executable, "-m", "payments.relay", "--once", *arguments]
    assert subprocess.run(drain, timeout=120).returncode == 0
    with engine.connect() as conn:
        event_ids: set[str] = set(conn.execute(select(outbox.c.event_id)).scalars())
        assert conn.execute(select(outbox.c.seq).where(outbox.c.published_at.is_(None))).all() == []
    engine.dispose()
    assert len(event_ids) == 3 * 2 * PAYMENTS_PER_WRITER

    location = WarehouseLocation("duckdb", path=tmp_path / "warehouse.duckdb")
    loaded = consume_kafka(location, own_kafka_bootstrap, timeout=2.0)
    with duckdb.connect(str(location.path), read_only=True) as conn:
        stored = dict(
            conn.execute("select event_id, count(*) from raw.payment_events group by 1").fetchall()
        )
        finals = conn.execute(
            "select intent_id, count(*) from raw.payment_events"
            " where to_status = 'success' group by 1"
        ).fetchall()
        _assert_ordered_per_payment(conn)
    assert set(stored) == event_ids  # none lost
    assert set(stored.values()) == {1}  # each once
    assert len(finals) == 2 * PAYMENTS_PER_WRITER and {n for _, n in finals} == {1}
    assert (loaded.loaded, loaded.quarantined) == (len(event_ids), 0)
    print(
        f"\ncrash test: {KILLS} kills, {loaded.read} messages on Kafka for {len(event_ids)}"
        f" events ({loaded.duplicate} duplicates), {time.monotonic() - started:.1f} s"
    )
