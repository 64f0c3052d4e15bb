"""Access tokens: RS256 JWTs that live 15 minutes.

Decoding trusts nothing in the token's header but the ``kid``: the algorithm list is fixed to
RS256 (so ``alg=none`` and HS256-signed-with-the-public-key tokens are refused), and issuer,
audience, expiry, issue time and subject are all required. Claims: ``sub`` (person_id), ``ref``
(person_ref), ``dev`` (device), ``sid`` (the login's refresh family, so logout ends it), ``jti``,
and ``step_up_until`` (epoch seconds) right after a step-up OTP.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt

from api.auth.keys import SigningKey
from api.principal import Person
from hisaab.settings import Settings

ACCESS_TOKEN_TTL = timedelta(minutes=15)
ALGORITHM = "RS256"
REQUIRED_CLAIMS = ["iss", "aud", "sub", "exp", "iat", "jti", "ref", "dev", "sid"]


class InvalidToken(Exception):
    """The token is not one this server issued, or no longer valid; ``str`` says which."""


@dataclass(frozen=True)
class AccessClaims:
    person: Person
    session_id: str


@dataclass(frozen=True)
class TokenAuthority:
    """Issues and checks access tokens for one issuer/audience with one signing key."""

    key: SigningKey
    issuer: str
    audience: str

    @classmethod
    def from_settings(cls, key: SigningKey, settings: Settings) -> TokenAuthority:
        return cls(key, settings.jwt_issuer, settings.jwt_audience)

    def issue(
        self,
        *,
        person_id: str,
        person_ref: str,
        device_id: str,
        session_id: str,
        now: datetime,
        step_up_until: datetime | None = None,
    ) -> str:
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": person_id,
            "ref": person_ref,
            "dev": device_id,
            "sid": session_id,
            "jti": str(uuid.uuid4()),
            "iat": int(now.timestamp()),
            "exp": int((now + ACCESS_TOKEN_TTL).timestamp()),
        }
        if step_up_until is not None:
            claims["step_up_until"] = int(step_up_until.timestamp())
        headers = {"kid": self.key.kid, "typ": "JWT"}
        return jwt.encode(claims, self.key.private_key, algorithm=ALGORITHM, headers=headers)

    def decode(self, token: str) -> AccessClaims:
        try:
            if jwt.get_unverified_header(token).get("kid") != self.key.kid:
                raise InvalidToken("token signed by an unknown key")
            claims = jwt.decode(
                token,
                self.key.public_key,
                algorithms=[ALGORITHM],
                audience=self.audience,
                issuer=self.issuer,
                options={"require": REQUIRED_CLAIMS},
            )
        except jwt.ExpiredSignatureError as exc:
            raise InvalidToken("access token expired") from exc
        except jwt.PyJWTError as exc:
            raise InvalidToken("access token invalid") from exc
        return _claims(claims)


def _claims(claims: dict[str, Any]) -> AccessClaims:
    step_up = claims.get("step_up_until")
    if step_up is not None and not isinstance(step_up, int):
        raise InvalidToken("access token invalid")
    values = [claims[name] for name in ("sub", "ref", "dev", "jti", "sid")]
    if not all(isinstance(value, str) and value for value in values):
        raise InvalidToken("access token invalid")
    person = Person(
        person_id=claims["sub"],
        person_ref=claims["ref"],
        device_id=claims["dev"],
        token_id=claims["jti"],
        step_up_until=datetime.fromtimestamp(step_up, UTC) if step_up is not None else None,
    )
    return AccessClaims(person, claims["sid"])
