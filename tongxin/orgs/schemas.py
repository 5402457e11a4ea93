"""Request and response shapes of the organization API (``/api/v1/orgs``)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from tongxin.core.schemas import (
    Date,
    Id,
    InputSchema,
    MemberRef,
    OrgRef,
    Version,
    named_enum,
)
from tongxin.orgs.models import Department, Organization, Post

OrganizationKind = named_enum("OrganizationKind", Organization.Kind)
DepartmentKind = named_enum("DepartmentKind", Department.Kind)
PostTitle = named_enum("PostTitle", Post.Title)


# Organizations ---------------------------------------------------------------


class OrgOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    kind_display: str = Field(description="类型的中文名")
    parent_id: int | None
    path: str = Field(description="树路径：每层 5 位数字")
    depth: int
    founded_on: dt.date | None
    closed_on: dt.date | None
    note: str
    version: int = Field(description="修改时原样交回，用于发现并发修改")
    direct_members: int | None = Field(
        None, description="本组织直属在册会员数（仅当 counts=1）"
    )
    total_members: int | None = Field(
        None, description="本组织及下级组织在册会员总数（仅当 counts=1）"
    )

    @staticmethod
    def resolve_kind_display(obj: Organization) -> str:
        return str(obj.get_kind_display())


class OrgDetailOut(OrgOut):
    active_members: int = Field(
        description="本组织及下级组织的在册会员数（可见范围内）"
    )


class OrgTreeNodeOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    path: str
    closed_on: dt.date | None
    direct: int = Field(description="直属会员数")
    total: int = Field(description="含下级组织的会员总数")
    counted: bool = Field(
        True, description="是否可查看人数（系统、安全管理员不看业务数据，人数记为 0）"
    )
    children: list[OrgTreeNodeOut]


OrgTreeNodeOut.model_rebuild()


class OrgCreateIn(InputSchema):
    parent: Id | None = Field(
        None, description="上级组织编号；顶层组织只能由超级管理员创建"
    )
    name: str
    kind: OrganizationKind
    code: str
    short_name: str = ""
    founded_on: Date | None = None
    note: str = ""


class OrgUpdateIn(InputSchema):
    version: Version
    name: str | None = None
    short_name: str | None = None
    code: str | None = None
    founded_on: Date | None = None
    note: str | None = None


class OrgMoveIn(InputSchema):
    parent: Id = Field(description="新的上级组织编号")
    version: Version


class OrgCloseIn(InputSchema):
    on: Date = Field(description="撤销日期")
    version: Version


class DepartmentOut(Schema):
    id: int
    organization_id: int
    kind: str
    kind_display: str
    name: str
    sort_order: int
    founded_on: dt.date | None

    @staticmethod
    def resolve_kind_display(obj: Department) -> str:
        return str(obj.get_kind_display())


class DepartmentCreateIn(InputSchema):
    kind: DepartmentKind
    name: str
    sort_order: int = Field(0, ge=0, le=32767)


class PostOut(Schema):
    """A leadership post in an organization."""

    id: int
    organization: OrgRef
    member: MemberRef
    title: str
    title_display: str
    start_on: dt.date
    end_on: dt.date | None
    term: str
    note: str

    @staticmethod
    def resolve_title_display(obj: Post) -> str:
        return str(obj.get_title_display())


class PostCreateIn(InputSchema):
    member: Id = Field(description="任职会员编号")
    title: PostTitle
    start_on: Date
    end_on: Date | None = None
    term: str = ""
    note: str = ""


class PostEndIn(InputSchema):
    on: Date = Field(description="离任日期")
