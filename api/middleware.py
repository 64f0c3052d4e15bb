"""ASGI middleware for a public API: body size cap, security headers, one log line per request.

They are plain ASGI (not ``BaseHTTPMiddleware``) so they stream nothing through extra tasks and
see every response, including the problem+json ones the exception handlers produce.
"""

from __future__ import annotations

import logging
import time
import uuid
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.logging import log_event
from hisaab.problem import problem

log = logging.getLogger("hisaab.api.requests")

SECURITY_HEADERS = {
    "strict-transport-security": "max-age=63072000; includeSubDomains",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}
API_CSP = "default-src 'none'; frame-ancestors 'none'"
# The interactive docs load Swagger UI's script and styles from a CDN.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "img-src 'self' data: https://fastapi.tiangolo.com; frame-ancestors 'none'"
)


def _encoded(csp: str) -> list[tuple[bytes, bytes]]:
    """The headers a response gets, encoded once rather than for every response."""
    extra = {**SECURITY_HEADERS, "content-security-policy": csp, "cache-control": "no-store"}
    return [(name.encode(), value.encode()) for name, value in extra.items()]


_API_HEADERS, _DOCS_HEADERS = _encoded(API_CSP), _encoded(DOCS_CSP)


class BodyLimit:
    """Refuse request bodies over ``max_bytes`` with a 413 problem, before a handler reads them.

    A declared ``Content-Length`` is checked first; a chunked body is buffered up to the cap and
    replayed to the app, so nothing ever holds more than ``max_bytes`` of one request.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            return await self._refuse(scope, receive, send)
        chunks: list[Message] = []
        size = 0
        while True:
            message = await receive()
            chunks.append(message)
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                return await self._refuse(scope, receive, send)
            if message["type"] != "http.request" or not message.get("more_body"):
                break
        await self.app(scope, _replay(chunks, receive), send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        detail = f"request body over {self.max_bytes} bytes"
        response = problem(413, "payload-too-large", "Payload too large", detail)
        await response(scope, receive, send)


def _replay(chunks: list[Message], receive: Receive) -> Receive:
    async def replayed() -> Message:
        return chunks.pop(0) if chunks else await receive()

    return replayed


class SecurityHeaders:
    """Headers every response carries; API responses are never cached (they hold money data)."""

    def __init__(self, app: ASGIApp, docs_paths: frozenset[str]) -> None:
        self.app, self.docs_paths = app, docs_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        extra = _DOCS_HEADERS if scope["path"] in self.docs_paths else _API_HEADERS

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k != b"cache-control"]
                message = {**message, "headers": headers + extra}
            await send(message)

        await self.app(scope, receive, with_headers)


class RequestLog:
    """One JSON line per request: method, route template (never the raw path, which can hold
    ids), status, latency and the authenticated person, if any."""

    def __init__(self, app: ASGIApp, prefix: str) -> None:
        self.app, self.prefix = app, prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started, status = time.perf_counter(), [500]

        async def recording(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, recording)
        finally:
            _log_request(scope, self._template(scope), status[0], time.perf_counter() - started)

    def _template(self, scope: Scope) -> str:
        """The matched route's path template; FastAPI keeps an included router's routes
        without the prefix it was included under, so the prefix is put back here."""
        route: Any = scope.get("route")
        template = getattr(route, "path", None)
        if not isinstance(template, str):
            return "<unmatched>"
        under_prefix = scope["path"].startswith(self.prefix + "/")
        return (
            self.prefix + template
            if under_prefix and not template.startswith(self.prefix)
            else template
        )


def _log_request(scope: Scope, template: str, status: int, seconds: float) -> None:
    state: dict[str, Any] = scope.get("state") or {}
    log_event(
        log,
        "request",
        request_id=str(uuid.uuid4()),
        method=scope["method"],
        path=template,
        status=status,
        latency_ms=round(seconds * 1000, 1),
        person_id=state.get("person_id"),
    )
