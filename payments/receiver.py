"""A process that only receives gateway callbacks: for the sandbox and tests, until the API.

``uvicorn payments.receiver:app`` (or ``hisaab serve payments``) serves the same router the API
mounts, so a callback is verified and applied the same way whichever process receives it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

import uvicorn
from fastapi import FastAPI

from payments.service import PaymentService
from payments.webhook import callback_router
from payments.wiring import payment_service


def create_app(service: PaymentService) -> FastAPI:
    receiver = FastAPI(title="Hisaab payment callbacks", docs_url=None, redoc_url=None)
    receiver.include_router(callback_router(lambda: service))

    @receiver.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return receiver


@cache
def _configured() -> PaymentService:
    return payment_service()


app = FastAPI(title="Hisaab payment callbacks", docs_url=None, redoc_url=None)
app.include_router(callback_router(_configured))


@contextmanager
def serving(receiver: FastAPI, port: int, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve ``receiver`` on a background thread; yields its base URL, stops on exit."""
    server = uvicorn.Server(
        uvicorn.Config(receiver, host=host, port=port, log_level="warning", access_log=False)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError(f"the callback receiver did not start on {host}:{port}")
        time.sleep(0.02)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
