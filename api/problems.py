"""Every error the API answers is ``application/problem+json`` (RFC 9457), whatever raised it.

Validation errors list the offending fields (location, message, type) but never echo the input:
a rejected body may hold a phone number or an OTP. Unhandled exceptions answer a bare 500 with
no internals; the traceback goes to the (masked) log.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import Response

from api.errors import ApiError
from api.middleware import API_CSP, SECURITY_HEADERS
from hisaab.problem import problem

log = logging.getLogger("hisaab.api.errors")


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _slug(status: int) -> str:
    return _phrase(status).lower().replace(" ", "-").replace("'", "")


async def api_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    response = problem(exc.status, exc.slug, exc.title, exc.detail, **exc.extra)
    response.headers.update(exc.headers)
    return response


async def http_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    title = _phrase(exc.status_code)
    detail = exc.detail if isinstance(exc.detail, str) else title
    response = problem(exc.status_code, _slug(exc.status_code), title, detail)
    response.headers.update(exc.headers or {})
    return response


async def validation_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = [_field_error(error) for error in exc.errors()]
    summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5])
    return problem(422, "validation-error", "Invalid request", summary, errors=errors)


def _field_error(error: dict[str, Any]) -> dict[str, str]:
    location = [str(part) for part in error.get("loc", ())]
    return {
        "field": ".".join(location[1:]) or (location[0] if location else "body"),
        "in": location[0] if location else "body",
        "message": str(error.get("msg", "invalid")),
        "type": str(error.get("type", "value_error")),
    }


async def unhandled(request: Request, exc: Exception) -> Response:
    log.error(
        "unhandled error",
        exc_info=exc,
        extra={"event": "unhandled", "method": request.method, "route": _route(request)},
    )
    response = problem(500, "internal-error", "Internal error", "something went wrong on our side")
    # Starlette answers this one outside the middleware stack: add the headers here.
    response.headers.update(
        {**SECURITY_HEADERS, "content-security-policy": API_CSP, "cache-control": "no-store"}
    )
    return response


def _route(request: Request) -> str:
    route = request.scope.get("route")
    return str(getattr(route, "path", "<unmatched>"))


def install(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(Exception, unhandled)
