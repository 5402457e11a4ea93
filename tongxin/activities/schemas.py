"""Request and response shapes of ``/api/v1/activities``.

Money and hours are accepted as numbers or text (``"1200.50"``) and checked by
the services, which answer in Chinese; they are returned as decimal strings.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from tongxin.activities.models import (
    Attendance,
    Donation,
    Event,
    FundEntry,
    Photo,
    Program,
    Signup,
)
from tongxin.core.schemas import Date, Id, InputSchema, MemberRef, OrgRef, Version

Number = str | int | float


class SeriesRef(Schema):
    id: int
    name: str


class EventRef(Schema):
    id: int
    title: str
    start_at: dt.datetime


class EventOut(Schema):
    id: int
    title: str
    kind: str
    kind_display: str
    organization: OrgRef
    series: SeriesRef | None
    edition: int | None
    start_at: dt.datetime
    end_at: dt.datetime
    place: str
    capacity: int | None = Field(description="名额；null 为不限")
    allows_signup: bool
    signup_deadline: dt.datetime | None
    signup_closes_at: dt.datetime = Field(description="实际报名截止时间")
    status: str = Field(description="active 或 cancelled")
    cancel_reason: str
    confirmed_count: int = Field(description="已报名人数")
    waiting_count: int = Field(description="候补人数")
    attended_count: int = Field(description="到场人数")
    version: int = Field(description="修改时原样交回，用于发现并发修改")

    @staticmethod
    def resolve_kind_display(obj: Event) -> str:
        return str(obj.get_kind_display())


class EventDetailOut(EventOut):
    description: str
    co_organizers: list[OrgRef]
    departments: list[str]
    my_signup: str | None = Field(
        None, description="本人报名状态：confirmed、waiting、cancelled 或 null"
    )
    my_attendance: bool = False

    @staticmethod
    def resolve_co_organizers(obj: Event) -> list:
        return list(obj.co_organizers.all())

    @staticmethod
    def resolve_departments(obj: Event) -> list[str]:
        return [d.name for d in obj.departments.all()]


class EventPageOut(Schema):
    items: list[EventOut]
    next_cursor: str | None
    prev_cursor: str | None


class EventFieldsIn(InputSchema):
    title: str | None = Field(None, max_length=200)
    kind: str | None = Field(None, description="活动类型代码，如 walking、lecture")
    start_at: dt.datetime | None = None
    end_at: dt.datetime | None = None
    place: str | None = Field(None, max_length=200)
    capacity: int | None = Field(None, ge=1, le=100_000, description="名额；省略为不限")
    allows_signup: bool | None = None
    signup_deadline: dt.datetime | None = None
    description: str | None = Field(None, max_length=5000)
    series: Id | None = None
    edition: int | None = Field(None, ge=1, le=1000)
    co_organizers: list[Id] | None = None
    departments: list[Id] | None = None


class EventCreateIn(EventFieldsIn):
    organization: Id = Field(description="主办组织编号")
    title: str = Field(max_length=200)
    kind: str
    start_at: dt.datetime
    end_at: dt.datetime


class EventUpdateIn(EventFieldsIn):
    version: Version


class EventCancelIn(InputSchema):
    reason: str = Field("", max_length=200)
    version: Version | None = None


class SignupOut(Schema):
    id: int
    event_id: int
    member: MemberRef
    status: str = Field(description="confirmed（已报名）、waiting（候补）或 cancelled")
    status_display: str
    queued_at: dt.datetime
    promoted_at: dt.datetime | None
    cancelled_at: dt.datetime | None

    @staticmethod
    def resolve_status_display(obj: Signup) -> str:
        return str(obj.get_status_display())


class SignupIn(InputSchema):
    member: Id | None = Field(
        None, description="为他人报名时的会员编号；省略则为本人报名"
    )


class SignupCancelOut(Schema):
    cancelled: SignupOut
    promoted: list[SignupOut] = Field(description="因此由候补转为正式报名的人")


class AttendanceOut(Schema):
    id: int
    event: EventRef
    member: MemberRef
    attended_on: dt.date
    method: str
    method_display: str
    walk_in: bool = Field(description="未报名而到场（现场登记）")
    recorded_at: dt.datetime

    @staticmethod
    def resolve_method_display(obj: Attendance) -> str:
        return str(obj.get_method_display())


class AttendanceIn(InputSchema):
    members: list[Id] = Field(min_length=1, max_length=2000, description="到场会员编号")


class AttendanceMarkOut(Schema):
    created: list[AttendanceOut]


class AttendanceBulkIn(InputSchema):
    members: list[Id] = Field(
        default_factory=list, max_length=5000, description="到场会员编号"
    )
    names: str = Field(
        "",
        max_length=20000,
        description="到场名单：姓名、会员证号或身份证号，每行一个，或用逗号、顿号、空格分开",
    )
    choices: dict[int, Id] = Field(
        default_factory=dict,
        description="同名会员的选择：名单中的序号（从 1 起）→ 会员编号，取自上一次回答的 ambiguous",
    )
    method: str = Field(
        "list", description="list（按名单签到）或 import（补录，如纸质签到表）"
    )


class CandidateOut(Schema):
    id: int
    name: str
    organization: str
    label: str = Field(
        description="区分同名会员的说明（组织、性别、出生年份、脱敏手机号）"
    )


class AmbiguousOut(Schema):
    key: int = Field(description="名单中的序号（从 1 起），作为 choices 的键")
    text: str
    candidates: list[CandidateOut]


class AttendanceBulkOut(Schema):
    recorded: bool = Field(
        description="是否已登记；名单有同名或找不到的会员时为 false，什么也不登记"
    )
    created: int = Field(description="新登记的人数")
    already: int = Field(description="此前已签到、未重复登记的人数")
    ambiguous: list[AmbiguousOut]
    missing: list[str]


class CheckinIn(InputSchema):
    token: str = Field(max_length=500, description="签到二维码中的令牌")


class ScanIn(InputSchema):
    code: str = Field(
        min_length=1, max_length=64, description="会员签到二维码的内容或其下方的签到码"
    )


class ScanOut(Schema):
    attendance: AttendanceOut
    already: bool = Field(description="此前已签到，本次未重复登记")
    message: str


class CheckinTokenOut(Schema):
    token: str
    url: str


class SeriesOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    organization: OrgRef
    description: str


class SeriesCreateIn(InputSchema):
    organization: Id
    name: str = Field(max_length=100)
    short_name: str = Field("", max_length=50)
    kind: str = "other"
    description: str = ""


class StreakOut(Schema):
    years: list[int]
    current: int = Field(description="截至最近一次参加的连续年数")
    current_from: int | None
    longest: int
    longest_from: int | None
    last_year: int | None
    total: int = Field(description="累计参加年数")


class EditionOut(Schema):
    event: EventRef
    edition: int | None
    year: int
    signups: int
    participants: int


class SeriesDetailOut(SeriesOut):
    editions: list[EditionOut]
    streak: StreakOut
    my_streak: StreakOut | None = None


class YearCountOut(Schema):
    year: int
    count: int


# --- social service -------------------------------------------------------------------------


class PartnerOut(Schema):
    id: int
    name: str
    kind: str
    address: str
    organization: OrgRef


class PartnerCreateIn(InputSchema):
    organization: Id
    name: str = Field(max_length=100)
    kind: str
    address: str = Field("", max_length=200)
    note: str = ""


class ProgramOut(Schema):
    id: int
    name: str
    kind: str
    kind_display: str
    organization: OrgRef
    partner: PartnerOut | None
    description: str
    started_on: dt.date | None
    ended_on: dt.date | None
    version: int

    @staticmethod
    def resolve_kind_display(obj: Program) -> str:
        return str(obj.get_kind_display())


class TotalsOut(Schema):
    year: int | None
    activities: int
    volunteer_times: int = Field(description="志愿者人次（含未登记姓名的）")
    volunteer_hours: Decimal
    beneficiaries: int
    money: Decimal
    goods: Decimal
    by_kind: dict[str, int]


class BaseOut(Schema):
    id: int
    name: str
    partner: PartnerOut | None
    plaque_on: dt.date | None
    note: str


class ProgramDetailOut(ProgramOut):
    years: list[TotalsOut]
    total: TotalsOut
    streak: StreakOut
    volunteers: int = Field(description="参加过的会员志愿者人数")
    bases: list[BaseOut]

    @staticmethod
    def resolve_bases(obj) -> list:
        return obj.bases_list


class ProgramCreateIn(InputSchema):
    organization: Id
    name: str = Field(max_length=100)
    kind: str
    partner: Id | None = None
    description: str = ""
    started_on: Date | None = None
    ended_on: Date | None = None


class ProgramUpdateIn(InputSchema):
    version: Version
    name: str | None = Field(None, max_length=100)
    kind: str | None = None
    partner: Id | None = None
    description: str | None = None
    started_on: Date | None = None
    ended_on: Date | None = None


class BaseCreateIn(InputSchema):
    name: str = Field(max_length=100)
    partner: Id | None = None
    plaque_on: Date | None = None
    note: str = Field("", max_length=200)


class VolunteerIn(InputSchema):
    member: Id
    hours: Number = Field(description="服务时长（小时），不小于 0")


class BeneficiaryIn(InputSchema):
    kind: str = Field(description="students、elderly、children、patients ...")
    count: Number


class OutcomeIn(InputSchema):
    item: str = Field(max_length=100)
    quantity: Number
    unit: str = Field("", max_length=10)


class ServiceActivityIn(InputSchema):
    title: str = Field(max_length=200)
    held_on: Date
    place: str = Field("", max_length=200)
    results: str = ""
    event: Id | None = None
    other_volunteers: Number = 0
    volunteers: list[VolunteerIn] = []
    beneficiaries: list[BeneficiaryIn] = []
    outcomes: list[OutcomeIn] = []


class VolunteerOut(Schema):
    member: MemberRef
    hours: Decimal


class BeneficiaryOut(Schema):
    kind: str
    count: int


class OutcomeOut(Schema):
    item: str
    quantity: int
    unit: str


class DonationOut(Schema):
    id: int
    kind: str
    description: str
    value: Decimal
    donor: str = Field(description="捐赠方名称")
    donor_org: OrgRef | None
    donor_member: MemberRef | None

    @staticmethod
    def resolve_donor(obj: Donation) -> str:
        return obj.donor_display


class ServiceActivityOut(Schema):
    id: int
    program_id: int
    title: str
    held_on: dt.date
    place: str
    results: str
    event_id: int | None
    other_volunteers: int
    version: int
    volunteers: list[VolunteerOut]
    beneficiaries: list[BeneficiaryOut]
    outcomes: list[OutcomeOut]
    donations: list[DonationOut]

    @staticmethod
    def resolve_volunteers(obj) -> list:
        return list(obj.volunteers.all())

    @staticmethod
    def resolve_beneficiaries(obj) -> list:
        return list(obj.beneficiaries.all())

    @staticmethod
    def resolve_outcomes(obj) -> list:
        return list(obj.outcomes.all())

    @staticmethod
    def resolve_donations(obj) -> list:
        return list(obj.donations.all())


class DonationIn(InputSchema):
    kind: str = Field(description="money（资金）或 goods（物资）")
    value: Number = Field(description="价值（元），不小于 0")
    description: str = Field("", max_length=200)
    donor_org: Id | None = None
    donor_member: Id | None = None
    donor_name: str = Field("", max_length=100)


# --- funds ----------------------------------------------------------------------------------


class FundOut(Schema):
    id: int
    name: str
    organization: OrgRef
    description: str
    established_on: dt.date | None


class FundYearOut(Schema):
    year: int
    money_in: Decimal
    money_out: Decimal
    balance: Decimal


class FundEntryOut(Schema):
    id: int
    direction: str
    on: dt.date
    amount: Decimal
    party: str
    party_member: MemberRef | None
    party_org: OrgRef | None
    purpose: str

    @staticmethod
    def resolve_party(obj: FundEntry) -> str:
        return obj.party_display


class FundDetailOut(FundOut):
    balance: Decimal
    years: list[FundYearOut]
    entries: list[FundEntryOut]


class FundCreateIn(InputSchema):
    organization: Id
    name: str = Field(max_length=100)
    description: str = ""
    established_on: Date | None = None


class FundEntryIn(InputSchema):
    direction: str = Field(description="in（收入）或 out（支出）")
    on: Date
    amount: Number = Field(description="金额（元），大于 0")
    party_member: Id | None = None
    party_org: Id | None = None
    party_name: str = Field("", max_length=100)
    purpose: str = Field("", max_length=200)


# --- photos ---------------------------------------------------------------------------------


class PhotoOut(Schema):
    id: int
    caption: str
    year: int
    taken_on: dt.date | None
    organization: OrgRef
    event: EventRef | None
    people: list[MemberRef]
    people_text: str
    organizations: list[OrgRef]
    width: int
    height: int
    size: int
    content_type: str
    image_url: str
    version: int

    @staticmethod
    def resolve_people(obj: Photo) -> list:
        return list(obj.people.all())

    @staticmethod
    def resolve_organizations(obj: Photo) -> list:
        return list(obj.organizations.all())

    @staticmethod
    def resolve_image_url(obj: Photo) -> str:
        from django.urls import reverse

        return reverse("api:activities_photo_image", kwargs={"photo_id": obj.pk})


class PhotoUpdateIn(InputSchema):
    version: Version
    caption: str | None = Field(None, max_length=300)
    year: int | None = Field(None, ge=1900, le=2100)
    taken_on: Date | None = None
    event: Id | None = None
    people: list[Id] | None = None
    people_text: str | None = Field(None, max_length=300)
    organizations: list[Id] | None = None
