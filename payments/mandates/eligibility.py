"""May this debit be attempted now? Every rule of ``policy`` that applies to one execution.

The checks run in the order a person would ask about them — is the mandate usable, was the
debit announced, has the notice run, is it the right day and hour, is the amount allowed — and
the first one that fails is the refusal, so its reason names the real obstacle.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from payments.gateway.codes import describe
from payments.mandates.errors import ExecutionRefused, StepUpRequired
from payments.mandates.executions import Execution
from payments.mandates.notifications import PreDebitNotification, ensure_debit_terms
from payments.mandates.policy import MandatePolicy
from payments.mandates.records import Mandate
from payments.mandates.schedule import business_date
from payments.mandates.status import ExecutionStatus, MandateStatus


def ensure_executable(
    mandate: Mandate,
    notification: PreDebitNotification | None,
    debit_date: date,
    now: datetime,
    policy: MandatePolicy,
) -> PreDebitNotification:
    """The notification the debit rests on, if the mandate, the notice and the clock allow it."""
    if mandate.status != MandateStatus.ACTIVE:
        message = f"mandate {mandate.mandate_id} is {mandate.status}, not active"
        raise ExecutionRefused("mandate_not_active", message)
    if notification is None or notification.debit_date != debit_date:
        message = f"the payer was not sent a pre-debit notification for {debit_date}"
        raise ExecutionRefused("not_notified", message)
    _ensure_timing(notification, debit_date, now, policy)
    ensure_debit_terms(mandate, debit_date, notification.amount_paise, ExecutionRefused)
    return notification


def _ensure_timing(
    notification: PreDebitNotification, debit_date: date, now: datetime, policy: MandatePolicy
) -> None:
    earliest = notification.sent_at + policy.pre_debit_notice
    if now < earliest:
        message = f"the payer was notified at {notification.sent_at.isoformat()}; the debit"
        raise ExecutionRefused("notice_too_short", f"{message} may run from {earliest.isoformat()}")
    if business_date(now) != debit_date:
        message = f"the payer was told the debit happens on {debit_date} (IST), not today"
        raise ExecutionRefused("not_the_debit_date", message)
    if policy.in_peak_hours(now):
        message = "NPCI keeps AutoPay debits out of peak hours (10:00–13:00, 17:00–21:30 IST)"
        raise ExecutionRefused("peak_hours", message)


def ensure_step_up(amount_paise: int, step_up_verified: bool, policy: MandatePolicy) -> None:
    if policy.needs_step_up(amount_paise) and not step_up_verified:
        raise StepUpRequired(amount_paise, policy.step_up_threshold_paise)


def ensure_retry_allowed(
    attempts: Sequence[Execution], now: datetime, policy: MandatePolicy
) -> None:
    """A further attempt in the cycle only after a failure a retry can fix, within the limits."""
    if not attempts:
        return
    if any(attempt.status == ExecutionStatus.SUCCEEDED for attempt in attempts):
        raise ExecutionRefused("already_debited", f"period {attempts[0].period} was debited")
    last = attempts[-1]
    if last.status != ExecutionStatus.FAILED:
        message = f"attempt {last.attempt} is {last.status}: another now could debit twice"
        raise ExecutionRefused("previous_attempt_unresolved", message)
    if len(attempts) >= policy.max_attempts_per_period:
        message = f"all {policy.max_attempts_per_period} attempts of {last.period} were used"
        raise ExecutionRefused("attempts_exhausted", message)
    if not policy.is_retryable(last.npci_code or ""):
        cause = describe(last.npci_code) if last.npci_code else "no decline code"
        message = f"attempt {last.attempt} failed ({cause}); retrying cannot fix that"
        raise ExecutionRefused("not_retryable", message)
    if now < last.created_at + policy.min_retry_gap:
        message = f"retry from {(last.created_at + policy.min_retry_gap).isoformat()}"
        raise ExecutionRefused("retry_too_soon", message)
