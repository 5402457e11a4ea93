"""API router: roster."""

from ninja import Router

router = Router(tags=["roster"])
