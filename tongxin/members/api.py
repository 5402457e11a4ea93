"""API router: the member registry.

The list takes the same query parameters as the member list page (parsed by
``tongxin.members.filters.filters_from_params``) and pages by keyset cursor.
A member outside the user's reach answers 404 as if it did not exist; ID
number and mobile are always masked, and ``POST /{id}/reveal`` returns one of
them in clear to those allowed to see it, recording the reveal in the audit
trail.
"""

from __future__ import annotations

from typing import Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from tongxin.core.idnumber import mask_phone
from tongxin.core.pagination import bounded_count, decode_cursor, keyset_page
from tongxin.core.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    Date,
    Id,
    InputSchema,
    PathId,
    referenced,
)
from tongxin.members import services
from tongxin.members.filters import filters_from_params
from tongxin.members.models import Member, Membership
from tongxin.members.schemas import (
    HistoryEntryOut,
    MemberCreateIn,
    MemberDetailOut,
    MemberLeaveIn,
    MemberPageOut,
    MemberTransferIn,
    MemberUpdateIn,
    PublicPostOut,
)
from tongxin.members.selectors import (
    SORT_KEYS,
    member_get,
    member_history,
    member_list,
    redact_out_of_reach,
)
from tongxin.orgs.models import Post
from tongxin.orgs.selectors import org_get

router = Router(tags=["members"])

MAX_PAGE_SIZE = 200
HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}


class MemberListQuery(Schema):
    """Filters of the member list, as on the member list page."""

    org: Id | None = Field(None, description="组织编号（含下级组织）")
    status: str | None = Field(
        None, description="状态，默认 active（在册）；all 为全部"
    )
    gender: str | None = Field(None, description="M 或 F")
    age: str | None = Field(None, description="年龄段：-35、36-45、46-55、56-65、66-")
    edu_level: str | None = Field(
        None,
        description="学历层次：postgraduate、undergraduate、college、secondary、other",
    )
    education: str | None = Field(None, description="学历代码")
    sector: str | None = Field(None, description="界别代码")
    join_year: str | None = Field(None, description="入会年份，如 2013")
    post: str | None = Field(None, description="社会职务：npc、cppcc、special")
    q: str | None = Field(
        None,
        description="姓名（汉字、全拼或首字母），或完整的会员证号、身份证号、手机号",
    )
    sort: str | None = Field(None, description="stroke（姓氏笔画，默认）或 pinyin")
    on: str | None = Field(None, description="某日在册的会员，如 2013-12-31")
    cursor: str | None = Field(
        None, description="上一页响应中的 next_cursor 或 prev_cursor"
    )
    size: int | None = Field(
        None, ge=1, le=MAX_PAGE_SIZE, description="每页条数，默认 50，最多 200"
    )


def _detail(request: HttpRequest, member_id: int) -> Member:
    """Return a visible member with the related rows the detail shows."""
    member = member_get(user=request.auth, pk=member_id)
    prefetch_related_objects(
        [member],
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("organization").order_by(
                "start_on", "id"
            ),
        ),
        "public_posts",
        Prefetch(
            "posts",
            queryset=Post.objects.filter(end_on__isnull=True).select_related(
                "organization"
            ),
        ),
    )
    return member


@router.get("", response={200: MemberPageOut, **READ_ERRORS}, summary="会员列表")
def list_members(request: HttpRequest, filters: Query[MemberListQuery]) -> dict:
    """Return one page of the members the user may see, filtered and sorted."""
    params = filters.dict(exclude_none=True)
    cursor = params.pop("cursor", None)
    size = params.pop("size", None) or settings.TONGXIN_PAGE_SIZE
    if cursor and decode_cursor(cursor) is None:
        raise ValidationError({"cursor": _("翻页游标无效，请从第一页重新开始。")})
    f = filters_from_params(user=request.auth, params=params)
    qs = member_list(user=request.auth, filters=f)
    page = keyset_page(
        # The list shows no encrypted field: nothing to decrypt.
        qs.select_related("organization").defer("id_number", "mobile"),
        key=SORT_KEYS[f.sort],
        cursor=cursor,
        size=size,
    )
    count, exact = bounded_count(qs)
    return {
        "items": redact_out_of_reach(user=request.auth, members=page.items, filters=f),
        "next_cursor": page.next_cursor,
        "prev_cursor": page.prev_cursor,
        "count": count,
        "count_exact": exact,
    }


@router.post("", response={201: MemberDetailOut, **WRITE_ERRORS}, summary="新增会员")
def create_member(request: HttpRequest, payload: MemberCreateIn) -> tuple[int, Member]:
    """Register a member in an organization."""
    fields = payload.dict(exclude_unset=True)
    org = referenced(
        "organization", org_get, user=request.auth, pk=fields.pop("organization")
    )
    member = services.member_create(by=request.auth, organization=org, **fields)
    return Status(201, _detail(request, member.pk))


@router.get(
    "/{member_id}",
    response={200: MemberDetailOut, **READ_ERRORS},
    summary="会员详情",
)
def get_member(request: HttpRequest, member_id: PathId) -> Member:
    """Return a member's full record, ID number and mobile masked."""
    return _detail(request, member_id)


@router.patch(
    "/{member_id}",
    response={200: MemberDetailOut, **WRITE_ERRORS},
    summary="修改会员信息",
)
def update_member(
    request: HttpRequest, member_id: PathId, payload: MemberUpdateIn
) -> Member:
    """Change record fields; ``version`` must be the one last read."""
    member = member_get(user=request.auth, pk=member_id)
    fields = payload.dict(exclude_unset=True)
    version = fields.pop("version")
    services.member_update(member=member, by=request.auth, version=version, **fields)
    return _detail(request, member_id)


@router.post(
    "/{member_id}/transfer",
    response={200: MemberDetailOut, **WRITE_ERRORS},
    summary="组织内调动",
)
def transfer_member(
    request: HttpRequest, member_id: PathId, payload: MemberTransferIn
) -> Member:
    """Move an active member to another organization from a date."""
    member = member_get(user=request.auth, pk=member_id)
    to_org = referenced("to_org", org_get, user=request.auth, pk=payload.to_org)
    services.member_transfer(
        member=member,
        to_org=to_org,
        on=payload.on,
        note=payload.note,
        version=payload.version,
        by=request.auth,
    )
    return _detail(request, member_id)


@router.post(
    "/{member_id}/leave",
    response={200: MemberDetailOut, **WRITE_ERRORS},
    summary="离会",
)
def leave_member(
    request: HttpRequest, member_id: PathId, payload: MemberLeaveIn
) -> Member:
    """Record that a member transferred out, withdrew, died or was expelled."""
    member = member_get(user=request.auth, pk=member_id)
    services.member_leave(
        member=member,
        status=payload.status,
        on=payload.on,
        note=payload.note,
        version=payload.version,
        by=request.auth,
    )
    return _detail(request, member_id)


class RevealIn(Schema):
    """Which masked field to show in clear."""

    field: Literal["id_number", "mobile"] = Field(
        description="id_number（身份证号）或 mobile（手机）"
    )


class RevealOut(Schema):
    """The clear value of a masked field."""

    value: str = Field(description="完整的值；未登记时为空字符串")


@router.post(
    "/{member_id}/reveal",
    response={200: RevealOut, **WRITE_ERRORS},
    summary="显示完整的身份证号或手机号",
)
def reveal(request: HttpRequest, member_id: PathId, payload: RevealIn) -> dict:
    """Return the clear ID number or mobile; needs the reveal right, is audited."""
    try:
        member = member_get(user=request.auth, pk=member_id)
    except Member.DoesNotExist:
        services.member_reveal_refused(
            member_id=member_id,
            field=payload.field,
            by=request.auth,
            reason="not_found",
        )
        raise
    value = services.member_reveal(member=member, field=payload.field, by=request.auth)
    return {"value": value}


@router.get(
    "/{member_id}/history",
    response={200: list[HistoryEntryOut], **READ_ERRORS},
    summary="修改记录",
)
def history(request: HttpRequest, member_id: PathId) -> list[dict]:
    """Return the record's changes, newest first."""
    member = member_get(user=request.auth, pk=member_id)
    return [
        {
            **entry,
            "by": str(entry["by"]) if entry["by"] is not None else None,
            "type": HISTORY_TYPES.get(entry["type"], entry["type"]),
            "changes": [_masked(change) for change in entry["changes"]],
        }
        for entry in member_history(member=member)
    ]


def _masked(change: dict) -> dict:
    """Mask a mobile number in a change; revealing it is a separate permission."""
    if change["field"] != str(Member._meta.get_field("mobile").verbose_name):
        return change
    return {
        **change,
        "old": mask_phone(change["old"]) if change["old"] else "",
        "new": mask_phone(change["new"]) if change["new"] else "",
    }


class PublicPostIn(InputSchema):
    """A public office held by a member, with its real dates."""

    kind: Literal["npc", "cppcc", "special"] = Field(
        description="npc（人大代表）、cppcc（政协委员）或 special（特约人员）"
    )
    level: Literal["national", "provincial", "city", "district"] = Field(
        description="national、provincial、city 或 district"
    )
    body: str = Field("", max_length=100, description="机构，如 大连市政协")
    term: str = Field("", max_length=30, description="届次，如 第十二届")
    role: str = Field("", max_length=100, description="具体职务")
    start_on: Date | None = Field(None, description="开始日期，不能晚于今天")
    end_on: Date | None = Field(None, description="结束日期，不能早于开始日期")


@router.get(
    "/{member_id}/public-posts",
    response={200: list[PublicPostOut], **READ_ERRORS},
    summary="社会职务（人大代表、政协委员等）",
)
def list_public_posts(request: HttpRequest, member_id: PathId) -> list:
    member = member_get(user=request.auth, pk=member_id)
    return list(member.public_posts.order_by("start_on", "id"))


@router.post(
    "/{member_id}/public-posts",
    response={201: PublicPostOut, **WRITE_ERRORS},
    summary="登记社会职务",
)
def create_public_post(request: HttpRequest, member_id: PathId, payload: PublicPostIn):
    """Record a public office (政协委员 posts are what member proposals need)."""
    member = member_get(user=request.auth, pk=member_id)
    post = services.public_post_add(member=member, by=request.auth, **payload.dict())
    return Status(201, post)
