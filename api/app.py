"""``create_app``: the Hisaab API, assembled from its routers, with everything it needs once.

No module-level app exists: tests build their own with their own settings, and ``api.main``
builds the served one. Building an app loads every secret it will use, so a production
deployment missing one fails at start, not on the first login.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware

import api.tables  # noqa: F401  (registers the API's tables before the engine creates them)
from api import problems
from api.auth.keys import signing_key
from api.auth.otp import OTP_SECRET, Limits
from api.auth.service import AuthService
from api.auth.sessions import REFRESH_SECRET
from api.auth.sms import sms_sender
from api.auth.tokens import TokenAuthority
from api.deps import app_payments
from api.middleware import BodyLimit, RequestLog, SecurityHeaders
from api.routes import ROUTERS
from hisaab.crypto import BLIND_INDEX_SECRET, field_cipher
from hisaab.secrets import secret
from hisaab.serving import PublishedMarts
from hisaab.settings import Settings, get_settings
from payments.db import app_engine, database_url
from payments.webhook import callback_router
from payments.wiring import WEBHOOK_SECRET

PREFIX = "/api/v1"
DOCS_URL = f"{PREFIX}/docs"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="Hisaab API",
        version="1.0.0",
        summary="One trustworthy ledger from Indian bank statements, SMS, AA and UPI.",
        openapi_url="/openapi.json",
        docs_url=DOCS_URL if settings.profile == "embedded" else None,
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
        lifespan=_lifespan,
    )
    _load_state(app, settings)
    problems.install(app)
    app.include_router(
        callback_router(lambda: app_payments(app)), prefix=_callback_prefix(settings)
    )
    for router in ROUTERS:
        app.include_router(router, prefix=PREFIX)
    _add_middleware(app, settings)
    return app


def _load_state(app: FastAPI, settings: Settings) -> None:
    for name in (OTP_SECRET, REFRESH_SECRET, BLIND_INDEX_SECRET, WEBHOOK_SECRET):
        secret(name, settings)  # MissingSecret in production: refuse to start
    state = app.state
    state.settings = settings
    state.engine = app_engine(database_url(settings))
    state.tokens = TokenAuthority.from_settings(signing_key(settings), settings)
    state.cipher = field_cipher(settings)
    state.cipher.encrypt("startup check")  # the active field key exists (or is generated)
    state.marts = PublishedMarts(settings)
    state.payments = None
    state.auth = AuthService(
        engine=state.engine,
        cipher=state.cipher,
        tokens=state.tokens,
        sms=sms_sender(settings),
        otp_secret=secret(OTP_SECRET, settings),
        refresh_secret=secret(REFRESH_SECRET, settings),
        limits=Limits(settings.otp_limit_per_phone, settings.otp_limit_per_client),
    )


def _callback_prefix(settings: Settings) -> str:
    """Serve gateway callbacks where the gateway is told to send them (``callback_base_url``):
    with ``HISAAB_CALLBACK_BASE_URL=http://host:8000`` the API receives them on its own port."""
    return urlsplit(settings.callback_base_url).path.rstrip("/")


def _add_middleware(app: FastAPI, settings: Settings) -> None:
    # Added innermost first: the request log sees every response, headers land on all of them.
    app.add_middleware(BodyLimit, max_bytes=settings.api_max_body_bytes)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST", "PATCH", "PUT", "DELETE"],
        allow_headers=["Authorization", "Content-Type", "Idempotency-Key"],
        expose_headers=["Retry-After", "Location"],
        allow_credentials=False,  # bearer tokens, never cookies
        max_age=600,
    )
    app.add_middleware(SecurityHeaders, docs_paths=frozenset({DOCS_URL}))
    app.add_middleware(RequestLog, prefix=PREFIX)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    if app.state.payments is not None:
        app.state.payments.close()
    app.state.marts.close()
    app.state.engine.dispose()
