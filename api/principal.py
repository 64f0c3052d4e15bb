"""Who is calling: the person an access token names, as every person-scoped handler sees them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Person:
    """An authenticated person.

    ``person_id`` is the app database's key (a UUID); ``person_ref`` is the warehouse's
    pseudonymous id (``P000012``) that marts and payments are keyed by. ``step_up_until`` is set
    when the token was issued right after a step-up OTP (see ``api.deps.require_step_up``).
    """

    person_id: str
    person_ref: str
    device_id: str
    token_id: str
    step_up_until: datetime | None = None
