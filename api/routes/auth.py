"""``/auth``: phone + OTP sign-in, token refresh, step-up and logout (logic in api.auth.service)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request, Response, status

from api.auth.otp import OTP_TTL
from api.auth.schemas import (
    CodeSent,
    OtpRequest,
    OtpVerify,
    RefreshRequest,
    SteppedUp,
    StepUpVerify,
    Tokens,
)
from api.auth.service import TokenPair
from api.auth.sms import SmsDeliveryFailed
from api.auth.tokens import ACCESS_TOKEN_TTL
from api.deps import AuthDep, ClaimsDep
from api.errors import ApiError

router = APIRouter(prefix="/auth", tags=["auth"])

PROBLEM: dict[str, Any] = {"content": {"application/problem+json": {}}}
OTP_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {**PROBLEM, "description": "Wrong or expired code"},
    429: {**PROBLEM, "description": "Too many codes asked for; see Retry-After"},
}
CODE_SENT = CodeSent(expires_in=int(OTP_TTL.total_seconds()))


def _client(request: Request) -> str:
    """The caller's address (uvicorn's --proxy-headers resolves it behind a trusted proxy)."""
    return request.client.host if request.client else "unknown"


def _sending(send: Callable[[], None]) -> CodeSent:
    try:
        send()
    except SmsDeliveryFailed as exc:
        raise ApiError(
            503, "sms-unavailable", "SMS unavailable", "could not send the code"
        ) from exc
    return CODE_SENT


def _tokens(pair: TokenPair) -> Tokens:
    return Tokens(
        access_token=pair.access_token, refresh_token=pair.refresh_token, expires_in=pair.expires_in
    )


@router.post("/otp", status_code=status.HTTP_202_ACCEPTED, responses=OTP_ERRORS)
def request_otp(body: OtpRequest, request: Request, auth: AuthDep) -> CodeSent:
    """Send a sign-in code by SMS (the same answer whether or not the phone has an account)."""
    return _sending(lambda: auth.send_login_code(body.phone, _client(request)))


@router.post("/otp/verify", responses=OTP_ERRORS)
def verify_otp(body: OtpVerify, auth: AuthDep) -> Tokens:
    """Exchange the code for tokens; an unknown phone gets an account here."""
    return _tokens(auth.verify_login(body.phone, body.otp, body.device_id))


@router.post("/refresh", responses={401: {**PROBLEM, "description": "Sign in again"}})
def refresh(body: RefreshRequest, auth: AuthDep) -> Tokens:
    """Rotate the refresh token; a token used twice ends the whole login."""
    return _tokens(auth.refresh(body.refresh_token, body.device_id))


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(claims: ClaimsDep, auth: AuthDep) -> Response:
    """End this login: its refresh tokens and access tokens stop working."""
    auth.logout(claims)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/step-up", status_code=status.HTTP_202_ACCEPTED, responses=OTP_ERRORS)
def request_step_up(claims: ClaimsDep, request: Request, auth: AuthDep) -> CodeSent:
    """Send a code to the signed-in person's phone before a sensitive action."""
    return _sending(lambda: auth.send_step_up_code(claims, _client(request)))


@router.post("/step-up/verify", responses=OTP_ERRORS)
def verify_step_up(body: StepUpVerify, claims: ClaimsDep, auth: AuthDep) -> SteppedUp:
    """A fresh access token that allows sensitive actions for 5 minutes."""
    access, until = auth.verify_step_up(claims, body.otp)
    expires_in = int(ACCESS_TOKEN_TTL.total_seconds())
    return SteppedUp(access_token=access, expires_in=expires_in, step_up_until=until)
