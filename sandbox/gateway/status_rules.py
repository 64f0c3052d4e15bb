"""NPCI's limits on status checks, enforced the way a switch would: by refusing with 429.

Since June 2025 an app may check a transaction's status at most 3 times within 2 hours, and not
before 90 seconds have passed. A client that polls harder than that gets refused here as it
would be in production, so the payments layer has to pace its checks and rely on callbacks.
Refused checks are not counted; after the window closes the limit no longer applies (in real
life late cases go to reconciliation files, which the sandbox does not simulate).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sandbox.gateway.config import StatusRules, Timings

TOO_EARLY = "status_check_too_early"
LIMIT_REACHED = "status_check_limit_reached"


@dataclass(frozen=True)
class Refusal:
    error: str
    detail: str
    retry_after_s: float | None

    def body(self, txn_id: str) -> dict[str, object]:
        return {
            "txn_id": txn_id,
            "error": self.error,
            "detail": self.detail,
            "retry_after_s": self.retry_after_s,
        }

    def headers(self) -> dict[str, str]:
        """``Retry-After`` in whole seconds, as HTTP wants it; omitted when asking is futile."""
        if self.retry_after_s is None:
            return {}
        return {"Retry-After": str(max(1, math.ceil(self.retry_after_s)))}


def refusal(
    rules: StatusRules, timings: Timings, elapsed_s: float, answered: list[float]
) -> Refusal | None:
    """Why a check ``elapsed_s`` after the transaction is refused, or None to answer it.

    ``answered`` holds the elapsed times of the checks already answered.
    """
    opens = timings.npci(rules.first_after_s)
    closes = timings.npci(rules.window_s)
    if elapsed_s < opens:
        wait = opens - elapsed_s
        detail = f"first status check allowed {rules.first_after_s:g} s after the transaction"
        return Refusal(TOO_EARLY, detail, round(wait, 3))
    in_window = [at for at in answered if at < closes]
    if elapsed_s < closes and len(in_window) >= rules.max_checks:
        detail = f"at most {rules.max_checks} status checks within {rules.window_s:g} s"
        return Refusal(LIMIT_REACHED, detail, round(closes - elapsed_s, 3))
    return None
