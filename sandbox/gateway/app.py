"""The sandbox switch as a FastAPI app; handlers only translate HTTP to ``Switch`` and back.

Slowness is simulated by sleeping *after* the switch has decided and scheduled everything, so a
client that gives up early (a timeout) changes nothing about what happens next, as in real life.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import JSONResponse

from sandbox.gateway.config import SandboxConfig
from sandbox.gateway.dispatch import CallbackDispatcher
from sandbox.gateway.faults import Kind
from sandbox.gateway.switch import Answer, Switch
from sandbox.gateway.wire import CollectBody, PayBody, ScenarioBody


def create_app(config: SandboxConfig) -> FastAPI:
    """A fresh switch with its own dispatcher thread, started and stopped with the app."""
    dispatcher = CallbackDispatcher(config.secret, config.timings)
    switch = Switch(config, dispatcher)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        dispatcher.start()
        yield
        dispatcher.stop()

    app = FastAPI(title="Hisaab sandbox UPI switch", lifespan=lifespan)
    _add_routes(app, switch, config)
    return app


def _add_routes(app: FastAPI, switch: Switch, config: SandboxConfig) -> None:
    @app.post("/v1/pay")
    async def pay(body: PayBody) -> JSONResponse:
        return await _respond(switch.submit(Kind.PAY, body))

    @app.post("/v1/collect")
    async def collect(body: CollectBody) -> JSONResponse:
        return await _respond(switch.submit(Kind.COLLECT, body))

    @app.get("/v1/status/{txn_id}")
    async def status(txn_id: str) -> JSONResponse:
        return await _respond(switch.status(txn_id))

    @app.post("/sandbox/scenario")
    async def force_scenario(body: ScenarioBody) -> JSONResponse:
        return await _respond(switch.force(body.txn_id, body.scenario))

    @app.get("/sandbox/health")
    async def health() -> dict[str, object]:
        return {"status": "ok", "seed": config.seed}


async def _respond(answer: Answer) -> JSONResponse:
    if answer.delay_s > 0:
        await asyncio.sleep(answer.delay_s)
    return JSONResponse(dict(answer.body), status_code=answer.http_status, headers=answer.headers)
