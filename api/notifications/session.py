"""Who is on a notifications WebSocket: the access token, checked like any request's.

Browsers cannot set an ``Authorization`` header on a WebSocket, so the token comes as the
``access_token`` query parameter or, better (query strings end up in proxy logs), as the first
message ``{"type": "auth", "access_token": "…"}`` within ``AUTH_TIMEOUT_S``. A bad, expired or
logged-out token closes the socket with 4401 (the 4000-4999 range is the application's, and
4401 mirrors HTTP 401); a malformed first message with 1008 (policy violation). The token is
checked again every ``RECHECK_S``: a socket outlives neither its token nor a logout.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass

from fastapi import WebSocket
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from api.auth.sessions import session_revoked
from api.auth.tokens import InvalidToken, TokenAuthority
from api.principal import Person

AUTH_TIMEOUT_S = 10.0
RECHECK_S = 30.0
CLOSE_UNAUTHORIZED = 4401
CLOSE_POLICY = 1008


class Rejected(Exception):
    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code, self.reason = code, reason


@dataclass(frozen=True)
class Session:
    person: Person
    token: str


def check(tokens: TokenAuthority, engine: Engine, token: str) -> Person:
    """The person the token names, if it is valid and its login still open; else ``Rejected``."""
    try:
        claims = tokens.decode(token)
    except InvalidToken as exc:
        raise Rejected(CLOSE_UNAUTHORIZED, f"invalid access token: {exc}"[:120]) from None
    if session_revoked(engine, claims.session_id):
        raise Rejected(CLOSE_UNAUTHORIZED, "this login has ended")
    return claims.person


async def authenticate(websocket: WebSocket, tokens: TokenAuthority, engine: Engine) -> Session:
    token = websocket.query_params.get("access_token") or await _first_message_token(websocket)
    person = await run_in_threadpool(check, tokens, engine, token)
    return Session(person, token)


async def _first_message_token(websocket: WebSocket) -> str:
    try:
        text = await asyncio.wait_for(websocket.receive_text(), AUTH_TIMEOUT_S)
    except TimeoutError:
        raise Rejected(CLOSE_UNAUTHORIZED, "no access token within 10 s") from None
    try:
        message = json.loads(text)
    except ValueError:
        raise Rejected(CLOSE_POLICY, "the first message must be JSON") from None
    if not isinstance(message, dict) or message.get("type") != "auth":
        raise Rejected(CLOSE_POLICY, 'send {"type": "auth", "access_token": "..."} first')
    token = message.get("access_token")
    if not isinstance(token, str) or not token:
        raise Rejected(CLOSE_POLICY, 'send {"type": "auth", "access_token": "..."} first')
    return token
