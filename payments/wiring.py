"""The payments service as configured: app database, gateway and webhook secret from settings."""

from __future__ import annotations

from hisaab.secrets import secret
from hisaab.settings import Settings, get_settings
from payments.db import app_engine, database_url
from payments.gateway.http import HttpGateway
from payments.service import PaymentService
from payments.webhook import CALLBACK_PATH

WEBHOOK_SECRET = "gateway_webhook"


def payment_service(settings: Settings | None = None) -> PaymentService:
    settings = settings or get_settings()
    return PaymentService(
        app_engine(database_url(settings)),
        HttpGateway(settings.gateway_url),
        callback_url=settings.callback_base_url.rstrip("/") + CALLBACK_PATH,
        callback_secrets=[secret(WEBHOOK_SECRET, settings)],
    )
