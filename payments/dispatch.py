"""One thread that sends the API's new intents to the gateway, several at a time.

Each submission costs two commits (the claim before the gateway call, then its answer) and, on
SQLite, every commit waits for the one writer. Sent one by one, sixteen people paying at once
queue sixteen pairs of commits behind each other; the dispatcher takes whatever has queued up
since its last round and submits it together (``PaymentService.submit_many``): one pair of
commits for the lot, the gateway calls in parallel. Under light load a round is one intent, so
nobody waits for a batch to fill.

``submit`` hands back a future at once: the API's background task only queues the intent, so a
client's next request on the same connection does not wait for the gateway's answer to this
one. What a round could not do is logged; the intent itself stays ``created`` (it expires) or
``pending`` (status checks settle it). ``wait_idle`` lets tests and shutdown wait for the queue.
"""

from __future__ import annotations

import logging
import queue
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from payments.intents import Intent
    from payments.service import PaymentService

log = logging.getLogger("hisaab.payments.dispatch")
MAX_BATCH = 64


@dataclass(frozen=True)
class _Job:
    person_id: str
    intent_id: str
    result: Future[Intent] = field(default_factory=Future)


class SubmissionDispatcher:
    def __init__(self, service: PaymentService, *, max_batch: int = MAX_BATCH) -> None:
        self.service, self.max_batch = service, max_batch
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._idle = threading.Condition()
        self._waiting = 0  # queued or in a round

    def submit(self, person_id: str, intent_id: str) -> Future[Intent]:
        """Queue one intent for the next round; the future holds it as it then stands, or the
        error ``PaymentService.submit`` would have raised."""
        job = _Job(person_id, intent_id)
        self._start()
        with self._idle:
            self._waiting += 1
        self._jobs.put(job)
        return job.result

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Wait until every queued intent's round is over; False if ``timeout`` came first."""
        with self._idle:
            return self._idle.wait_for(lambda: self._waiting == 0, timeout)

    def close(self) -> None:
        """Finish what is queued, then stop the thread."""
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._jobs.put(None)
            thread.join()

    def _start(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="payment-dispatch", daemon=True
                )
                self._thread.start()

    def _run(self) -> None:
        while (first := self._jobs.get()) is not None:
            batch, stopping = self._gather(first)
            self._submit(batch)
            if stopping:
                return

    def _gather(self, first: _Job) -> tuple[list[_Job], bool]:
        batch = [first]
        while len(batch) < self.max_batch:
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                break
            if job is None:
                return batch, True
            batch.append(job)
        return batch, False

    def _submit(self, batch: list[_Job]) -> None:
        try:
            self._round(batch)
        finally:
            with self._idle:
                self._waiting -= len(batch)
                self._idle.notify_all()

    def _round(self, batch: list[_Job]) -> None:
        try:
            results = self.service.submit_many([(job.person_id, job.intent_id) for job in batch])
        except Exception as exc:  # the database is down, say: every caller hears why
            log.warning("submitting %d intents failed: %s", len(batch), exc)
            for job in batch:
                job.result.set_exception(exc)
            return
        for job, result in zip(batch, results, strict=True):
            if isinstance(result, Exception):
                log.warning("submitting %s failed: %s", job.intent_id, result)
                job.result.set_exception(result)
            else:
                job.result.set_result(result)
