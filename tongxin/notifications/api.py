"""API router: the calling user's notifications (``/api/v1/notifications``)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Router, Schema

from tongxin.core.schemas import READ_ERRORS, WRITE_ERRORS, Id, InputSchema
from tongxin.notifications import services
from tongxin.notifications.selectors import notification_list, unread_count

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    title: str
    body: str
    url: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class NotificationPageOut(Schema):
    unread: int
    items: list[NotificationOut]


class ReadIn(InputSchema):
    ids: list[Id] | None = Field(None, description="留空则全部标为已读")


class ReadOut(Schema):
    marked: int


@router.get("", response={200: NotificationPageOut, **READ_ERRORS}, summary="我的通知")
def list_notifications(request: HttpRequest) -> dict:
    """Return the caller's 200 newest notifications and the unread count."""
    return {
        "unread": unread_count(user=request.auth),
        "items": list(notification_list(user=request.auth)[:200]),
    }


@router.post("/read", response={200: ReadOut, **WRITE_ERRORS}, summary="标为已读")
def read_notifications(request: HttpRequest, payload: ReadIn) -> dict:
    return {"marked": services.mark_read(user=request.auth, ids=payload.ids)}
