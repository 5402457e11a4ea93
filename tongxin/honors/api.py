"""API router: the honors registry (``/api/v1/honors``).

Reads go through ``tongxin.honors.selectors`` (an honor outside the user's
reach answers 404), writes through ``tongxin.honors.services``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile

from tongxin.core.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    Date,
    Id,
    InputSchema,
    MemberRef,
    OrgRef,
    PathId,
    Version,
    referenced,
)
from tongxin.honors import services
from tongxin.honors.models import Category, Honor, Level
from tongxin.honors.policies import policy
from tongxin.honors.selectors import (
    HonorFilters,
    honor_counts,
    honor_files,
    honor_get,
    honor_list,
    honor_recipients,
)
from tongxin.members.selectors import member_get
from tongxin.orgs.selectors import org_get

router = Router(tags=["honors"])

Year = Annotated[int, Field(ge=1900, le=2100)]


class RecipientOut(Schema):
    id: int
    member: MemberRef | None
    organization: OrgRef | None


class HonorFileOut(Schema):
    id: int
    title: str
    content_type: str
    size: int


class HonorOut(Schema):
    id: int
    title: str
    category: str
    level: str
    level_display: str
    awarding_body: str
    year: int
    awarded_on: dt.date | None
    document_number: str
    organization: OrgRef
    note: str
    version: int

    @staticmethod
    def resolve_level_display(obj: Honor) -> str:
        return str(obj.get_level_display())


class HonorDetailOut(HonorOut):
    recipients: list[RecipientOut]
    files: list[HonorFileOut]

    @staticmethod
    def resolve_recipients(obj: Honor) -> list:
        return obj.recipients_list

    @staticmethod
    def resolve_files(obj: Honor) -> list:
        return obj.files_list


class HonorIn(InputSchema):
    organization: Id = Field(description="登记组织")
    title: str = Field(max_length=200)
    category: str = Field(description="、".join(Category.values))
    level: str = Field("", description="、".join(Level.values) + "（必填）")
    awarding_body: str = Field(max_length=100)
    year: Year | None = None
    awarded_on: Date | None = None
    document_number: str = Field("", max_length=100)
    note: str = ""
    members: list[Id] = Field(default_factory=list, max_length=5000)
    member_names: str = Field(
        "", max_length=20000, description="名单：每行一个姓名或身份证号"
    )
    organizations: list[Id] = Field(default_factory=list, max_length=1000)


class HonorUpdateIn(InputSchema):
    version: Version
    title: str | None = Field(None, max_length=200)
    category: str | None = None
    level: str | None = None
    awarding_body: str | None = Field(None, max_length=100)
    year: Year | None = None
    awarded_on: Date | None = None
    document_number: str | None = Field(None, max_length=100)
    note: str | None = None


class RecipientsIn(InputSchema):
    members: list[Id] = Field(default_factory=list, max_length=5000)
    member_names: str = Field("", max_length=20000)
    organizations: list[Id] = Field(default_factory=list, max_length=1000)


class HonorQuery(Schema):
    level: str | None = None
    category: str | None = None
    year: Year | None = None
    org: Id | None = Field(None, description="获奖者所在组织（含下级）")
    member: Id | None = Field(None, description="获奖会员")
    q: str | None = Field(None, max_length=50)


class CountOut(Schema):
    key: str
    label: str
    honors: int
    members: int
    organizations: int


class AddedOut(Schema):
    added: int


def _detail(request: HttpRequest, pk: int) -> Honor:
    honor = honor_get(user=request.auth, pk=pk)
    honor.recipients_list = list(honor_recipients(honor=honor, user=request.auth))
    honor.files_list = list(honor_files(honor=honor))
    return honor


def _recipients(request: HttpRequest, data: dict):
    members = [
        referenced("members", member_get, user=request.auth, pk=pk)
        for pk in data.pop("members", [])
    ]
    members += services.resolve_recipients(
        by=request.auth, text=data.pop("member_names", "")
    )
    orgs = [
        referenced("organizations", org_get, user=request.auth, pk=pk)
        for pk in data.pop("organizations", [])
    ]
    return members, orgs


def _check_choice(name: str, value, allowed) -> None:
    if value and value not in allowed:
        raise ValidationError({name: _("取值应为：%s。") % "、".join(allowed)})


@router.get("", response={200: list[HonorOut], **READ_ERRORS}, summary="荣誉列表")
def list_honors(request: HttpRequest, query: Query[HonorQuery]) -> list:
    """Return up to 500 honors the user may see, newest first."""
    _check_choice("level", query.level, Level.values)
    _check_choice("category", query.category, Category.values)
    qs = honor_list(
        user=request.auth,
        filters=HonorFilters(
            level=query.level,
            category=query.category,
            year=query.year,
            org=referenced("org", org_get, user=request.auth, pk=query.org)
            if query.org
            else None,
            q=query.q,
        ),
    )
    if query.member:
        member = referenced("member", member_get, user=request.auth, pk=query.member)
        qs = qs.filter(recipients__member=member)
    return list(qs[:500])


@router.post("", response={201: HonorDetailOut, **WRITE_ERRORS}, summary="登记荣誉")
def create_honor(request: HttpRequest, payload: HonorIn):
    """Register an honor with all its recipients (member ids, a list of names
    or ID numbers, organization ids) at once."""
    if not policy.scopes(request.auth, "manage"):
        raise PermissionDenied(_("您没有权限登记荣誉。"))
    data = payload.dict()
    organization = referenced(
        "organization", org_get, user=request.auth, pk=data.pop("organization")
    )
    with transaction.atomic():
        members, orgs = _recipients(request, data)
        honor = services.honor_create(
            by=request.auth,
            organization=organization,
            members=members,
            organizations=orgs,
            **data,
        )
    return Status(201, _detail(request, honor.pk))


@router.get("/stats", response={200: list[CountOut], **READ_ERRORS}, summary="荣誉统计")
def honor_stats(
    request: HttpRequest,
    by: str = "level",
    year: Year | None = None,
    org: Id | None = None,
) -> list:
    """Count honors and recipients by level, category, year or organization."""
    _check_choice("by", by, ["level", "category", "year", "organization"])
    scope = referenced("org", org_get, user=request.auth, pk=org) if org else None
    return honor_counts(user=request.auth, by=by, org=scope, year=year)


@router.get(
    "/{honor_id}", response={200: HonorDetailOut, **READ_ERRORS}, summary="荣誉详情"
)
def get_honor(request: HttpRequest, honor_id: PathId) -> Honor:
    return _detail(request, honor_id)


@router.patch(
    "/{honor_id}", response={200: HonorDetailOut, **WRITE_ERRORS}, summary="修改荣誉"
)
def update_honor(request: HttpRequest, honor_id: PathId, payload: HonorUpdateIn):
    honor = honor_get(user=request.auth, pk=honor_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    services.honor_update(honor=honor, by=request.auth, version=version, **data)
    return _detail(request, honor_id)


@router.post(
    "/{honor_id}/recipients",
    response={200: AddedOut, **WRITE_ERRORS},
    summary="添加获奖者",
)
def add_recipients(request: HttpRequest, honor_id: PathId, payload: RecipientsIn):
    honor = honor_get(user=request.auth, pk=honor_id)
    if not policy.can(request.auth, "manage", honor):
        raise PermissionDenied(_("您没有权限执行此操作。"))
    with transaction.atomic():
        members, orgs = _recipients(request, payload.dict())
        added = services.honor_add_recipients(
            honor=honor, by=request.auth, members=members, organizations=orgs
        )
    return {"added": added}


@router.post(
    "/{honor_id}/files",
    response={201: HonorFileOut, **WRITE_ERRORS},
    summary="上传证明文件（multipart）",
)
def upload_file(
    request: HttpRequest,
    honor_id: PathId,
    file: File[UploadedFile],
    title: Form[str] = "",
):
    """Attach a PDF, Office file or image, checked by content and size."""
    honor = honor_get(user=request.auth, pk=honor_id)
    record = services.honor_file_add(
        honor=honor, by=request.auth, upload=file, title=title
    )
    return Status(201, record)
