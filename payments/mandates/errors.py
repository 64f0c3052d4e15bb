"""Why a mandate operation was refused. Each refusal changes nothing and writes no event.

``MandateRefused.reason`` is a stable code (``notice_too_short``, ``attempts_exhausted``…) for
the API and the scheduler to branch on; the message is the sentence a person reads.
"""

from __future__ import annotations

from hisaab.money import format_inr


class MandateNotFound(LookupError):
    """No mandate with that id for that person (another person's id looks exactly the same)."""


class ConcurrentMandateUpdate(RuntimeError):
    """The mandate changed between reading and writing it; re-read and try again."""


class MandateRefused(ValueError):
    """A rule forbids the operation now; ``reason`` says which one."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class ApprovalRefused(MandateRefused):
    """The mandate can no longer be approved (it ran out of time or validity)."""


class NotificationRefused(MandateRefused):
    """A pre-debit notification that the mandate does not allow."""


class ExecutionRefused(MandateRefused):
    """A debit that may not be attempted now."""


class StepUpRequired(PermissionError):
    """The amount is above the limit for debits without the payer's additional authentication.

    The API answers it by asking for the step-up (an OTP) and calling again with it verified.
    """

    def __init__(self, amount_paise: int, threshold_paise: int) -> None:
        super().__init__(
            f"{format_inr(amount_paise)} is above {format_inr(threshold_paise)}:"
            " the payer must authenticate this with step-up"
        )
        self.amount_paise = amount_paise
        self.threshold_paise = threshold_paise
