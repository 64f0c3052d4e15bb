"""The payments service: what the API and the callback endpoint call.

Database work and gateway calls never share a transaction (``payments.submission``): an intent
is marked ``submitted`` and committed before the gateway is called, so a crash mid-call leaves
an intent whose outcome status checks and callbacks will settle.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import IntegrityError

from payments import idempotency
from payments.callbacks import CallbackOutcome, apply_callback
from payments.dispatch import SubmissionDispatcher
from payments.gateway.base import Gateway
from payments.group_commit import Transactions, transactions_for
from payments.idempotency import StoredResponse
from payments.intents import Intent, IntentRequest, insert_intent, load_intent
from payments.signing import parse_callback, verify
from payments.status_checks import StatusCheckPolicy, expire_overdue, resolve_status
from payments.submission import sender_pool, submit_many

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class PaymentService:
    def __init__(
        self,
        engine: Engine,
        gateway: Gateway,
        *,
        callback_url: str,
        callback_secrets: Sequence[bytes],
        clock: Clock = utc_now,
        status_policy: StatusCheckPolicy | None = None,
    ) -> None:
        self.engine, self.gateway, self.clock = engine, gateway, clock
        self.callback_url = callback_url
        self.callback_secrets = list(callback_secrets)
        self.status_policy = status_policy or StatusCheckPolicy()
        self._dispatcher: SubmissionDispatcher | None = None
        self._lock = threading.Lock()
        self._transactions: Transactions | None = None
        self._senders: ThreadPoolExecutor | None = None

    def create_intent(
        self,
        person_id: str,
        key: str | None,
        request: IntentRequest,
        *,
        on_created: Callable[[Connection, Intent], None] | None = None,
    ) -> StoredResponse:
        """Create (or replay) an intent; see ``payments.idempotency`` for the key's semantics.

        ``on_created`` runs inside the creating transaction (the API writes its audit row there),
        so a payment and what is recorded about it commit together. On SQLite the transaction
        is shared with other requests' (``payments.group_commit``): a commit per batch.
        """
        key = idempotency.validate_key(key)
        request = request.validated()
        request_hash = request.fingerprint()

        def create(conn: Connection) -> StoredResponse:
            # A request with this key earlier in the same batch is visible here: it replays.
            stored = idempotency.replay(conn, person_id, key, request_hash)
            if stored is not None:
                return stored
            intent = insert_intent(conn, person_id, request, self.clock())
            stored = StoredResponse(201, intent.public_json(), intent.intent_id, False)
            idempotency.remember(conn, person_id, key, request_hash, stored, self.clock())
            if on_created is not None:
                on_created(conn, intent)
            return stored

        try:
            return self._writes().run(create)
        except IntegrityError:
            # A concurrent request with the same key committed first: answer with its response.
            with self.engine.connect() as conn:
                stored = idempotency.replay(conn, person_id, key, request_hash)
            if stored is None:
                raise
            return stored

    def get(self, person_id: str, intent_id: str) -> Intent:
        with self.engine.connect() as conn:
            return load_intent(conn, intent_id, person_id)

    def submit(self, person_id: str, intent_id: str) -> Intent:
        """Send a created intent to the gateway; a timeout leaves it pending, never failed."""
        (result,) = submit_many(self, [(person_id, intent_id)])
        if isinstance(result, Exception):
            raise result
        return result

    def submit_many(self, items: Sequence[tuple[str, str]]) -> list[Intent | Exception]:
        """Send several created intents, sharing their commits (``payments.submission``)."""
        return submit_many(self, items)

    def submit_soon(self, person_id: str, intent_id: str) -> Future[Intent]:
        """``submit`` in the dispatcher's next round with whatever else is queued, without
        waiting for it (``payments.dispatch``)."""
        return self._submissions().submit(person_id, intent_id)

    def wait_for_submissions(self, timeout: float = 30.0) -> bool:
        """Wait until what ``submit_soon`` queued has been submitted."""
        return self._submissions().wait_idle(timeout)

    def _submissions(self) -> SubmissionDispatcher:
        with self._lock:
            if self._dispatcher is None:
                self._dispatcher = SubmissionDispatcher(self)
            return self._dispatcher

    def _writes(self) -> Transactions:
        """Where a payment's creation and its callbacks commit (``payments.group_commit``)."""
        with self._lock:
            if self._transactions is None:
                self._transactions = transactions_for(self.engine)
            return self._transactions

    def senders(self) -> ThreadPoolExecutor:
        """The threads that send a batch's gateway calls side by side (``payments.submission``)."""
        with self._lock:
            if self._senders is None:
                self._senders = sender_pool()
            return self._senders

    def close(self) -> None:
        """Stop the dispatcher once what it holds is submitted, then let queued writes commit
        and the sending threads finish.

        A service used again after ``close`` starts them afresh, as it did the first time."""
        with self._lock:
            dispatcher, self._dispatcher = self._dispatcher, None
        if dispatcher is not None:
            dispatcher.close()
        with self._lock:
            transactions, self._transactions = self._transactions, None
            senders, self._senders = self._senders, None
        if transactions is not None:
            transactions.close()
        if senders is not None:
            senders.shutdown()

    def handle_callback(self, headers: Mapping[str, str], body: bytes) -> CallbackOutcome:
        """Verify (signature, timestamp window) before parsing, then apply exactly once."""
        now = self.clock()
        verify(self.callback_secrets, headers, body, now)
        callback = parse_callback(body)
        return self._writes().run(lambda conn: apply_callback(conn, callback, now))

    def check_status(self, person_id: str, intent_id: str) -> Intent:
        """Ask the gateway, within NPCI's limits (``payments.status_checks``)."""
        return resolve_status(self, person_id, intent_id)

    def expire_overdue(self) -> list[str]:
        """Expire what ran out of time (run by a schedule); returns the expired intent ids."""
        return expire_overdue(self.engine, self.clock, self.status_policy)
