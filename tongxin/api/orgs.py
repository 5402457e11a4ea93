"""API router: orgs."""

from ninja import Router

router = Router(tags=["orgs"])
