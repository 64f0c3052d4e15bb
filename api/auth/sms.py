"""Sending the login SMS: a protocol, the embedded profile's sandbox sink and an HTTP adapter.

The sandbox appends ``{"to", "body", "sent_at"}`` JSON lines to
``$HISAAB_HOME/sandbox/sms.jsonl`` (where a developer or a test reads the OTP); several API
workers append under a file lock. Production must use a real provider: ``HttpSms`` posts
``{"to", "body"}`` with a bearer key (``HISAAB_SMS_API_KEY``) to ``HISAAB_SMS_HTTP_URL``, the
shape of an in-house relay in front of a DLT-registered Indian SMS gateway.
"""

from __future__ import annotations

import fcntl
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import httpx

from hisaab.secrets import MissingSecret, secret
from hisaab.settings import Settings

SMS_API_KEY = "sms_api_key"


class SmsSender(Protocol):
    def send(self, to: str, body: str) -> None:
        """Deliver ``body`` to the E.164 number ``to``; raise on failure."""


class SmsDeliveryFailed(RuntimeError):
    """The provider did not accept the message."""


class SandboxSms:
    def __init__(self, path: Path) -> None:
        self.path = path

    def send(self, to: str, body: str) -> None:
        line = json.dumps({"to": to, "body": body, "sent_at": datetime.now(UTC).isoformat()})
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            handle.write(line + "\n")


class HttpSms:
    def __init__(self, url: str, api_key: bytes, timeout_seconds: float = 10.0) -> None:
        self.url, self.api_key, self.timeout = url, api_key, timeout_seconds

    def send(self, to: str, body: str) -> None:
        headers = {"Authorization": f"Bearer {self.api_key.decode()}"}
        try:
            response = httpx.post(
                self.url, json={"to": to, "body": body}, headers=headers, timeout=self.timeout
            )
        except httpx.HTTPError as exc:
            raise SmsDeliveryFailed(f"SMS provider unreachable: {type(exc).__name__}") from exc
        if response.status_code >= 300:
            raise SmsDeliveryFailed(f"SMS provider answered {response.status_code}")


def sms_sender(settings: Settings) -> SmsSender:
    """The configured sender; production refuses the sandbox (it would never reach a phone)."""
    if settings.sms_provider == "http":
        if not settings.sms_http_url:
            raise MissingSecret("HISAAB_SMS_PROVIDER=http needs HISAAB_SMS_HTTP_URL")
        return HttpSms(settings.sms_http_url, secret(SMS_API_KEY, settings))
    if settings.profile != "embedded":
        raise MissingSecret("production needs a real SMS provider: set HISAAB_SMS_PROVIDER=http")
    return SandboxSms(settings.resolved_home / "sandbox" / "sms.jsonl")
