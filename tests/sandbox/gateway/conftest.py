"""One sandbox switch process and one callback receiver per test session (per xdist worker)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from payments.gateway.http import HttpGateway
from sandbox.gateway.process import SandboxProcess, start_sandbox
from tests.sandbox.gateway.harness import (
    CLIENT_TIMEOUT_S,
    FLAGS,
    SECRET,
    CallbackReceiver,
)


@pytest.fixture(scope="session")
def sandbox_gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxProcess]:
    process = start_sandbox(tmp_path_factory.mktemp("sandbox-gateway"), SECRET, FLAGS)
    yield process
    process.stop()


@pytest.fixture(scope="session")
def receiver() -> Iterator[CallbackReceiver]:
    server = CallbackReceiver([b"an-older-secret-still-accepted", SECRET])
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def gateway(sandbox_gateway: SandboxProcess) -> Iterator[HttpGateway]:
    with HttpGateway(
        sandbox_gateway.base_url, timeout_s=CLIENT_TIMEOUT_S, status_timeout_s=1.0
    ) as client:
        yield client
