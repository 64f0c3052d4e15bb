"""Start the sandbox switch as its own process, the way a developer or a test would.

Used by ``hisaab payments simulate`` and the tests: a free loopback port, the secret in an
owner-only file (never on the command line), output in a log file, and a wait for
``/sandbox/health`` so callers never race its start-up.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

REPO_ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT_S = 30.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class SandboxProcess:
    base_url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def force(self, txn_id: str, scenario: str) -> None:
        """Make ``txn_id`` play ``scenario`` (see ``sandbox.gateway.plans``) when it arrives."""
        body = {"txn_id": txn_id, "scenario": scenario}
        httpx.post(f"{self.base_url}/sandbox/scenario", json=body).raise_for_status()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)


def start_sandbox(workdir: Path, secret: bytes, flags: Sequence[str] = ()) -> SandboxProcess:
    """Start the switch and wait until it is healthy; its output goes to a log file."""
    workdir.mkdir(parents=True, exist_ok=True)
    secret_file = workdir / "gateway-secret"
    secret_file.write_bytes(secret + b"\n")
    secret_file.chmod(0o600)
    port, log_path = free_port(), workdir / "sandbox-gateway.log"
    command = [sys.executable, "-m", "sandbox.gateway", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--secret-file", str(secret_file), *flags]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT)
    sandbox = SandboxProcess(f"http://127.0.0.1:{port}", process, log_path)
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{sandbox.base_url}/sandbox/health", timeout=0.5).is_success:
                return sandbox
        except httpx.HTTPError:
            time.sleep(0.05)
    sandbox.stop()
    raise RuntimeError(f"sandbox gateway did not become healthy:\n{sandbox.log()[-3000:]}")
