"""Embedded secrets are generated once and kept private; production must supply its own."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from hisaab.secrets import MissingSecret, secret
from hisaab.settings import Settings


def test_embedded_secret_is_generated_once_owner_only(hisaab_home: Path) -> None:
    first = secret("gateway_webhook")
    assert len(first) >= 32 and secret("gateway_webhook") == first
    mode = (hisaab_home / "secrets" / "gateway_webhook").stat().st_mode
    assert stat.S_IMODE(mode) == 0o600


def test_environment_wins_and_must_be_long_enough(
    hisaab_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HISAAB_GATEWAY_WEBHOOK", "x" * 40)
    assert secret("gateway_webhook") == b"x" * 40
    monkeypatch.setenv("HISAAB_GATEWAY_WEBHOOK", "short")
    with pytest.raises(MissingSecret, match="at least 32"):
        secret("gateway_webhook")


def test_production_never_generates(hisaab_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HISAAB_GATEWAY_WEBHOOK", raising=False)
    with pytest.raises(MissingSecret, match="production"):
        secret("gateway_webhook", Settings(profile="production", home=hisaab_home))
    assert not (hisaab_home / "secrets").exists()
