"""The app's ``MandateService``, next to the ``PaymentService`` that ``api.deps`` hands out.

A mandate's debits are payment intents, so the mandate service shares the payment service's
engine, gateway and callback address (``api.deps.app_payments``): one gateway client per app,
and a mandate debit's callback is applied by the same route as any payment's. Built on first use
and kept on ``app.state``; tests replace ``app.state.payments`` before the first request.
"""

from __future__ import annotations

import threading
from typing import Annotated

from fastapi import Depends, Request

from api.deps import app_payments
from payments.mandates.service import MandateService

_lock = threading.Lock()


def mandate_service(request: Request) -> MandateService:
    state = request.app.state
    with _lock:
        service: MandateService | None = getattr(state, "mandates", None)
        if service is None:
            payments = app_payments(request.app)
            service = MandateService(
                payments.engine,
                payments.gateway,
                callback_url=payments.callback_url,
                callback_secrets=payments.callback_secrets,
                clock=payments.clock,
            )
            state.mandates = service
    return service


MandatesDep = Annotated[MandateService, Depends(mandate_service)]
