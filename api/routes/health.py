"""``GET /health``: is the app database reachable, and has the pipeline published marts yet."""

from __future__ import annotations

import duckdb
import psycopg
from fastapi import APIRouter
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from starlette.responses import JSONResponse

from api.deps import AppDb, MartsDep
from hisaab.warehouse import WarehouseNotBuilt

router = APIRouter(tags=["health"])


@router.get("/health", summary="Liveness and readiness")
def health(engine: AppDb, marts: MartsDep) -> JSONResponse:
    try:
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        database = "ok"
    except SQLAlchemyError:
        database = "unavailable"
    try:
        marts.scalar("select 1")
        published = "ok"
    except (WarehouseNotBuilt, OSError, duckdb.Error, psycopg.Error):
        published = "not-built"
    status = "ok" if database == "ok" else "unavailable"
    body = {"status": status, "database": database, "marts": published}
    return JSONResponse(body, status_code=200 if database == "ok" else 503)
