"""Enrolling the synthetic population, so each generated person can sign in to the API.

``hisaab generate`` writes ``<landing>/_truth/people.csv`` (person_ref, city, city_tier,
age_band…). Each person gets the synthetic phone ``+9190000NNNNN`` where NNNNN is the number in
their ref (P000012 → +919000000012): a demo login needs no lookup table. Enrolling twice adds
nobody: a person already enrolled (by ref or by phone) is left as they are.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, select

from api.people import store
from api.tables import people
from hisaab.crypto import FieldCipher
from hisaab.privacy.consents import PURPOSES, has_consent, set_consent

TRUTH_PEOPLE = Path("_truth") / "people.csv"


@dataclass(frozen=True)
class Enrolled:
    created: int
    existing: int


def synthetic_phone(person_ref: str) -> str:
    """``P000012`` → ``+919000000012``."""
    number = person_ref[1:]
    if not person_ref.startswith("P") or not number.isdigit() or int(number) > 99_999:
        raise ValueError(f"{person_ref!r} is not a generated person ref (P000001-P099999)")
    return f"+9190000{int(number):05d}"


def enrol_person(
    conn: Connection,
    cipher: FieldCipher,
    *,
    person_ref: str,
    phone: str,
    city: str | None = None,
    city_tier: int | None = None,
    age_band: str | None = None,
) -> bool:
    """Create the person unless their ref or phone is taken; True when created."""
    taken = conn.execute(select(people.c.person_id).where(people.c.person_ref == person_ref))
    if taken.first() is not None or store.find_by_phone(conn, cipher, phone) is not None:
        return False
    store.create_person(
        conn,
        cipher,
        phone=phone,
        now=datetime.now(UTC),
        person_ref=person_ref,
        city=city,
        city_tier=city_tier,
        age_band=age_band,
    )
    return True


def enrol_population(engine: Engine, cipher: FieldCipher, landing: Path) -> Enrolled:
    """Enrol everyone in ``landing``'s ground truth; ``FileNotFoundError`` when there is none.

    Each generated person is taken to have agreed to every purpose at onboarding
    (`hisaab.privacy.consents`), as a demo person who forwards SMS would have.
    """
    with (landing / TRUTH_PEOPLE).open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    created = 0
    with engine.begin() as conn:
        for row in rows:
            created += enrol_person(
                conn,
                cipher,
                person_ref=row["person_ref"],
                phone=synthetic_phone(row["person_ref"]),
                city=row.get("city") or None,
                city_tier=int(row["city_tier"]) if row.get("city_tier") else None,
                age_band=row.get("age_band") or None,
            )
    for row in rows:
        for purpose in PURPOSES:
            if not has_consent(engine, row["person_ref"], purpose):
                set_consent(engine, row["person_ref"], purpose, granted=True)
    return Enrolled(created, len(rows) - created)
