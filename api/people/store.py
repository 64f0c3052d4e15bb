"""Reading and writing people and their devices in the app database.

A phone is stored twice, neither time in clear: encrypted (to send the next OTP) and as a blind
index (to find who owns it). People who sign up through the app, not from the generated
population, get a ``U…`` person_ref so they can never collide with the warehouse's ``P…`` ids.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, get_args

from sqlalchemy import Connection, select, update
from sqlalchemy.dialects import postgresql, sqlite

from api.auth.phones import PHONE_PURPOSE
from api.tables import devices, people
from hisaab.crypto import FieldCipher

AgeBand = Literal["18-24", "25-34", "35-44", "45-59", "60+"]  # as sandbox/generator assigns
AGE_BANDS: tuple[str, ...] = get_args(AgeBand)


@dataclass(frozen=True)
class Profile:
    person_id: str
    person_ref: str
    phone: str
    city: str | None
    city_tier: int | None
    age_band: str | None
    created_at: datetime


def phone_index(cipher: FieldCipher, phone: str) -> str:
    return cipher.blind_index(phone, purpose=PHONE_PURPOSE)


def find_by_phone(conn: Connection, cipher: FieldCipher, phone: str) -> Any | None:
    """The live (not erased) person row holding ``phone`` (normalised E.164), if any."""
    query = select(people).where(
        people.c.phone_index == phone_index(cipher, phone), people.c.erased_at.is_(None)
    )
    return conn.execute(query).first()


def create_person(
    conn: Connection,
    cipher: FieldCipher,
    *,
    phone: str,
    now: datetime,
    person_ref: str | None = None,
    city: str | None = None,
    city_tier: int | None = None,
    age_band: str | None = None,
) -> str:
    """A new person; their person_id."""
    person_id = str(uuid.uuid4())
    conn.execute(
        people.insert().values(
            person_id=person_id,
            person_ref=person_ref or "U" + secrets.token_hex(5).upper(),
            phone_encrypted=cipher.encrypt(phone),
            phone_index=phone_index(cipher, phone),
            city=city,
            city_tier=city_tier,
            age_band=age_band,
            created_at=now,
            updated_at=now,
        )
    )
    return person_id


def load_profile(conn: Connection, cipher: FieldCipher, person_id: str) -> Profile | None:
    row = conn.execute(
        select(people).where(people.c.person_id == person_id, people.c.erased_at.is_(None))
    ).first()
    if row is None or row.phone_encrypted is None:
        return None
    return Profile(
        person_id=row.person_id,
        person_ref=row.person_ref,
        phone=cipher.decrypt(row.phone_encrypted),
        city=row.city,
        city_tier=row.city_tier,
        age_band=row.age_band,
        created_at=row.created_at,
    )


def update_profile(
    conn: Connection, person_id: str, changes: dict[str, Any], now: datetime
) -> None:
    """Apply ``changes`` (city, city_tier, age_band) to a live person."""
    conn.execute(
        update(people)
        .where(people.c.person_id == person_id, people.c.erased_at.is_(None))
        .values(**changes, updated_at=now)
    )


def touch_device(conn: Connection, person_id: str, device_id: str, now: datetime) -> None:
    """Record that ``device_id`` signed in as the person (insert, or refresh last_seen_at)."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(devices).values(
        person_id=person_id, device_id=device_id, first_seen_at=now, last_seen_at=now
    )
    conn.execute(
        statement.on_conflict_do_update(
            index_elements=[devices.c.person_id, devices.c.device_id],
            set_={"last_seen_at": now},
        )
    )


def device(conn: Connection, person_id: str, device_id: str) -> Any | None:
    query = select(devices).where(
        devices.c.person_id == person_id, devices.c.device_id == device_id
    )
    return conn.execute(query).first()
