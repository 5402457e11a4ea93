"""API router: members' change requests (信息修改申请).

The member submits their own; the head of an organization above them or
组织部 lists, confirms or returns them.  The same services and selectors as
the web pages (``members.services_changes``, ``members.selectors``); a
request outside the user's sight answers 404, and a mobile is always masked.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from tongxin.core.errors import PermissionDenied
from tongxin.core.schemas import READ_ERRORS, WRITE_ERRORS, InputSchema, PathId
from tongxin.members import services_changes
from tongxin.members.models import ChangeRequest, shown_value
from tongxin.members.selectors import (
    can_confirm_changes,
    change_request_get,
    change_request_list,
)

router = Router(tags=["members"])


class ChangeItemOut(Schema):
    field: str = Field(
        description="字段：mobile、email、address、work_unit、job、title、education"
    )
    label: str = Field(description="字段名称")
    requested: str = Field(description="申请改为（手机号遮蔽，学历为名称）")


class ChangeRequestOut(Schema):
    id: int
    member_id: int
    member_name: str
    organization: str = Field(description="会员所在组织")
    status: str = Field(
        description="pending（待确认）、confirmed（已确认）、returned（已退回）"
    )
    status_name: str
    items: list[ChangeItemOut]
    note: str = Field(description="会员的说明")
    requested_at: dt.datetime
    decided_by: str | None = None
    decided_at: dt.datetime | None = None
    return_reason: str = ""


class ChangeRequestQuery(Schema):
    status: str | None = Field(
        None, description="pending、confirmed 或 returned；不填为全部"
    )


class ChangeRequestIn(InputSchema):
    """The values to change; a field left out (or a blank mobile) stays as it is."""

    mobile: str | None = Field(None, max_length=30)
    email: str | None = Field(None, max_length=254)
    address: str | None = Field(None, max_length=200)
    work_unit: str | None = Field(None, max_length=100)
    job: str | None = Field(None, max_length=100)
    title: str | None = Field(None, max_length=50)
    education: str | None = Field(None, max_length=20, description="学历代码或名称")
    note: str = Field("", max_length=200, description="说明")


class ReturnIn(InputSchema):
    reason: str = Field(min_length=1, max_length=200, description="退回原因")


def _out(change: ChangeRequest) -> dict:
    return {
        "id": change.pk,
        "member_id": change.member_id,
        "member_name": change.member.name,
        "organization": change.member.organization.name,
        "status": change.status,
        "status_name": change.get_status_display(),
        "items": [
            {
                "field": f,
                "label": str(ChangeRequest._meta.get_field(f).verbose_name),
                "requested": shown_value(f, getattr(change, f)),
            }
            for f in change.changed
        ],
        "note": change.note,
        "requested_at": change.requested_at,
        "decided_by": str(change.decided_by) if change.decided_by else None,
        "decided_at": change.decided_at,
        "return_reason": change.return_reason,
    }


@router.get(
    "",
    response={200: list[ChangeRequestOut], **READ_ERRORS},
    summary="信息修改申请列表",
)
def list_change_requests(
    request: HttpRequest, filters: Query[ChangeRequestQuery]
) -> list[dict]:
    """Those the user may decide, and their own; newest first (at most 500)."""
    user = request.auth
    if not can_confirm_changes(user=user) and not getattr(user, "member_id", None):
        raise PermissionDenied(_("您没有权限查看信息修改申请。"))
    status = filters.status if filters.status in ChangeRequest.Status.values else None
    return [_out(c) for c in change_request_list(user=user, status=status)[:500]]


@router.post(
    "",
    response={201: ChangeRequestOut, **WRITE_ERRORS},
    summary="提交本人的信息修改申请",
)
def submit_change_request(request: HttpRequest, payload: ChangeRequestIn):
    user = request.auth
    if not getattr(user, "member_id", None):
        raise PermissionDenied(_("您的账户没有关联会员记录。"))
    data = payload.dict(exclude_none=True)
    note = data.pop("note", "")
    change = services_changes.change_request_submit(
        member=user.member, by=user, note=note, **data
    )
    return Status(201, _out(change_request_get(user=user, pk=change.pk)))


@router.get(
    "/{request_id}",
    response={200: ChangeRequestOut, **READ_ERRORS},
    summary="信息修改申请详情",
)
def get_change_request(request: HttpRequest, request_id: PathId) -> dict:
    return _out(change_request_get(user=request.auth, pk=request_id))


@router.post(
    "/{request_id}/confirm",
    response={200: ChangeRequestOut, **WRITE_ERRORS},
    summary="确认信息修改申请（更新登记信息）",
)
def confirm_change_request(request: HttpRequest, request_id: PathId) -> dict:
    change = change_request_get(user=request.auth, pk=request_id)
    services_changes.change_request_confirm(request=change, by=request.auth)
    return _out(change_request_get(user=request.auth, pk=request_id))


@router.post(
    "/{request_id}/return",
    response={200: ChangeRequestOut, **WRITE_ERRORS},
    summary="退回信息修改申请",
)
def return_change_request(
    request: HttpRequest, request_id: PathId, payload: ReturnIn
) -> dict:
    change = change_request_get(user=request.auth, pk=request_id)
    services_changes.change_request_return(
        request=change, by=request.auth, reason=payload.reason
    )
    return _out(change_request_get(user=request.auth, pk=request_id))
