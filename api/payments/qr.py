"""A collect request's QR code, drawn in memory as PNG or SVG (``payments.upi.qr`` rules).

The QR holds exactly the ``upi_link`` of the intent's JSON, so scanning it and tapping the link
pay the same request. Only collect requests have one: a ``pay`` is the person's own payment and
nobody else should be scanning it.
"""

from __future__ import annotations

import io
from typing import Literal

from api.errors import ApiError
from payments.intent_links import collect_link
from payments.intents import Intent
from payments.upi.qr import MODULE_PIXELS, QUIET_ZONE_MODULES, make_qr

QrFormat = Literal["png", "svg"]
MEDIA_TYPES: dict[str, str] = {"png": "image/png", "svg": "image/svg+xml"}


def intent_link(intent: Intent) -> str:
    if intent.kind != "collect":
        raise ApiError(
            409, "not-a-collect-request", "No QR code", "only collect requests have a QR code"
        )
    return collect_link(
        intent.payee_vpa, intent.payee_name, intent.amount_paise, intent.note, intent.intent_id
    )


def render_qr(link: str, kind: QrFormat) -> bytes:
    options: dict[str, object] = {"scale": MODULE_PIXELS, "border": QUIET_ZONE_MODULES}
    if kind == "svg":
        options["light"] = "white"  # scans on a dark page too (see payments.upi.qr)
    buffer = io.BytesIO()
    make_qr(link).save(buffer, kind=kind, **options)
    return buffer.getvalue()
