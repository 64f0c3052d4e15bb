"""The mandate service: what the API (on the payer's behalf) and the debit scheduler call.

Person-scoped operations (approve, decline, pause, resume, revoke, get) take the person's id and
treat another person's mandate exactly like a missing one. The scheduler's operations
(pre-debit notifications, executions, settling, closing) act on a mandate id alone.

A debit follows the payments service's rule: the execution row and its intent are committed
before the gateway is called (``PaymentService.submit``), so a crash or a timeout mid-call
leaves an attempt whose outcome callbacks and status checks settle — never a debit Hisaab
forgot it requested. Executions then read their outcome back from the intent (``settle``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import Connection, Engine

from payments.gateway.base import Gateway
from payments.mandates import lifecycle
from payments.mandates.eligibility import ensure_executable, ensure_retry_allowed, ensure_step_up
from payments.mandates.executions import (
    Execution,
    attempts_for,
    open_execution_ids,
    start_execution,
    sync_execution,
)
from payments.mandates.notifications import PreDebitNotification, find_notification, notify
from payments.mandates.policy import MandatePolicy
from payments.mandates.records import (
    Mandate,
    MandateRequest,
    insert_mandate,
    load_mandate,
    transition_mandate,
)
from payments.mandates.schedule import business_date, ensure_business_date, period_of
from payments.mandates.status import InvalidMandateTransition, MandateStatus
from payments.service import Clock, PaymentService, utc_now

M = MandateStatus


class MandateService:
    def __init__(
        self,
        engine: Engine,
        gateway: Gateway,
        *,
        callback_url: str,
        callback_secrets: Sequence[bytes] = (),
        clock: Clock = utc_now,
        policy: MandatePolicy | None = None,
    ) -> None:
        self.engine, self.clock = engine, clock
        self.policy = policy or MandatePolicy()
        self.payments = PaymentService(
            engine,
            gateway,
            callback_url=callback_url,
            callback_secrets=callback_secrets,
            clock=clock,
        )

    def create(self, person_id: str, request: MandateRequest) -> Mandate:
        """Validate and store a mandate as ``created``; nothing is debited before approval."""
        now = self.clock()
        request = request.validated(business_date(now))
        with self.engine.begin() as conn:
            return insert_mandate(conn, person_id, request, now)

    def get(self, person_id: str, mandate_id: str) -> Mandate:
        with self.engine.connect() as conn:
            return load_mandate(conn, mandate_id, person_id)

    def approve(self, person_id: str, mandate_id: str, step_up_verified: bool) -> Mandate:
        """Activate it; above the step-up threshold only once the payer passed step-up."""
        now = self.clock()
        with self.engine.begin() as conn:
            mandate = load_mandate(conn, mandate_id, person_id)
            _ensure_from(mandate, M.CREATED, "approved")
            lifecycle.ensure_approvable(mandate, now, self.policy)
            ensure_step_up(mandate.amount_paise, step_up_verified, self.policy)
            updates = {"step_up_verified_at": now} if step_up_verified else {}
            return transition_mandate(
                conn,
                mandate,
                M.ACTIVE,
                event_type="mandate.approved",
                reason="approved",
                now=now,
                updates=updates,
            )

    def decline(self, person_id: str, mandate_id: str) -> Mandate:
        return self._change(person_id, mandate_id, M.DECLINED, "mandate.declined")

    def pause(self, person_id: str, mandate_id: str) -> Mandate:
        return self._change(person_id, mandate_id, M.PAUSED, "mandate.paused")

    def resume(self, person_id: str, mandate_id: str) -> Mandate:
        """Paused → active only: created → active is approval, which needs its own checks."""
        return self._change(person_id, mandate_id, M.ACTIVE, "mandate.resumed", only_from=M.PAUSED)

    def revoke(self, person_id: str, mandate_id: str) -> Mandate:
        return self._change(person_id, mandate_id, M.REVOKED, "mandate.revoked")

    def _change(
        self,
        person_id: str,
        mandate_id: str,
        target: M,
        event_type: str,
        only_from: M | None = None,
    ) -> Mandate:
        now = self.clock()
        with self.engine.begin() as conn:
            mandate = load_mandate(conn, mandate_id, person_id)
            verb = event_type.removeprefix("mandate.")
            if only_from is not None:
                _ensure_from(mandate, only_from, verb)
            reason = f"{verb}_by_payer"
            return transition_mandate(
                conn, mandate, target, event_type=event_type, reason=reason, now=now
            )

    def notify_pre_debit(
        self, mandate_id: str, debit_date: date, amount_paise: int, now: datetime | None = None
    ) -> PreDebitNotification:
        """Announce one cycle's debit to the payer (``mandate.pre_debit_notified``)."""
        now = now or self.clock()
        with self.engine.begin() as conn:
            mandate = load_mandate(conn, mandate_id)
            return notify(conn, mandate, debit_date, amount_paise, now, self.policy)

    def execute(
        self,
        mandate_id: str,
        debit_date: date,
        now: datetime | None = None,
        *,
        step_up_verified: bool = False,
    ) -> Execution:
        """Attempt the notified debit of ``debit_date`` (first try or a retry), or refuse."""
        now = now or self.clock()
        self.settle(mandate_id, now)  # earlier attempts' outcomes decide whether to retry
        with self.engine.begin() as conn:
            person_id, execution = self._start(conn, mandate_id, debit_date, now, step_up_verified)
        self.payments.submit(person_id, execution.intent_id)
        with self.engine.begin() as conn:
            return sync_execution(conn, execution.execution_id, self.clock())

    def _start(
        self, conn: Connection, mandate_id: str, debit_date: date, now: datetime, step_up: bool
    ) -> tuple[str, Execution]:
        mandate = load_mandate(conn, mandate_id)
        period = period_of(mandate.frequency, ensure_business_date(debit_date))
        notification = find_notification(conn, mandate_id, period)
        notification = ensure_executable(mandate, notification, debit_date, now, self.policy)
        attempts = attempts_for(conn, mandate_id, period)
        ensure_retry_allowed(attempts, now, self.policy)
        ensure_step_up(notification.amount_paise, step_up, self.policy)
        execution = start_execution(
            conn,
            mandate,
            notification,
            attempt=len(attempts) + 1,
            now=now,
            step_up_verified=step_up,
        )
        return mandate.person_id, execution

    def settle(self, mandate_id: str | None = None, now: datetime | None = None) -> list[Execution]:
        """Carry settled intents over to their executions (all mandates, or one)."""
        with self.engine.connect() as conn:
            execution_ids = open_execution_ids(conn, mandate_id)
        settled = []
        for execution_id in execution_ids:
            with self.engine.begin() as conn:
                settled.append(sync_execution(conn, execution_id, now or self.clock()))
        return settled

    def close_overdue(self, now: datetime | None = None) -> list[str]:
        """Expire unapproved mandates and complete those whose validity ended (a schedule)."""
        return lifecycle.close_overdue(self.engine, now or self.clock(), self.policy)


def _ensure_from(mandate: Mandate, expected: M, verb: str) -> None:
    """Two verbs lead to ``active`` (approve from created, resume from paused); the table alone
    would let "resume" skip approval and its step-up, or "approve" undo a payer's pause."""
    if mandate.status != expected:
        message = f"only a {expected} mandate can be {verb}; this one is {mandate.status}"
        raise InvalidMandateTransition(message)
