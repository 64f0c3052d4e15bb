"""Real processes for the gateway tests: the sandbox switch, and a callback receiver.

The switch runs as ``python -m sandbox.gateway`` on a free loopback port, exactly as a developer
would start it. The receiver is a plain ``http.server`` on a thread in the test process that
verifies every signature with ``payments.signing`` (a second, independent implementation from
the sandbox's), so each delivered callback also proves the two agree.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from payments.gateway.base import Callback, CollectRequest, PayRequest
from payments.signing import InvalidSignature, parse_callback, verify
from sandbox.gateway.config import FaultRates

# With --time-scale 0.004 the NPCI clock runs 250x fast: the first status check is allowed after
# 0.36 s, the 3-check window lasts 28.8 s, an unanswered payment is given up after 1.2 s and a
# 60 s collect expires after 0.24 s. The client deadline (0.75 s) sits well between the normal
# ack (0.01 s) and the stall (1.5 s), so a loaded CI machine does not turn acks into timeouts.
SECRET = b"sandbox-gateway-test-secret"
CLIENT_TIMEOUT_S = 0.75
TIME_SCALE = 0.004
FIRST_CHECK_AFTER_S = 90 * TIME_SCALE
PENDING_EXPIRY_S = 300 * TIME_SCALE
STALL_S = 1.5
CALLBACK_DELAY_S = 0.15
# Only forced scenarios misbehave, so every other request simply succeeds.
NO_FAULTS = [f"--p-{fault.name.replace('_', '-')}=0" for fault in fields(FaultRates)]
FLAGS = [
    *("--seed", "7", "--time-scale", str(TIME_SCALE), "--pending-expiry-s", "300"),
    *("--ack-delay-s", "0.01", "--stall-s", str(STALL_S)),
    *("--callback-delay-s", str(CALLBACK_DELAY_S), "--redelivery-gap-s", "0.05"),
    *("--retry-backoff-s", "0.05", "--callback-attempts", "4", "--log-level", "info"),
    *NO_FAULTS,
]


def new_txn_id() -> str:
    return f"HSB{uuid.uuid4().hex[:20].upper()}"


def pay_request(receiver: CallbackReceiver, txn_id: str, amount_paise: int = 25_050) -> PayRequest:
    return PayRequest(
        txn_id=txn_id,
        payer_vpa="ravi.kumar@okhdfcbank",
        payee_vpa="chaiwala.42@ybl",
        payee_name="Sharma Tea Stall",
        amount_paise=amount_paise,
        note="chai and samosa",
        callback_url=receiver.url,
    )


def collect_request(receiver: CallbackReceiver, txn_id: str, expires_in_s: int) -> CollectRequest:
    return CollectRequest(**vars(pay_request(receiver, txn_id)), expires_in_s=expires_in_s)


def sleep_until(moment: float) -> None:
    time.sleep(max(0.0, moment - time.monotonic()))


@dataclass(frozen=True)
class Received:
    callback: Callback
    body: bytes
    at: float  # monotonic


class CallbackReceiver:
    """Records verified callbacks; can be told to fail the next deliveries with a 500."""

    def __init__(self, secrets: list[bytes]) -> None:
        self.secrets = secrets
        self.received: list[Received] = []
        self.rejected: list[str] = []
        self.failures_left: dict[str, int] = {}
        self.failed: list[bytes] = []
        self._changed = threading.Condition()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/callbacks"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def fail_next(self, txn_id: str, deliveries: int) -> None:
        """Answer 500 to the next ``deliveries`` callbacks about ``txn_id``."""
        with self._changed:
            self.failures_left[txn_id] = deliveries

    def for_txn(self, txn_id: str) -> list[Received]:
        with self._changed:
            return [item for item in self.received if item.callback.txn_id == txn_id]

    def wait_for(self, txn_id: str, count: int, timeout_s: float = 3.0) -> list[Received]:
        """At least ``count`` callbacks for ``txn_id``, in arrival order (fails on timeout)."""
        with self._changed:
            self._changed.wait_for(lambda: len(self._of(txn_id)) >= count, timeout_s)
            found = self._of(txn_id)
        assert self.rejected == [], f"callbacks failed verification: {self.rejected}"
        assert len(found) >= count, f"{len(found)} of {count} callbacks for {txn_id} arrived"
        return found

    def _of(self, txn_id: str) -> list[Received]:
        return [item for item in self.received if item.callback.txn_id == txn_id]

    def handle(self, headers: dict[str, str], body: bytes) -> int:
        with self._changed:
            txn_id = json.loads(body).get("txn_id")
            if self.failures_left.get(txn_id, 0) > 0:
                self.failures_left[txn_id] -= 1
                self.failed.append(body)
                return 500
            try:
                verify(self.secrets, headers, body, datetime.now(UTC))
                callback = parse_callback(body)
            except (InvalidSignature, ValueError) as exc:
                self.rejected.append(str(exc))
                return 400
            self.received.append(Received(callback, body, time.monotonic()))
            self._changed.notify_all()
            return 204


def _handler_for(receiver: CallbackReceiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            status = receiver.handle(dict(self.headers.items()), body)
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass  # the sandbox log already says what was delivered

    return Handler
