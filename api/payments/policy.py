"""When creating a payment needs a fresh step-up OTP on top of the access token.

``LARGE_PAYMENT_STEP_UP_PAISE`` is ₹15,000. Why that figure: it is the amount above which RBI's
e-mandate framework (and NPCI's UPI AutoPay rules, ``payments.mandates.policy``) stop treating a
debit as low-risk and ask the payer for an additional factor each time. One threshold for both
kinds of outgoing money keeps the app's rule easy to state ("above ₹15,000 we ask for an OTP")
and means a stolen access token alone can start nothing larger than what the regulator deems
low-risk. The UPI PIN still authorises every pay at the PSP; this guards the app's own session.
Collect requests ask someone else for money, so they never need it.
"""

from __future__ import annotations

from payments.mandates.policy import STEP_UP_THRESHOLD_PAISE

LARGE_PAYMENT_STEP_UP_PAISE = STEP_UP_THRESHOLD_PAISE  # ₹15,000.00 in paise
STEP_UP_KINDS = frozenset({"pay"})


def payment_needs_step_up(kind: str, amount_paise: int) -> bool:
    """Strictly above the threshold, like AutoPay: ₹15,000.00 itself goes through."""
    return kind in STEP_UP_KINDS and amount_paise > LARGE_PAYMENT_STEP_UP_PAISE
