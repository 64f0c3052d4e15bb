"""Frequencies, amount rules, IST business dates, and which period ("cycle") a debit falls in.

A mandate may be debited once per period of its frequency, so the period is the key that
pre-debit notifications and executions share. Periods follow the calendar, not the mandate's
start date: payment processors report that a monthly UPI mandate allows one debit per calendar
month and a yearly one per calendar year (Vacademy-io/vacademy_platform#2750, observed on live
Razorpay mandates). The same reading is assumed for the others: weekly = ISO week (Monday to
Sunday), fortnightly = the 1st–15th and the 16th–end of a month, bi-monthly = Jan–Feb, Mar–Apr…,
quarterly = calendar quarters (which are also India's financial-year quarters), half-yearly =
Jan–Jun and Jul–Dec. ``aspresented`` has no cycle; one debit per business date is assumed.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from enum import StrEnum
from zoneinfo import ZoneInfo

IST = ZoneInfo("Asia/Kolkata")


class Frequency(StrEnum):
    """NPCI's AutoPay recurrence patterns (one-time to yearly, and "as presented")."""

    ONETIME = "onetime"
    DAILY = "daily"
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"
    BIMONTHLY = "bimonthly"
    QUARTERLY = "quarterly"
    HALFYEARLY = "halfyearly"
    YEARLY = "yearly"
    ASPRESENTED = "aspresented"


class AmountRule(StrEnum):
    """``max``: any debit up to the amount (utility bills); ``exact``: that amount only (EMIs)."""

    MAX = "max"
    EXACT = "exact"


def business_date(instant: datetime) -> date:
    """The Asia/Kolkata date of a UTC instant: debits are scheduled in India's calendar."""
    if instant.tzinfo is None:
        raise ValueError("naive datetime: pass an aware UTC instant")
    return instant.astimezone(IST).date()


def start_of_day(day: date) -> datetime:
    """The UTC instant at which an IST business date begins."""
    return datetime.combine(day, time(0), IST).astimezone(UTC)


def ensure_business_date(value: object) -> date:
    """Refuse a ``datetime`` where a date is meant (it is a ``date`` subclass, so it would slip
    through and compare oddly against the stored dates)."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError("a debit date is an IST business date (datetime.date), not an instant")
    return value


def period_of(frequency: Frequency, day: date) -> str:
    """The label of the cycle ``day`` belongs to, e.g. ``2026-11`` for a monthly mandate."""
    year, month = day.year, day.month
    labels = {
        Frequency.ONETIME: "once",
        Frequency.DAILY: day.isoformat(),
        Frequency.ASPRESENTED: day.isoformat(),
        Frequency.WEEKLY: "{}-W{:02d}".format(*day.isocalendar()[:2]),
        Frequency.FORTNIGHTLY: f"{year}-{month:02d}-F{1 if day.day <= 15 else 2}",
        Frequency.MONTHLY: f"{year}-{month:02d}",
        Frequency.BIMONTHLY: f"{year}-B{(month - 1) // 2 + 1}",
        Frequency.QUARTERLY: f"{year}-Q{(month - 1) // 3 + 1}",
        Frequency.HALFYEARLY: f"{year}-H{(month - 1) // 6 + 1}",
        Frequency.YEARLY: f"{year}",
    }
    return labels[Frequency(frequency)]
