"""API router: the audit trail, for the audit administrator only.

``GET /events`` takes the filters of the audit page and pages by cursor,
newest first; ``GET /verify`` walks the hash chain.  Everybody else gets 403
(401 when not logged in).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from tongxin.audit.chain import verify_chain
from tongxin.audit.policies import policy
from tongxin.audit.selectors import (
    MAX_PAGE_SIZE,
    event_list,
    event_page,
    filters_from_params,
)
from tongxin.audit.services import masked_detail
from tongxin.core.schemas import READ_ERRORS, ErrorOut

router = Router(tags=["audit"])

ERRORS = {**READ_ERRORS, 403: ErrorOut}


class AuditQuery(Schema):
    """Filters of the audit trail, as on the audit page."""

    actor: str | None = Field(None, description="操作人（姓名或用户名的一部分）")
    action: str | None = Field(None, description="操作，如 login、update、export")
    object_type: str | None = Field(None, description="对象类型，如 members.member")
    object_id: str | None = Field(None, description="对象编号")
    q: str | None = Field(None, description="对象、操作人或详情中的文字")
    date_from: str | None = Field(None, description="开始日期，如 2026-01-01")
    date_to: str | None = Field(None, description="结束日期（含），如 2026-01-31")
    cursor: str | None = Field(
        None, description="上一页响应中的 next_cursor 或 prev_cursor"
    )
    size: int | None = Field(
        None, ge=1, le=MAX_PAGE_SIZE, description="每页条数，默认 50，最多 200"
    )


class AuditEventOut(Schema):
    """One audited event; ``detail`` holds before/after of writes, masked."""

    id: int
    at: dt.datetime
    actor_id: int | None
    actor_name: str
    ip: str | None
    action: str
    action_label: str
    object_type: str
    object_id: str
    object_repr: str
    detail: dict
    prev_hash: str
    hash: str

    @staticmethod
    def resolve_detail(obj) -> dict:
        # Shown with today's masks (rows written under an older mask included).
        return masked_detail(obj.detail) if isinstance(obj.detail, dict) else {}


class AuditPageOut(Schema):
    items: list[AuditEventOut]
    next_cursor: str | None = Field(description="下一页（更早）游标；没有时为 null")
    prev_cursor: str | None = Field(description="上一页（更新）游标；第一页为 null")


class ChainOut(Schema):
    ok: bool = Field(description="审计链是否完整")
    count: int = Field(description="校验通过的记录数")
    head: str = Field(description="最后一条完好记录的哈希")
    broken_id: int | None = Field(description="第一条断开的记录编号")
    reason: str
    message: str


def _require(request: HttpRequest, action: str) -> None:
    if not policy.can(request.auth, action):
        raise PermissionDenied(_("只有审计管理员可以查看审计记录。"))


@router.get("/events", response={200: AuditPageOut, **ERRORS}, summary="审计记录")
def list_events(request: HttpRequest, filters: Query[AuditQuery]) -> dict:
    """Return one page of audit events, newest first, filtered."""
    _require(request, "view")
    params = filters.dict(exclude_none=True)
    cursor = params.pop("cursor", None)
    size = params.pop("size", None)
    f = filters_from_params(params)
    page = event_page(
        event_list(user=request.auth, filters=f), cursor=cursor, size=size
    )
    return {
        "items": page.items,
        "next_cursor": page.next_cursor,
        "prev_cursor": page.prev_cursor,
    }


@router.get("/verify", response={200: ChainOut, **ERRORS}, summary="校验审计链")
def verify(request: HttpRequest) -> dict:
    """Walk the hash chain of the whole trail; say where it breaks, if anywhere."""
    _require(request, "view")
    report = verify_chain()
    return {**report.as_dict(), "message": report.message}
