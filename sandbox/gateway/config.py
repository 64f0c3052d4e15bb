"""Every knob of the sandbox switch, with defaults that behave like the real thing.

Two clocks matter. Fault delays (``ack_delay_s``, ``stall_s``, ``callback_delay_s``…) are real
seconds, because they race the client's real deadlines. NPCI-clock durations (the status-check
rules, how long a collect request lives, how long an unanswered payment stays pending) are
multiplied by ``time_scale``, so a test can run the 90-second and 2-hour rules in milliseconds
while the rules themselves keep their real values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_AMOUNT_PAISE = 1_00_000_00  # ₹1 lakh, the general per-transaction limit


@dataclass(frozen=True)
class FaultRates:
    """Chance of each misbehaviour for a transaction no test forced; the rest succeed."""

    decline: float = 0.10
    timeout: float = 0.02
    success_after_timeout: float = 0.02
    duplicate_callbacks: float = 0.05
    out_of_order: float = 0.03
    unavailable: float = 0.01
    collect_expired: float = 0.20  # collect requests only: the payer never answered

    def __post_init__(self) -> None:
        for name, rate in vars(self).items():
            if not 0.0 <= rate <= 1.0:
                raise ValueError(f"fault rate {name}={rate} is not a probability")
        if sum(vars(self).values()) > 1.0:
            raise ValueError("fault rates add up to more than 1")


@dataclass(frozen=True)
class Timings:
    """Real seconds unless marked NPCI-clock (those are multiplied by ``time_scale``)."""

    ack_delay_s: float = 0.05  # how long a normal pay/collect takes to acknowledge
    stall_s: float = 20.0  # how long a timing-out pay holds the answer: past NPCI's 15 s
    callback_delay_s: float = 1.0  # from accepting a request to its outcome callback
    redelivery_gap_s: float = 0.2  # between duplicate or stale deliveries
    retry_backoff_s: float = 1.0  # first retry of a failed delivery; doubles each time
    callback_attempts: int = 4
    callback_timeout_s: float = 5.0
    pending_expiry_s: float = 900.0  # NPCI-clock: an unanswered payment is given up after this
    time_scale: float = 1.0

    def __post_init__(self) -> None:
        if self.time_scale <= 0 or self.callback_attempts < 1:
            raise ValueError("time_scale must be positive and callback_attempts at least 1")
        if min(self.ack_delay_s, self.stall_s, self.callback_delay_s) < 0:
            raise ValueError("delays cannot be negative")

    def npci(self, seconds: float) -> float:
        """An NPCI-clock duration in real seconds."""
        return seconds * self.time_scale


@dataclass(frozen=True)
class StatusRules:
    """NPCI (June 2025): first check no earlier than 90 s, at most 3 checks within 2 hours.

    Both durations are NPCI-clock; the window opens when the transaction does.
    """

    first_after_s: float = 90.0
    max_checks: int = 3
    window_s: float = 7200.0


@dataclass(frozen=True)
class SandboxConfig:
    secret: bytes = field(repr=False)
    seed: int = 7
    faults: FaultRates = field(default_factory=FaultRates)
    timings: Timings = field(default_factory=Timings)
    status_rules: StatusRules = field(default_factory=StatusRules)
    max_amount_paise: int = MAX_AMOUNT_PAISE

    def __post_init__(self) -> None:
        if not self.secret:
            raise ValueError("the callback signing secret is empty")
