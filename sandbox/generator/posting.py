"""When the bank books an event, which is not always when the money moved.

Card (POS), ATM, NACH and NEFT entries are posted in batches: after a bank's evening cut-off
they reach the books the next morning. The statement and the AA feed (the bank's books) then
carry the next day, while the SMS, sent when the money moved, carries the real one. UPI and IMPS
post at once. Cut-offs are fixed per bank, so the same seed always books the same events late,
and posting keeps the order in which events happened.
"""

from __future__ import annotations

import numpy as np

from sandbox.generator.catalog.banks import BANKS
from sandbox.generator.common import SECONDS_PER_DAY, IntArray
from sandbox.generator.events import CHANNEL, Events
from sandbox.generator.world import World

CUTOFF_HOURS = {"hdfc": 21.0, "sbi": 20.5, "icici": 22.0, "axis": 21.5}
BATCHED_CHANNELS = ("card", "atm", "nach", "neft")
MORNING_BATCH_SECONDS = 60  # the next-day batch starts at 00:01 IST


def posted_times(world: World, events: Events) -> IntArray:
    """IST seconds at which the bank books each event (``events.at`` unless it waits a night).

    An event on the period's last day is booked that day, so every event stays on the
    statement of its period.
    """
    cutoff = np.array([CUTOFF_HOURS[bank.key] * 3600 for bank in BANKS], dtype=np.int64)
    seconds = events.at % SECONDS_PER_DAY
    after_cutoff = seconds - cutoff[world.bank_of(events.account)]
    batched = np.isin(events.channel, [CHANNEL[name] for name in BATCHED_CHANNELS])
    late = batched & (after_cutoff >= 0) & (events.day < world.period.end_day)
    # One second of the batch per minute after the cut-off keeps late events in their order.
    next_morning = (events.day + 1) * SECONDS_PER_DAY + MORNING_BATCH_SECONDS + after_cutoff // 60
    return np.where(late, next_morning, events.at)
