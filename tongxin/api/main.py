"""The REST API under ``/api/v1/``; one router per app, OpenAPI at ``/api/v1/openapi.json``."""

from ninja import NinjaAPI

from tongxin.api import members, orgs, roster

api = NinjaAPI(
    title="Tongxin API",
    version="1",
    urls_namespace="api",
    docs_url="/docs",
)
api.add_router("/orgs", orgs.router)
api.add_router("/members", members.router)
api.add_router("/roster", roster.router)
