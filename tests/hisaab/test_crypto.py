"""Field encryption: AES-256-GCM tokens with key ids, rotation, tamper detection, blind indexes."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from hisaab.crypto import DecryptionError, field_cipher
from hisaab.secrets import MissingSecret
from hisaab.settings import Settings, get_settings

VPA = "ravi.kumar@okhdfcbank"


def _rotate_to(monkeypatch: pytest.MonkeyPatch, key_id: str) -> None:
    monkeypatch.setenv("HISAAB_FIELD_KEY_ID", key_id)
    get_settings.cache_clear()


def test_round_trip_with_a_fresh_nonce_each_time(hisaab_home: Path) -> None:
    cipher = field_cipher()
    first, second = cipher.encrypt(VPA), cipher.encrypt(VPA)
    assert first != second and first.startswith("v1.k1.")
    assert VPA not in first
    assert cipher.decrypt(first) == cipher.decrypt(second) == VPA
    assert field_cipher().decrypt(first) == VPA  # another instance, same keys
    assert (
        cipher.decrypt(cipher.encrypt("")) == ""
        and cipher.decrypt(cipher.encrypt("₹ हिसाब")) == "₹ हिसाब"
    )


def test_rotation_keeps_old_tokens_readable(
    hisaab_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = field_cipher().encrypt(VPA)
    _rotate_to(monkeypatch, "k2")
    cipher = field_cipher()
    new = cipher.encrypt(VPA)
    assert new.startswith("v1.k2.") and old.startswith("v1.k1.")
    assert cipher.decrypt(old) == cipher.decrypt(new) == VPA
    assert (hisaab_home / "secrets" / "field_key_k2").exists()


def test_keys_can_come_from_the_environment(
    hisaab_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HISAAB_FIELD_KEY_K1", "a" * 48)
    token = field_cipher().encrypt(VPA)
    monkeypatch.setenv("HISAAB_FIELD_KEY_K1", "b" * 48)
    with pytest.raises(DecryptionError, match="failed authentication"):
        field_cipher().decrypt(token)


def _flip(token: str, position: int) -> str:
    header, body = token.rsplit(".", 1)
    raw = bytearray(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    raw[position] ^= 0x01
    return f"{header}.{base64.urlsafe_b64encode(bytes(raw)).decode().rstrip('=')}"


def test_tampering_is_a_clear_error(hisaab_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cipher = field_cipher()
    token = cipher.encrypt(VPA)
    for position in (0, 12, -1):  # nonce, ciphertext, tag
        with pytest.raises(DecryptionError, match="failed authentication"):
            cipher.decrypt(_flip(token, position))
    _rotate_to(monkeypatch, "k2")
    field_cipher().encrypt("creates k2")
    relabelled = token.replace("v1.k1.", "v1.k2.", 1)  # the header is authenticated too
    with pytest.raises(DecryptionError, match="failed authentication"):
        field_cipher().decrypt(relabelled)


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("plain text", "not a field token"),
        ("v2.k1.abcd", "not a field token"),
        ("v1.K1!.abcd", "not a field token"),
        ("v1.k1.", "not a field token"),
        ("v1.k1.abc", "too short"),
        ("v1.k1.@@@@", "not base64url|too short"),
        ("v1.k9.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "no field key 'k9'"),
    ],
)
def test_malformed_tokens_are_a_clear_error(hisaab_home: Path, token: str, message: str) -> None:
    with pytest.raises(DecryptionError, match=message):
        field_cipher().decrypt(token)
    assert not (hisaab_home / "secrets" / "field_key_k9").exists()


def test_blind_index_is_stable_keyed_and_separated_by_purpose(
    hisaab_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cipher = field_cipher()
    index = cipher.blind_index("+919000000001", purpose="phone")
    assert index == field_cipher().blind_index("+919000000001", purpose="phone")
    assert len(index) == 64 and "9000000001" not in index
    assert index != cipher.blind_index("+919000000002", purpose="phone")
    assert index != cipher.blind_index("+919000000001", purpose="vpa")
    monkeypatch.setenv("HISAAB_FIELD_BLIND_INDEX", "z" * 40)
    assert field_cipher().blind_index("+919000000001", purpose="phone") != index


def test_production_never_generates_field_keys(hisaab_home: Path) -> None:
    with pytest.raises(MissingSecret):
        field_cipher(Settings(profile="production")).encrypt(VPA)
    assert not (hisaab_home / "secrets").exists()
