"""What every event generator needs to see: the people, their counterparties, the calendar."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sandbox.generator.common import IntArray, Period
from sandbox.generator.events import Notes
from sandbox.generator.parties import Parties
from sandbox.generator.population import Population


@dataclass(frozen=True)
class World:
    population: Population
    parties: Parties
    period: Period
    notes: Notes

    def monthly(
        self, persons: IntArray, day_of_month: IntArray
    ) -> tuple[IntArray, IntArray, IntArray]:
        """``(person, day, month)`` for every month of the period on each person's day of month.

        Days past a month's end fall on its last day; days outside the period are dropped.
        """
        firsts = self.period.month_firsts()
        lengths = self.period.month_lengths()
        month = np.tile(np.arange(firsts.size), persons.size)
        person = np.repeat(persons, firsts.size)
        wanted = np.repeat(day_of_month, firsts.size)
        day = firsts[month] + np.clip(wanted, 1, lengths[month]) - 1
        keep = self.period.contains(day)
        return person[keep], day[keep], month[keep]

    def participants(self, rng: np.random.Generator, share: np.ndarray | float) -> IntArray:
        """The people who take part in a habit, each with probability ``share``."""
        return np.flatnonzero(rng.random(self.population.size) < share).astype(np.int64)

    def pick(self, rng: np.random.Generator, person: IntArray) -> IntArray:
        return self.population.pick_accounts(rng, person)

    def primary(self, person: IntArray) -> IntArray:
        return self.population.first_account[person]

    def bank_of(self, account: IntArray) -> IntArray:
        return self.population.account_bank[account]
