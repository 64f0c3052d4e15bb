"""The PSP callback endpoint: the only way a gateway's word reaches a payment.

Nothing in the body is trusted until ``PaymentService.handle_callback`` has checked the HMAC
signature and its timestamp window; a repeated callback is answered ``200`` with outcome
``duplicate`` so the gateway stops retrying, and changes nothing. The API mounts this router;
``payments.receiver`` serves it alone for the sandbox and tests.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse, Response

from hisaab.problem import problem
from payments.service import PaymentService
from payments.signing import InvalidSignature

CALLBACK_PATH = "/payments/callbacks"
MAX_CALLBACK_BYTES = 16 * 1024


def callback_router(service: Callable[[], PaymentService]) -> APIRouter:
    router = APIRouter(tags=["payments"])

    @router.post(CALLBACK_PATH, summary="Gateway callback (HMAC-SHA256 signed)")
    async def receive_callback(request: Request) -> Response:
        body = await request.body()
        if len(body) > MAX_CALLBACK_BYTES:
            return problem(413, "callback-too-large", "Callback too large", "body over 16 KiB")
        try:
            outcome = await run_in_threadpool(service().handle_callback, request.headers, body)
        except InvalidSignature as exc:
            return problem(401, "invalid-signature", "Callback not verified", str(exc))
        except ValueError as exc:
            return problem(400, "invalid-callback", "Malformed callback", str(exc))
        return JSONResponse({"outcome": outcome.outcome, "detail": outcome.detail})

    return router
