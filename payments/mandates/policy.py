"""The AutoPay rules, as configuration: NPCI and RBI revise them by circular.

What each rule is, and where it comes from (public material found while building this; NPCI's
own operating guidelines are not public, so these are the rules as PSPs document them):

- **Pre-debit notice, 24 hours.** Every debit needs a pre-debit notification at least 24 hours
  before it; the debit may only be attempted if the notification succeeded, and it must match
  the mandate (active, frequency, amount rule, dates). Sources: RBI e-mandate framework as
  reported by The Economic Times (2024-09, "at least 24 hours prior to the actual charge");
  Stripe "UPI AutoPay" docs; Juspay "UPI AutoPay" and UPI Merchant Stack "Mandate Notification"
  docs; Decentro "Pre Debit Notification" API docs ("as per the set frequency / amount rule /
  date rule"). FASTag/NCMC auto-replenishment is exempt (NPCI, 2024-09-23); Hisaab does not
  issue those, so no exemption is modelled.
- **Step-up above ₹15,000.** Debits up to ₹15,000 need no extra authentication; larger ones
  need the payer's additional factor (UPI PIN) each time. Sources: Stripe docs, Razorpay UPI
  AutoPay FAQ, Juspay docs. A later RBI change lifting the limit to ₹1 lakh for mutual funds,
  insurance premiums and credit-card bills is reported (e.g. bloggersind.com) but not modelled:
  ``step_up_threshold_paise`` is one figure, as the issue asks.
- **Attempts per cycle: one plus three retries.** NPCI's 2025 API-usage circular (in force from
  31 July / 1 August 2025; reported by Patrika, 2025-05-27) allows one attempt per mandate
  execution with up to three retries; Cashfree ("1+3 retry mechanism… at hourly intervals") and
  PayU ("limiting the execution attempts to 4") document the same. Older PSP docs (Juspay: up to
  10 executions per notification) predate it.
- **Non-peak hours only.** The same circular keeps AutoPay executions out of the peak windows
  10:00–13:00 and 17:00–21:30 IST (Patrika, subsshield.com, PayU). Some reports say 17:30; the
  earlier start is used because it is the stricter one.

Assumptions (no public source found, or the sources disagree):

- a retry follows only a failure that a retry can fix, judged by
  ``payments.gateway.codes.is_retryable`` (bank and network errors yes; insufficient funds, a
  wrong PIN, a declined or unknown code no), and only once the earlier attempt's outcome is
  known. An attempt that expired without an answer blocks its cycle: a late success may still
  arrive, and a retry could debit twice;
- every attempt runs on the notified debit date (the date the payer was told), retries at
  least an hour apart (Juspay: "all the mandate retries will be attempted on the same day";
  Cashfree: hourly);
- periods follow the calendar (see ``payments.mandates.schedule``);
- a created mandate the payer does not approve within 30 minutes (the default lifetime of a UPI
  collect request in ``payments.intents``) expires.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from payments.gateway.codes import is_retryable
from payments.intents import COLLECT_TTL_DEFAULT
from payments.mandates.schedule import IST

STEP_UP_THRESHOLD_PAISE = 15_000 * 100
PRE_DEBIT_NOTICE = timedelta(hours=24)
MAX_ATTEMPTS_PER_PERIOD = 4  # the first attempt and three retries
MIN_RETRY_GAP = timedelta(hours=1)
PEAK_HOURS_IST: tuple[tuple[time, time], ...] = (
    (time(10, 0), time(13, 0)),
    (time(17, 0), time(21, 30)),
)
APPROVAL_TTL = COLLECT_TTL_DEFAULT


@dataclass(frozen=True)
class MandatePolicy:
    step_up_threshold_paise: int = STEP_UP_THRESHOLD_PAISE
    pre_debit_notice: timedelta = PRE_DEBIT_NOTICE
    max_attempts_per_period: int = MAX_ATTEMPTS_PER_PERIOD
    min_retry_gap: timedelta = MIN_RETRY_GAP
    peak_hours_ist: tuple[tuple[time, time], ...] = PEAK_HOURS_IST
    approval_ttl: timedelta = APPROVAL_TTL
    is_retryable: Callable[[str], bool] = is_retryable

    def needs_step_up(self, amount_paise: int) -> bool:
        """Strictly above the threshold: ₹15,000.00 itself goes through without it."""
        return amount_paise > self.step_up_threshold_paise

    def in_peak_hours(self, instant: datetime) -> bool:
        """Windows are half-open: 13:00 IST is already outside 10:00–13:00."""
        clock = instant.astimezone(IST).time()
        return any(start <= clock < end for start, end in self.peak_hours_ist)
