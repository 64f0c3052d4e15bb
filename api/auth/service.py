"""Signing in with a phone and an OTP, staying signed in, stepping up, signing out.

Anyone may ask for a code for any Indian mobile number and gets the same answer whether or not
it has an account (no enumeration); verifying a code for an unknown phone creates the account.
Each verified login starts a refresh-token family bound to the device that asked; its id is
the access token's ``sid``, so ending the family ends the login everywhere at once.

Refusals (a wrong code, a replayed refresh token) are raised only after the transaction that
counted the attempt or revoked the family has committed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, Engine

from api import audit
from api.auth import otp, sessions
from api.auth.sms import SmsSender
from api.auth.tokens import ACCESS_TOKEN_TTL, AccessClaims, TokenAuthority
from api.errors import ApiError, NotFound, Unauthorized
from api.people import store
from hisaab.crypto import FieldCipher

STEP_UP_TTL = timedelta(minutes=5)
CLIENT_PURPOSE = "client-address"
LOGIN_SMS = "{code} is your Hisaab sign-in code. It expires in 5 minutes. Never share it."
STEP_UP_SMS = "{code} is your Hisaab code to confirm a payment or a change. Never share it."


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int = int(ACCESS_TOKEN_TTL.total_seconds())


@dataclass
class AuthService:
    engine: Engine
    cipher: FieldCipher
    tokens: TokenAuthority
    sms: SmsSender
    otp_secret: bytes
    refresh_secret: bytes
    limits: otp.Limits
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)

    def send_login_code(self, phone: str, client: str) -> None:
        self.sms.send(phone, LOGIN_SMS.format(code=self._issue("login", phone, client)))

    def verify_login(self, phone: str, code: str, device_id: str) -> TokenPair:
        now = self.clock()
        with self.engine.begin() as conn:
            outcome, left = self._verify(conn, "login", phone, code, now)
            if outcome is otp.Outcome.VERIFIED:
                return self._sign_in(conn, phone, device_id, now)
        raise _otp_refusal(outcome, left)

    def refresh(self, token: str, device_id: str) -> TokenPair:
        now = self.clock()
        with self.engine.begin() as conn:
            try:
                rotated = sessions.rotate(conn, self.refresh_secret, token, device_id, now)
            except sessions.RefreshRefused as refusal:
                if refusal.reason in {"reuse-detected", "device-mismatch"}:
                    audit.record(
                        conn,
                        "auth.refresh_refused",
                        person_id=refusal.person_id,
                        reason=refusal.reason,
                    )
                rotated = None
            if rotated is not None:
                profile = self._profile(conn, rotated.person_id)
                access = self._access(profile, device_id, rotated.family_id, now)
                return TokenPair(access, rotated.token)
        raise Unauthorized("refresh token invalid: sign in again")

    def logout(self, claims: AccessClaims) -> None:
        with self.engine.begin() as conn:
            sessions.revoke_family(conn, claims.session_id, "logout", self.clock())
            audit.record(conn, "auth.logout", person_id=claims.person.person_id)

    def send_step_up_code(self, claims: AccessClaims, client: str) -> None:
        with self.engine.connect() as conn:
            phone = self._profile(conn, claims.person.person_id).phone
        self.sms.send(phone, STEP_UP_SMS.format(code=self._issue("step_up", phone, client)))

    def verify_step_up(self, claims: AccessClaims, code: str) -> tuple[str, datetime]:
        """A fresh access token carrying ``step_up_until`` (5 minutes from now)."""
        now, person = self.clock(), claims.person
        with self.engine.begin() as conn:
            profile = self._profile(conn, person.person_id)
            outcome, left = self._verify(conn, "step_up", profile.phone, code, now)
            if outcome is otp.Outcome.VERIFIED:
                audit.record(conn, "auth.step_up", person_id=person.person_id)
                until = now + STEP_UP_TTL
                access = self._access(profile, person.device_id, claims.session_id, now, until)
                return access, until
        raise _otp_refusal(outcome, left)

    def _sign_in(self, conn: Connection, phone: str, device_id: str, now: datetime) -> TokenPair:
        row = store.find_by_phone(conn, self.cipher, phone)
        person_id = (
            row.person_id if row else store.create_person(conn, self.cipher, phone=phone, now=now)
        )
        store.touch_device(conn, person_id, device_id, now)
        refresh, family = sessions.start_family(
            conn, self.refresh_secret, person_id=person_id, device_id=device_id, now=now
        )
        audit.record(
            conn, "auth.login", person_id=person_id, device_id=device_id, signed_up=row is None
        )
        access = self._access(self._profile(conn, person_id), device_id, family, now)
        return TokenPair(access, refresh)

    def _access(
        self,
        profile: store.Profile,
        device_id: str,
        family: str,
        now: datetime,
        step_up_until: datetime | None = None,
    ) -> str:
        return self.tokens.issue(
            person_id=profile.person_id,
            person_ref=profile.person_ref,
            device_id=device_id,
            session_id=family,
            now=now,
            step_up_until=step_up_until,
        )

    def _profile(self, conn: Connection, person_id: str) -> store.Profile:
        profile = store.load_profile(conn, self.cipher, person_id)
        if profile is None:  # erased since the token was issued
            raise NotFound("person")
        return profile

    def _issue(self, purpose: str, phone: str, client: str) -> str:
        client_index = self.cipher.blind_index(client, purpose=CLIENT_PURPOSE)
        with self.engine.begin() as conn:
            return otp.issue(
                conn,
                self.otp_secret,
                purpose=purpose,
                phone_index=store.phone_index(self.cipher, phone),
                client_index=client_index,
                now=self.clock(),
                limits=self.limits,
            )

    def _verify(
        self, conn: Connection, purpose: str, phone: str, code: str, now: datetime
    ) -> tuple[otp.Outcome, int]:
        index = store.phone_index(self.cipher, phone)
        return otp.verify(
            conn, self.otp_secret, purpose=purpose, phone_index=index, code=code, now=now
        )


def _otp_refusal(outcome: otp.Outcome, left: int) -> ApiError:
    if outcome is otp.Outcome.WRONG:
        detail = f"wrong code: {left} attempts left"
        return ApiError(401, "otp-invalid", "Wrong code", detail, attempts_left=left)
    detail = "no valid code for this phone: request a new one"
    return ApiError(401, "otp-expired", "No valid code", detail)
