"""Request and response bodies of the auth endpoints; unknown fields are refused."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from api.auth.phones import InvalidPhone, normalise_phone


def _phone(value: str) -> str:
    try:
        return normalise_phone(value)
    except InvalidPhone as exc:
        raise ValueError(str(exc)) from None


Phone = Annotated[
    str,
    Field(max_length=32, examples=["+91 90000 00001"], description="An Indian mobile number"),
    AfterValidator(_phone),
]
Otp = Annotated[str, Field(pattern=r"^\d{6}$", description="The 6-digit code sent by SMS")]
DeviceId = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z0-9._:-]{1,128}$",
        description="A stable id the app generates once per installation",
    ),
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OtpRequest(Strict):
    phone: Phone


class OtpVerify(Strict):
    phone: Phone
    otp: Otp
    device_id: DeviceId


class RefreshRequest(Strict):
    refresh_token: Annotated[str, Field(min_length=1, max_length=256)]
    device_id: DeviceId


class StepUpVerify(Strict):
    otp: Otp


class CodeSent(BaseModel):
    status: Literal["sent"] = "sent"
    expires_in: int = Field(description="Seconds the code stays valid")


class Tokens(BaseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["Bearer"] = "Bearer"
    expires_in: int = Field(description="Seconds the access token stays valid")


class SteppedUp(BaseModel):
    access_token: str
    token_type: Literal["Bearer"] = "Bearer"
    expires_in: int
    step_up_until: datetime
