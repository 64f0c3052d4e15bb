"""Field encryption for personal identifiers in the app database (phones, VPAs, account numbers).

A value is stored as ``v1.<key_id>.<base64url(nonce || ciphertext+tag)>``, AES-256-GCM. The key
id travels in the token so keys can rotate: new values use ``HISAAB_FIELD_KEY_ID`` (default
``k1``), and any older id stays decryptable as long as its key is still configured
(``HISAAB_FIELD_KEY_<ID>`` in production, ``$HISAAB_HOME/secrets/field_key_<id>`` embedded).
The token's ``v1.<key_id>`` prefix is authenticated too, so a token cannot be relabelled.

Encrypted values cannot be compared, so lookups (which person owns this phone?) go through a
blind index: an HMAC-SHA256 of the value under a separate key, salted by what it is for. The
blind-index key does not rotate with the encryption keys: rotating it means re-indexing.

This module is kernel code so ``payments/`` can use it without importing the API.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets as random
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from hisaab.secrets import secret
from hisaab.settings import Settings, get_settings

VERSION = "v1"
NONCE_BYTES = 12
BLIND_INDEX_SECRET = "field_blind_index"
_KEY_ID = re.compile(r"^[a-z0-9]{1,16}$")


class DecryptionError(ValueError):
    """A token that is malformed, tampered with, or sealed with a key this server lacks."""


def _derive(material: bytes, label: str) -> bytes:
    """A 32-byte key from secret material of any length (env secrets are free-form text)."""
    return hmac.new(material, f"hisaab/{label}".encode(), hashlib.sha256).digest()


@dataclass
class FieldCipher:
    """Encrypts and decrypts field values; one per process or app is enough."""

    settings: Settings
    _keys: dict[str, AESGCM] = field(default_factory=dict, repr=False)
    _index_key: bytes | None = field(default=None, repr=False)

    @property
    def active_key_id(self) -> str:
        key_id = self.settings.field_key_id
        if not _KEY_ID.match(key_id):
            raise ValueError(f"HISAAB_FIELD_KEY_ID must be 1-16 of a-z0-9, got {key_id!r}")
        return key_id

    def encrypt(self, plaintext: str) -> str:
        key_id = self.active_key_id
        header = f"{VERSION}.{key_id}"
        nonce = random.token_bytes(NONCE_BYTES)
        sealed = self._key(key_id, create=True).encrypt(nonce, plaintext.encode(), header.encode())
        return f"{header}.{base64.urlsafe_b64encode(nonce + sealed).decode().rstrip('=')}"

    def decrypt(self, token: str) -> str:
        version, key_id, body = _split(token)
        header = f"{version}.{key_id}"
        try:
            raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        except ValueError as exc:
            raise DecryptionError("field token body is not base64url") from exc
        if len(raw) < NONCE_BYTES + 16:
            raise DecryptionError("field token is too short")
        try:
            plain = self._key(key_id).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], header.encode())
        except InvalidTag as exc:
            raise DecryptionError(f"field token failed authentication (key {key_id})") from exc
        return plain.decode()

    def blind_index(self, value: str, *, purpose: str) -> str:
        if self._index_key is None:  # read once: every payment and lookup computes an index
            self._index_key = _derive(secret(BLIND_INDEX_SECRET, self.settings), "blind-index")
        key = self._index_key
        message = f"{purpose}\x1f{value}".encode()
        return hmac.new(key, message, hashlib.sha256).hexdigest()

    def _key(self, key_id: str, *, create: bool = False) -> AESGCM:
        if key_id not in self._keys:
            material = _key_material(self.settings, key_id, create=create)
            self._keys[key_id] = AESGCM(_derive(material, f"field-key/{key_id}"))
        return self._keys[key_id]


def _split(token: str) -> tuple[str, str, str]:
    parts = token.split(".")
    if len(parts) != 3 or parts[0] != VERSION or not _KEY_ID.match(parts[1]) or not parts[2]:
        raise DecryptionError("not a field token (expected v1.<key_id>.<data>)")
    return parts[0], parts[1], parts[2]


def _key_material(settings: Settings, key_id: str, *, create: bool) -> bytes:
    """The active key may be generated (embedded); an old id must already exist somewhere."""
    name = f"field_key_{key_id}"
    exists = (
        os.environ.get(f"HISAAB_{name.upper()}")
        or (settings.resolved_home / "secrets" / name).exists()
    )
    if not (create or exists):
        raise DecryptionError(f"no field key {key_id!r} configured (HISAAB_{name.upper()})")
    return secret(name, settings)


def field_cipher(settings: Settings | None = None) -> FieldCipher:
    return FieldCipher(settings or get_settings())


def blind_index(value: str, *, purpose: str, settings: Settings | None = None) -> str:
    """Module-level shortcut for lookups that need no cipher."""
    return field_cipher(settings).blind_index(value, purpose=purpose)
