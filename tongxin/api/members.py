"""API router: members."""

from ninja import Router

router = Router(tags=["members"])
