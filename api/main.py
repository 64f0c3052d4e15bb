"""The served app: ``uvicorn api.main:app --factory`` style entry used by ``hisaab serve api``."""

from __future__ import annotations

from fastapi import FastAPI

from api.app import create_app
from api.logging import configure


def app() -> FastAPI:
    """Build the app from the environment (a factory, so importing this module builds nothing)."""
    configure()
    return create_app()
