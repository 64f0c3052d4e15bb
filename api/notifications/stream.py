"""One notifications connection: push what is new, listen for the client leaving.

The loop polls: the outbox every ``POLL_S`` (an indexed range read, cheap), the anomaly scores
every ``ANOMALY_POLL_S`` (they change once or twice a day, when the models refresh), and the
token every ``RECHECK_S``. Polling keeps the server stateless and works the same on SQLite and
PostgreSQL; a LISTEN/NOTIFY wake-up could replace the outbox sleep on PostgreSQL later.
"""

from __future__ import annotations

import asyncio
import time
from datetime import date
from typing import Any

from fastapi import WebSocket
from starlette.concurrency import run_in_threadpool
from starlette.websockets import WebSocketDisconnect

from api.notifications.feed import AnomalyWatch, latest_seq, outbox_after
from api.notifications.session import RECHECK_S, Rejected, Session, check

POLL_S = 0.25
ANOMALY_POLL_S = 5.0


class Stream:
    def __init__(self, websocket: WebSocket, session: Session) -> None:
        state = websocket.app.state
        self.websocket, self.session = websocket, session
        self.engine, self.marts, self.tokens = state.engine, state.marts, state.tokens
        self.person_ref = session.person.person_ref

    async def run(self, since: int | None, anomalies_after: date | None) -> None:
        cursor = since if since is not None else await run_in_threadpool(latest_seq, self.engine)
        watch = AnomalyWatch(self.person_ref, anomalies_after or date.min)
        if anomalies_after is None:
            await run_in_threadpool(watch.prime, self.marts)
        await self.websocket.send_json({"kind": "ready", "since": cursor})
        next_anomalies, next_check = 0.0, time.monotonic() + RECHECK_S
        while True:
            cursor = await self._push_events(cursor)
            now = time.monotonic()
            if now >= next_anomalies:
                await self._send_all(await run_in_threadpool(watch.new, self.marts))
                next_anomalies = now + ANOMALY_POLL_S
            if now >= next_check:
                await run_in_threadpool(check, self.tokens, self.engine, self.session.token)
                next_check = now + RECHECK_S
            if await self._client_left():
                return

    async def _push_events(self, cursor: int) -> int:
        messages = await run_in_threadpool(outbox_after, self.engine, self.person_ref, cursor)
        await self._send_all(messages)
        return int(messages[-1]["seq"]) if messages else cursor

    async def _send_all(self, messages: list[dict[str, Any]]) -> None:
        for message in messages:
            await self.websocket.send_json(message)

    async def _client_left(self) -> bool:
        """Wait up to ``POLL_S`` for a client message; anything but a disconnect is ignored."""
        try:
            message = await asyncio.wait_for(self.websocket.receive(), POLL_S)
        except TimeoutError:
            return False
        return bool(message["type"] == "websocket.disconnect")


async def serve(
    websocket: WebSocket, session: Session, since: int | None, anomalies_after: date | None
) -> None:
    try:
        await Stream(websocket, session).run(since, anomalies_after)
    except Rejected as exc:
        await websocket.close(exc.code, exc.reason)
    except WebSocketDisconnect:
        return
