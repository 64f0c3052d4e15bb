"""Every router the app serves, in one list (``api.app.create_app`` mounts each under /api/v1).

Resource modules expose ``router = APIRouter(tags=[...])`` with paths without the prefix; add a
router by importing it here and appending it to ``ROUTERS``.
"""

from __future__ import annotations

from fastapi import APIRouter

from api.routes import accounts as accounts_routes
from api.routes import auth, health, me
from api.routes import budgets as budgets_routes
from api.routes import ingest as ingest_routes
from api.routes import insights as insights_routes
from api.routes import mandates as mandates_routes
from api.routes import notifications as notifications_routes
from api.routes import payments as payments_routes
from api.routes import privacy as privacy_routes
from api.routes import transactions as transactions_routes

ROUTERS: list[APIRouter] = [
    health.router,
    auth.router,
    me.router,
    payments_routes.router,
    mandates_routes.router,
    notifications_routes.router,
    accounts_routes.router,
    transactions_routes.router,
    budgets_routes.router,
    ingest_routes.router,
    insights_routes.router,
    privacy_routes.router,
]
