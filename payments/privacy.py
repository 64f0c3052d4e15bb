"""Personal identifiers in the app database: encrypted at rest, indexed blind, masked in events.

VPAs and payee names say who paid whom; DPDP asks that they be protected, and the design keeps
them out of everything but the app database, encrypted there:

- ``EncryptedText`` / ``EncryptedBytes`` columns hold ``hisaab.crypto`` tokens (AES-256-GCM with
  a key id, so keys can rotate); the application sees plaintext, the file on disk never does.
- Equality lookups ("my payments to this VPA") cannot compare random-nonce ciphertexts, so a
  column that needs them has a blind index beside it: an HMAC of the normalised value
  (``vpa_index``), equal for equal VPAs and useless without the key.
- Events that leave the app database (outbox → Kafka → warehouse) carry ``mask_vpa`` forms
  only: the PSP handle (which app the money went through: analytics want it) and two letters.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Dialect, Text
from sqlalchemy.types import TypeDecorator

VPA_INDEX_PURPOSE = "payments.vpa"
_VISIBLE_HANDLE_CHARS = 2


_cached: tuple[object, Any] | None = None


def _cipher() -> Any:
    """One cipher per settings object: it keeps its keys, so a row costs no secret-file read.

    Imported when first used: the kernel reads keys from settings and secrets, which a module
    that only defines tables must not touch at import time.
    """
    global _cached
    from hisaab.crypto import field_cipher
    from hisaab.settings import get_settings

    settings = get_settings()
    if _cached is None or _cached[0] is not settings:
        _cached = (settings, field_cipher(settings))
    return _cached[1]


class EncryptedText(TypeDecorator[str]):
    """A text column stored only as a ``hisaab.crypto`` token (``v1.<key id>.<…>``)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        token: str = _cipher().encrypt(value)
        return token

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        plaintext: str = _cipher().decrypt(str(value))
        return plaintext


class EncryptedBytes(TypeDecorator[bytes]):
    """UTF-8 bytes (a stored JSON response) encrypted like ``EncryptedText``: the replay of an
    idempotent request gets back exactly the bytes that went in."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: bytes | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        token: str = _cipher().encrypt(value.decode("utf-8"))
        return token

    def process_result_value(self, value: Any, dialect: Dialect) -> bytes | None:
        if value is None:
            return None
        plaintext: str = _cipher().decrypt(str(value))
        return plaintext.encode("utf-8")


def vpa_index(vpa: str) -> str:
    """The blind index of a (normalised) VPA: equal VPAs, equal index; no key, no VPA."""
    index: str = _cipher().blind_index(vpa.strip().lower(), purpose=VPA_INDEX_PURPOSE)
    return index


def mask_vpa(vpa: str | None) -> str | None:
    """``ravi.kumar@okhdfcbank`` → ``ra***@okhdfcbank``: the PSP stays, the person does not."""
    if not vpa:
        return vpa
    handle, _, psp = vpa.rpartition("@")
    if not handle:
        return "***"
    visible = _VISIBLE_HANDLE_CHARS if len(handle) > 2 * _VISIBLE_HANDLE_CHARS else 1
    return f"{handle[:visible]}***@{psp}"
