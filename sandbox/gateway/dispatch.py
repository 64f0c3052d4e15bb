"""Delivering callbacks from a background thread, signed, retried with backoff.

One thread and a heap of due deliveries: cheap, ordered by due time, and easy to stop. A failed
delivery (non-2xx or a connection error) goes back on the heap with a doubled delay until
``callback_attempts`` is used up, as PSP webhooks do. Deliveries are made one at a time, so a
slow receiver delays the others by up to ``callback_timeout_s``; that is fine for a simulator.

The signature (``X-Hisaab-Signature: v1=<hex HMAC-SHA256(secret, b"<ts>." + body)>``) is
computed here independently of ``payments.signing``, on purpose: a shared bug would then show
up as a failed verification instead of agreeing with itself.
"""

from __future__ import annotations

import hashlib
import heapq
import hmac
import itertools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import httpx

from sandbox.gateway.config import Timings

log = logging.getLogger(__name__)

# Posts one signed body and returns the HTTP status; raises when no answer came.
Sender = Callable[[str, bytes, dict[str, str]], int]


@dataclass(frozen=True)
class Outgoing:
    url: str
    body: bytes
    callback_id: str
    txn_id: str
    attempt: int = 1


@dataclass(order=True)
class _Due:
    at: float
    seq: int
    outgoing: Outgoing = field(compare=False)


def signature_headers(secret: bytes, body: bytes, timestamp: int) -> dict[str, str]:
    digest = hmac.new(secret, f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return {
        "Content-Type": "application/json",
        "X-Hisaab-Timestamp": str(timestamp),
        "X-Hisaab-Signature": f"v1={digest}",
    }


class CallbackDispatcher:
    def __init__(
        self,
        secret: bytes,
        timings: Timings,
        send: Sender | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._secret, self._timings, self._clock = secret, timings, clock
        self._send = send or self._post
        self._heap: list[_Due] = []
        self._seq = itertools.count()
        self._wake = threading.Condition()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="callback-dispatcher", daemon=True)
        self._client: httpx.Client | None = None

    def start(self) -> None:
        self._client = httpx.Client(timeout=self._timings.callback_timeout_s)
        self._thread.start()

    def stop(self, timeout_s: float = 2.0) -> None:
        """Undelivered callbacks are dropped: the simulated world ends with the process."""
        with self._wake:
            self._stopping = True
            self._wake.notify()
        if self._thread.is_alive():
            self._thread.join(timeout_s)
        if self._client is not None:
            self._client.close()

    def schedule(self, outgoing: Outgoing, at: float) -> None:
        """Deliver ``outgoing`` at monotonic time ``at``."""
        with self._wake:
            heapq.heappush(self._heap, _Due(at, next(self._seq), outgoing))
            self._wake.notify()

    def pending(self) -> int:
        with self._wake:
            return len(self._heap)

    def _run(self) -> None:
        while (due := self._next_due()) is not None:
            self._deliver(due)

    def _next_due(self) -> Outgoing | None:
        """Block until the earliest delivery is due (None when stopping)."""
        with self._wake:
            while not self._stopping:
                now = self._clock()
                if self._heap and self._heap[0].at <= now:
                    return heapq.heappop(self._heap).outgoing
                wait = self._heap[0].at - now if self._heap else None
                self._wake.wait(wait)
            return None

    def _deliver(self, outgoing: Outgoing) -> None:
        headers = signature_headers(self._secret, outgoing.body, int(time.time()))
        try:
            status: int | None = self._send(outgoing.url, outgoing.body, headers)
        except Exception as exc:  # whatever broke, retry: a dead thread would lose every callback
            status, reason = None, repr(exc)
        else:
            reason = f"HTTP {status}"
        if status is not None and 200 <= status < 300:
            log.info(
                "callback %s for %s delivered (%s)", outgoing.callback_id, outgoing.txn_id, reason
            )
            return
        self._retry(outgoing, reason)

    def _retry(self, outgoing: Outgoing, reason: str) -> None:
        ids = f"callback {outgoing.callback_id} for {outgoing.txn_id}"
        if outgoing.attempt >= self._timings.callback_attempts:
            log.warning("%s: giving up after %d attempts (%s)", ids, outgoing.attempt, reason)
            return
        backoff = self._timings.retry_backoff_s * 2 ** (outgoing.attempt - 1)
        log.info(
            "%s: attempt %d failed (%s), retry in %.2f s", ids, outgoing.attempt, reason, backoff
        )
        self.schedule(replace(outgoing, attempt=outgoing.attempt + 1), self._clock() + backoff)

    def _post(self, url: str, body: bytes, headers: dict[str, str]) -> int:
        assert self._client is not None, "start() the dispatcher before delivering"
        return self._client.post(url, content=body, headers=headers).status_code
