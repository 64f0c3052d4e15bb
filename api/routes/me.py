"""``/me``: the signed-in person's own profile (masked phone, city, age band, this device)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, field_validator

from api.auth.phones import mask_phone
from api.deps import AppDb, CipherDep, CurrentPerson
from api.errors import NotFound
from api.people import store
from api.people.cities import canonical_city
from api.people.store import AgeBand

router = APIRouter(tags=["me"])


class Device(BaseModel):
    device_id: str
    first_seen_at: datetime
    last_seen_at: datetime


class Me(BaseModel):
    person_ref: str
    phone: str  # masked: +91 ••••• ••001
    city: str | None
    city_tier: int | None
    age_band: AgeBand | None
    device: Device | None
    member_since: datetime


class ProfileChange(BaseModel):
    """Only what is sent changes; ``null`` clears a field."""

    model_config = ConfigDict(extra="forbid")
    city: str | None = None
    age_band: AgeBand | None = None

    @field_validator("city")
    @classmethod
    def _city(cls, value: str | None) -> str | None:
        return None if value is None else canonical_city(value)[0]


@router.get("/me")
def read_me(person: CurrentPerson, engine: AppDb, cipher: CipherDep) -> Me:
    with engine.connect() as conn:
        profile = store.load_profile(conn, cipher, person.person_id)
        device = store.device(conn, person.person_id, person.device_id)
    if profile is None:
        raise NotFound("person")
    return Me(
        person_ref=profile.person_ref,
        phone=mask_phone(profile.phone),
        city=profile.city,
        city_tier=profile.city_tier,
        age_band=profile.age_band,  # type: ignore[arg-type]  # stored only after validation
        device=Device.model_validate(device._mapping) if device else None,
        member_since=profile.created_at,
    )


@router.patch("/me")
def update_me(change: ProfileChange, person: CurrentPerson, engine: AppDb, cipher: CipherDep) -> Me:
    values: dict[str, Any] = change.model_dump(exclude_unset=True)
    if "city" in values:
        values["city_tier"] = canonical_city(values["city"])[1] if values["city"] else None
    with engine.begin() as conn:
        store.update_profile(conn, person.person_id, values, datetime.now(UTC))
    return read_me(person, engine, cipher)
