"""Request and response shapes of the member API (``/api/v1/members``).

Output schemas read model instances handed over by selectors; input schemas
forbid unknown fields so that a misspelt field is refused, not ignored.
Member fields accept values as people type them (``男``, ``汉``, ``本科``,
``2013.05``) and are cleaned by the same code as the forms and the importer.
"""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from tongxin.core import codes
from tongxin.core.idnumber import mask_id_number, mask_phone
from tongxin.core.schemas import Date, Id, InputSchema, OrgRef, Version
from tongxin.members.models import Member, Membership, PublicPost
from tongxin.orgs.models import Post

# Members ---------------------------------------------------------------------


def _code_name(table: codes.CodeTable, code: str) -> str:
    return table.names.get(code, code) if code else ""


class MemberOut(Schema):
    """A row of the member list; sensitive fields are left out."""

    id: int
    name: str
    gender: str
    gender_display: str
    birth_date: dt.date | None
    ethnicity: str
    ethnicity_name: str
    education: str
    education_name: str
    sector: str
    sector_name: str
    title: str
    work_unit: str
    job: str
    organization: OrgRef
    status: str
    status_display: str
    status_on: dt.date | None
    joined_on: dt.date | None
    certificate_no: str | None

    @staticmethod
    def resolve_gender_display(obj: Member) -> str:
        return str(obj.get_gender_display())

    @staticmethod
    def resolve_status_display(obj: Member) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_ethnicity_name(obj: Member) -> str:
        return _code_name(codes.ETHNICITY, obj.ethnicity)

    @staticmethod
    def resolve_education_name(obj: Member) -> str:
        return _code_name(codes.EDUCATION, obj.education)

    @staticmethod
    def resolve_sector_name(obj: Member) -> str:
        return _code_name(codes.SECTOR, obj.sector)


class MembershipOut(Schema):
    organization: OrgRef
    start_on: dt.date
    end_on: dt.date | None
    end_reason: str
    end_reason_display: str
    note: str

    @staticmethod
    def resolve_end_reason_display(obj: Membership) -> str:
        return str(obj.get_end_reason_display()) if obj.end_reason else ""


class PublicPostOut(Schema):
    id: int
    kind: str
    kind_display: str
    level: str
    level_display: str
    body: str
    term: str
    role: str
    start_on: dt.date | None
    end_on: dt.date | None

    @staticmethod
    def resolve_kind_display(obj: PublicPost) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_level_display(obj: PublicPost) -> str:
        return str(obj.get_level_display())


class MemberPostOut(Schema):
    """A leadership post the member currently holds."""

    id: int
    organization: OrgRef
    title: str
    title_display: str
    start_on: dt.date
    term: str

    @staticmethod
    def resolve_title_display(obj: Post) -> str:
        return str(obj.get_title_display())


class MemberDetailOut(MemberOut):
    """The full record; ID number and mobile are masked."""

    former_name: str
    native_place: str
    id_number: str = Field(description="已脱敏，如 210202********1234")
    degree: str
    degree_name: str
    title_level: str
    mobile: str = Field(description="已脱敏，如 138****5678")
    email: str
    address: str
    introducers: str
    note: str
    version: int = Field(description="修改时原样交回，用于发现并发修改")
    memberships: list[MembershipOut]
    public_posts: list[PublicPostOut]
    posts: list[MemberPostOut] = Field(description="现任领导职务")

    @staticmethod
    def resolve_id_number(obj: Member) -> str:
        return mask_id_number(obj.id_number) if obj.id_number else ""

    @staticmethod
    def resolve_mobile(obj: Member) -> str:
        return mask_phone(obj.mobile) if obj.mobile else ""

    @staticmethod
    def resolve_degree_name(obj: Member) -> str:
        return _code_name(codes.DEGREE, obj.degree)

    @staticmethod
    def resolve_memberships(obj: Member) -> list[Membership]:
        return list(obj.memberships.all())

    @staticmethod
    def resolve_public_posts(obj: Member) -> list[PublicPost]:
        return list(obj.public_posts.all())

    @staticmethod
    def resolve_posts(obj: Member) -> list[Post]:
        return [p for p in obj.posts.all() if p.end_on is None]


class MemberPageOut(Schema):
    """One page of the member list."""

    items: list[MemberOut]
    next_cursor: str | None = Field(description="下一页游标；没有下一页时为 null")
    prev_cursor: str | None = Field(description="上一页游标；第一页为 null")
    count: int = Field(description="符合条件的会员数；超过上限时为上限")
    count_exact: bool = Field(description="count 是否为精确值")


class MemberFieldsIn(InputSchema):
    """Record fields as people type them; every one optional here."""

    name: str | None = None
    former_name: str | None = None
    gender: str | None = Field(None, description="男/女 或 M/F")
    ethnicity: str | None = Field(None, description="代码或名称，如 01、汉、汉族")
    birth_date: str | None = Field(None, description="如 1975-03-14、1975.03")
    native_place: str | None = None
    id_number: str | None = None
    education: str | None = Field(None, description="代码或名称，如 21、本科")
    degree: str | None = None
    title: str | None = None
    title_level: str | None = None
    work_unit: str | None = None
    job: str | None = None
    sector: str | None = None
    mobile: str | None = None
    email: str | None = None
    address: str | None = None
    joined_on: str | None = Field(None, description="如 2005-06-01、2005.06")
    introducers: str | None = None
    certificate_no: str | None = None
    note: str | None = None


class MemberCreateIn(MemberFieldsIn):
    organization: Id = Field(description="所在组织编号")
    name: str
    gender: str | None = Field(None, description="男/女 或 M/F；可由身份证号推出")


class MemberUpdateIn(MemberFieldsIn):
    version: Version


class MemberTransferIn(InputSchema):
    to_org: Id = Field(description="调入组织编号")
    on: Date = Field(description="调动日期")
    note: str = ""
    version: Version


class MemberLeaveIn(InputSchema):
    status: str = Field(
        description="transferred（转出）、withdrawn（退会）、deceased（去世）或 expelled（除名）"
    )
    on: Date = Field(description="离会日期")
    note: str = ""
    version: Version


class FieldChangeOut(Schema):
    field: str
    old: str
    new: str


class HistoryEntryOut(Schema):
    at: dt.datetime
    by: str | None = Field(description="操作人")
    type: str = Field(description="created、changed 或 deleted")
    reason: str
    changes: list[FieldChangeOut]
