"""``/notifications/ws``: the person's payment results, mandate changes, budget alerts and new
anomalies, pushed as they are written (``api.notifications``).

Messages are JSON: ``{"kind": "ready", "since": n}`` once authenticated, then
``{"kind": "event", "seq": n, "event": {...}}`` per outbox event (resume with ``?since=n``) and
``{"kind": "anomaly", "anomaly": {...}}`` per newly flagged transaction.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, WebSocket

from api.notifications.session import Rejected, authenticate
from api.notifications.stream import serve

router = APIRouter(tags=["notifications"])


@router.websocket("/notifications/ws")
async def notifications(
    websocket: WebSocket,
    since: Annotated[int | None, Query(ge=0)] = None,
    anomalies_after: date | None = None,
) -> None:
    """Authenticate with ``?access_token=`` or a first ``{"type": "auth"}`` message."""
    await websocket.accept()
    state = websocket.app.state
    try:
        session = await authenticate(websocket, state.tokens, state.engine)
    except Rejected as exc:
        await websocket.close(exc.code, exc.reason)
        return
    await serve(websocket, session, since, anomalies_after)
