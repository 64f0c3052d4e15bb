"""Dependencies every router uses, as ``Annotated`` aliases (``CurrentPerson``, ``AppDb``…).

Everything an app needs once (engine, marts reader, token authority) lives on ``app.state``,
built by ``api.app.create_app``; these functions only hand it out. ``current_person`` is the
one gate for person-scoped endpoints: a Bearer access token, checked in full, whose login has
not been ended by logout or a detected refresh-token replay.

The dependencies that only hand out what ``app.state`` holds are ``async``: FastAPI runs a plain
``def`` dependency in the thread pool, and a thread hop per dependency, five or six per
request, cost more CPU than anything they do. What may block (the session check reads the
database) stays ``def`` and takes its hop.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from api.auth.service import AuthService
from api.auth.sessions import session_revoked
from api.auth.tokens import AccessClaims, InvalidToken, TokenAuthority
from api.errors import StepUpRequired, Unauthorized
from api.principal import Person
from hisaab.crypto import FieldCipher
from hisaab.serving import PublishedMarts
from hisaab.settings import Settings
from payments.service import PaymentService
from payments.wiring import payment_service

_payments_lock = threading.Lock()
_bearer = HTTPBearer(auto_error=False, description="Access token from /auth/otp/verify")


async def settings(request: Request) -> Settings:
    value: Settings = request.app.state.settings
    return value


async def app_db(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


async def published_marts(request: Request) -> PublishedMarts:
    marts: PublishedMarts = request.app.state.marts
    return marts


async def token_authority(request: Request) -> TokenAuthority:
    tokens: TokenAuthority = request.app.state.tokens
    return tokens


async def cipher(request: Request) -> FieldCipher:
    value: FieldCipher = request.app.state.cipher
    return value


async def auth_service(request: Request) -> AuthService:
    service: AuthService = request.app.state.auth
    return service


def app_payments(app: FastAPI) -> PaymentService:
    """The app's payment service, built on first use (the callback route, payment routers);
    once, however many requests arrive at the start together."""
    with _payments_lock:
        if getattr(app.state, "payments", None) is None:
            app.state.payments = payment_service(app.state.settings)
        service: PaymentService = app.state.payments
    return service


async def payments(request: Request) -> PaymentService:
    service: PaymentService | None = getattr(request.app.state, "payments", None)
    if service is None:  # built once, in a thread: it opens an engine and creates tables
        return await run_in_threadpool(app_payments, request.app)
    return service


SettingsDep = Annotated[Settings, Depends(settings)]
AppDb = Annotated[Engine, Depends(app_db)]
MartsDep = Annotated[PublishedMarts, Depends(published_marts)]
TokensDep = Annotated[TokenAuthority, Depends(token_authority)]
CipherDep = Annotated[FieldCipher, Depends(cipher)]
PaymentsDep = Annotated[PaymentService, Depends(payments)]
AuthDep = Annotated[AuthService, Depends(auth_service)]
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def current_claims(
    request: Request, credentials: Credentials, tokens: TokensDep, engine: AppDb
) -> AccessClaims:
    """The verified claims of the Bearer access token; 401 problem otherwise."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized()
    try:
        claims = tokens.decode(credentials.credentials)
    except InvalidToken as exc:
        raise Unauthorized(str(exc)) from exc
    if session_revoked(engine, claims.session_id):
        raise Unauthorized("this login has ended: sign in again")
    request.state.person_id = claims.person.person_id  # for the request log
    return claims


ClaimsDep = Annotated[AccessClaims, Depends(current_claims)]


async def current_person(claims: ClaimsDep) -> Person:
    """The person the Bearer access token names (``CurrentPerson``)."""
    return claims.person


CurrentPerson = Annotated[Person, Depends(current_person)]


def require_step_up(person: Person, action: str) -> None:
    """Raise ``StepUpRequired`` unless ``person`` verified a step-up OTP in the last 5 minutes."""
    if person.step_up_until is None or person.step_up_until <= datetime.now(UTC):
        raise StepUpRequired(action)
