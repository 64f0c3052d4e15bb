"""Secrets: supplied in production, generated on first use in the embedded profile.

A laptop running ``make demo`` should need no setup, so the embedded profile writes each secret
it needs into ``$HISAAB_HOME/secrets/<name>`` (owner-only permissions) the first time it is
asked for. Production must supply every secret through ``HISAAB_<NAME>`` and never falls back to
a generated one: a secret nobody configured is a deployment mistake, not something to paper over.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from hisaab.settings import Settings, get_settings

MIN_SECRET_BYTES = 32


class MissingSecret(RuntimeError):
    """A production deployment did not supply a secret it needs."""


def secret(name: str, settings: Settings | None = None) -> bytes:
    """The secret ``name`` (e.g. ``gateway_webhook``) as bytes."""
    settings = settings or get_settings()
    from_env = os.environ.get(f"HISAAB_{name.upper()}")
    if from_env:
        if len(from_env.encode()) < MIN_SECRET_BYTES:
            raise MissingSecret(f"HISAAB_{name.upper()} must be at least {MIN_SECRET_BYTES} bytes")
        return from_env.encode()
    if settings.profile != "embedded":
        raise MissingSecret(f"set HISAAB_{name.upper()}: production never generates secrets")
    return _generated(settings.resolved_home / "secrets" / name)


def secret_path(name: str, settings: Settings | None = None) -> Path:
    """Where the embedded profile keeps ``name`` (created on first use)."""
    settings = settings or get_settings()
    path = settings.resolved_home / "secrets" / name
    _generated(path)
    return path


def _generated(path: Path) -> bytes:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process generated it a moment ago: use theirs
        else:
            with os.fdopen(descriptor, "w") as handle:
                handle.write(secrets.token_hex(MIN_SECRET_BYTES))
    return path.read_text().strip().encode()
