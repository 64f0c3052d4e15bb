"""Hisaab's public HTTP API (FastAPI): `api.app.create_app` builds it, routers in `api.routes`."""
