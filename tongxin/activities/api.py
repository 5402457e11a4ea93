"""API router: events, series, sign-up and attendance; social-service programs,
their activities and donations; funds; the photo archive.

Reads go through ``tongxin.activities.selectors`` (a record outside the user's
reach answers 404 as if it did not exist), writes through
``tongxin.activities.services``, which check the policy and answer bad input
with Chinese messages by field; a refused request changes nothing.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field as NinjaField
from ninja import File, Form, Query, Router, Schema, Status, UploadedFile

from tongxin.activities import services
from tongxin.activities.models import (
    Event,
    EventKind,
    Fund,
    Partner,
    Photo,
    Program,
    Series,
    ServiceActivity,
    Signup,
)
from tongxin.activities.policies import policy
from tongxin.activities.schemas import (
    AttendanceBulkIn,
    AttendanceBulkOut,
    AttendanceIn,
    AttendanceMarkOut,
    AttendanceOut,
    BaseCreateIn,
    BaseOut,
    CheckinIn,
    CheckinTokenOut,
    DonationIn,
    DonationOut,
    EventCancelIn,
    EventCreateIn,
    EventDetailOut,
    EventPageOut,
    EventUpdateIn,
    FundCreateIn,
    FundDetailOut,
    FundEntryIn,
    FundEntryOut,
    FundOut,
    PartnerCreateIn,
    PartnerOut,
    PhotoOut,
    PhotoUpdateIn,
    ProgramCreateIn,
    ProgramDetailOut,
    ProgramOut,
    ProgramUpdateIn,
    ScanIn,
    ScanOut,
    SeriesCreateIn,
    SeriesDetailOut,
    SeriesOut,
    ServiceActivityIn,
    ServiceActivityOut,
    SignupCancelOut,
    SignupIn,
    SignupOut,
    YearCountOut,
)
from tongxin.activities.selectors import (
    EventFilters,
    attendance_by_year,
    attendance_list,
    event_get,
    event_list,
    events_attended,
    fund_entries,
    fund_get,
    fund_list,
    fund_years,
    member_series_streak,
    own_attendance,
    own_signup,
    partner_get,
    partner_list,
    photo_get,
    photo_list,
    program_activities,
    program_bases,
    program_get,
    program_list,
    program_summary,
    series_editions,
    series_get,
    series_list,
    series_streak,
    service_activity_get,
    signup_get,
    signup_list,
)
from tongxin.core import files
from tongxin.core.pagination import decode_cursor, keyset_page
from tongxin.core.schemas import READ_ERRORS, WRITE_ERRORS, Id, PathId, referenced
from tongxin.members.names import candidate_label, resolve_names
from tongxin.members.selectors import member_get
from tongxin.orgs.models import Department
from tongxin.orgs.selectors import department_list, org_get

router = Router(tags=["activities"])

MAX_PAGE_SIZE = 200
#: A year in a query or form: 1900-2100.
Year = Annotated[int, NinjaField(ge=1900, le=2100)]


def _event(request: HttpRequest, event_id: int) -> Event:
    return event_get(user=request.auth, pk=event_id)


def _event_detail(request: HttpRequest, event_id: int) -> Event:
    event = _event(request, event_id)
    mine = own_signup(user=request.auth, event=event)
    event.my_signup = mine.status if mine else None
    event.my_attendance = own_attendance(user=request.auth, event=event) is not None
    return event


def _member(request: HttpRequest, field: str, pk: int):
    return referenced(field, member_get, user=request.auth, pk=pk)


def _org(request: HttpRequest, field: str, pk: int):
    return referenced(field, org_get, user=request.auth, pk=pk)


def _departments(request: HttpRequest, ids: list[int]) -> list[Department]:
    found = {d.pk: d for d in department_list(user=request.auth).filter(pk__in=ids)}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise ValidationError(
            {"departments": _("部室编号 %s 不存在或您无权查看。") % missing[0]}
        )
    return [found[pk] for pk in ids]


def _event_fields(request: HttpRequest, data: dict) -> dict:
    """Turn ids in an event payload into the records the service takes."""
    if "series" in data:
        data["series"] = (
            referenced("series", series_get, user=request.auth, pk=data["series"])
            if data["series"] is not None
            else None
        )
    if data.get("co_organizers") is not None:
        data["co_organizers"] = [
            _org(request, "co_organizers", pk) for pk in data["co_organizers"]
        ]
    if data.get("departments") is not None:
        data["departments"] = _departments(request, data["departments"])
    return data


# --- events ---------------------------------------------------------------------------------


class EventListQuery(Schema):
    when: str | None = NinjaField(None, description="upcoming、past 或 all（默认）")
    year: int | None = NinjaField(None, ge=1900, le=2100)
    kind: str | None = None
    series: Id | None = None
    org: Id | None = NinjaField(None, description="主办组织（含下级）")
    q: str | None = NinjaField(None, max_length=50)
    cursor: str | None = None
    size: int | None = NinjaField(None, ge=1, le=MAX_PAGE_SIZE)


@router.get("/events", response={200: EventPageOut, **READ_ERRORS}, summary="活动列表")
def list_events(request: HttpRequest, query: Query[EventListQuery]) -> dict:
    """Return one page of the events the user may see, by start time."""
    if query.cursor and decode_cursor(query.cursor) is None:
        raise ValidationError({"cursor": _("翻页游标无效，请从第一页重新开始。")})
    if query.kind and query.kind not in EventKind.values:
        raise ValidationError({"kind": _("活动类型无效。")})
    if query.when and query.when not in ("upcoming", "past", "all"):
        raise ValidationError({"when": _("取值应为：upcoming、past、all。")})
    filters = EventFilters(
        year=query.year,
        kind=query.kind,
        q=query.q,
        when=query.when or "all",
        series=referenced("series", series_get, user=request.auth, pk=query.series)
        if query.series
        else None,
        org=_org(request, "org", query.org) if query.org else None,
    )
    page = keyset_page(
        event_list(user=request.auth, filters=filters),
        key="start_at",
        cursor=query.cursor,
        size=query.size or settings.TONGXIN_PAGE_SIZE,
    )
    return {
        "items": page.items,
        "next_cursor": page.next_cursor,
        "prev_cursor": page.prev_cursor,
    }


@router.post(
    "/events", response={201: EventDetailOut, **WRITE_ERRORS}, summary="新建活动"
)
def create_event(request: HttpRequest, payload: EventCreateIn):
    policy.require_somewhere(request.auth, "manage")
    data = _event_fields(request, payload.dict(exclude_unset=True))
    organization = _org(request, "organization", data.pop("organization"))
    data["co_organizers"] = data.get("co_organizers") or []
    data["departments"] = data.get("departments") or []
    event = services.event_create(by=request.auth, organization=organization, **data)
    return Status(201, _event_detail(request, event.pk))


@router.get(
    "/events/{event_id}",
    response={200: EventDetailOut, **READ_ERRORS},
    summary="活动详情",
)
def get_event(request: HttpRequest, event_id: PathId) -> Event:
    return _event_detail(request, event_id)


@router.patch(
    "/events/{event_id}",
    response={200: EventDetailOut, **WRITE_ERRORS},
    summary="修改活动",
)
def update_event(
    request: HttpRequest, event_id: PathId, payload: EventUpdateIn
) -> Event:
    """Change an event; ``version`` must be the one last read."""
    event = _event(request, event_id)
    data = _event_fields(request, payload.dict(exclude_unset=True))
    version = data.pop("version")
    services.event_update(event=event, by=request.auth, version=version, **data)
    return _event_detail(request, event_id)


@router.post(
    "/events/{event_id}/cancel",
    response={200: EventDetailOut, **WRITE_ERRORS},
    summary="取消活动",
)
def cancel_event(
    request: HttpRequest, event_id: PathId, payload: EventCancelIn
) -> Event:
    event = _event(request, event_id)
    services.event_cancel(
        event=event, by=request.auth, reason=payload.reason, version=payload.version
    )
    return _event_detail(request, event_id)


@router.get(
    "/events/{event_id}/signups",
    response={200: list[SignupOut], **WRITE_ERRORS},
    summary="报名名单",
)
def list_signups(request: HttpRequest, event_id: PathId) -> list[Signup]:
    """Return the sign-ups (confirmed, waiting, cancelled) in queue order."""
    event = _event(request, event_id)
    if not policy.can(request.auth, "view_attendance", event):
        raise PermissionDenied(_("您没有权限查看报名名单。"))
    return list(signup_list(user=request.auth, event=event))


@router.post(
    "/events/{event_id}/signups",
    response={201: SignupOut, **WRITE_ERRORS},
    summary="报名",
)
def create_signup(request: HttpRequest, event_id: PathId, payload: SignupIn):
    """Sign up oneself, or (staff, heads) a member of one's subtree.

    A full event puts the member on the waiting list (``status`` waiting).
    """
    event = _event(request, event_id)
    if payload.member is None:
        member = None
    elif payload.member == request.auth.member_id:
        member = request.auth.member
    else:
        if not policy.scopes(request.auth, "signup_others"):
            raise PermissionDenied(_("您只能为自己报名。"))
        member = _member(request, "member", payload.member)
    signup = services.signup_create(event=event, member=member, by=request.auth)
    return Status(201, signup)


@router.post(
    "/events/{event_id}/signups/{signup_id}/cancel",
    response={200: SignupCancelOut, **WRITE_ERRORS},
    summary="取消报名",
)
def cancel_signup(request: HttpRequest, event_id: PathId, signup_id: PathId) -> dict:
    """Cancel a sign-up; the first on the waiting list takes the freed place."""
    event = _event(request, event_id)
    signup = signup_get(user=request.auth, event=event, pk=signup_id)
    promoted = services.signup_cancel(signup=signup, by=request.auth)
    signup.refresh_from_db()
    return {"cancelled": signup, "promoted": promoted}


@router.get(
    "/events/{event_id}/attendance",
    response={200: list[AttendanceOut], **WRITE_ERRORS},
    summary="到场名单",
)
def list_attendance(request: HttpRequest, event_id: PathId) -> list:
    event = _event(request, event_id)
    if not policy.can(request.auth, "view_attendance", event):
        raise PermissionDenied(_("您没有权限查看签到名单。"))
    return list(attendance_list(user=request.auth, event=event).select_related("event"))


@router.post(
    "/events/{event_id}/attendance",
    response={200: AttendanceMarkOut, **WRITE_ERRORS},
    summary="签到（工作人员）",
)
def mark_attendance(
    request: HttpRequest, event_id: PathId, payload: AttendanceIn
) -> dict:
    """Record members as present; those without a sign-up are flagged as walk-ins."""
    event = _event(request, event_id)
    if not policy.can(request.auth, "manage", event):
        raise PermissionDenied(_("您没有权限为该活动签到。"))
    listed = {
        s.member_id: s.member
        for s in signup_list(user=request.auth, event=event).select_related("member")
    }
    members = [
        listed.get(pk) or _member(request, "members", pk) for pk in payload.members
    ]
    created = services.attendance_mark(event=event, members=members, by=request.auth)
    return {"created": created}


@router.post(
    "/events/{event_id}/attendance/scan",
    response={200: ScanOut, 201: ScanOut, **WRITE_ERRORS},
    summary="扫会员签到码签到（工作人员）",
)
def scan_attendance(request: HttpRequest, event_id: PathId, payload: ScanIn):
    """Record the member whose check-in code was scanned: 201 when recorded now,
    200 when the member had already checked in."""
    event = _event(request, event_id)
    done = services.attendance_scan(event=event, code=payload.code, by=request.auth)
    body = {
        "attendance": done.attendance,
        "already": done.already,
        "message": done.message,
    }
    return Status(200 if done.already else 201, body)


@router.post(
    "/events/{event_id}/attendance/bulk",
    response={200: AttendanceBulkOut, **WRITE_ERRORS},
    summary="批量签到（名单或补录）",
)
def bulk_attendance(
    request: HttpRequest, event_id: PathId, payload: AttendanceBulkIn
) -> dict:
    """Record many members as present, by id and/or a pasted list of names.

    A name matching several members is answered in ``ambiguous`` with its
    candidates, and one matching nobody in ``missing``; then nothing is
    recorded (``recorded`` false) until the call is repeated with ``choices``.
    """
    event = _event(request, event_id)
    if not policy.can(request.auth, "manage", event):
        raise PermissionDenied(_("您没有权限为该活动签到。"))
    resolution = resolve_names(
        user=request.auth, text=payload.names, choices=payload.choices
    )
    answer = {
        "recorded": False,
        "created": 0,
        "already": 0,
        "ambiguous": [
            {
                "key": a.key,
                "text": a.text,
                "candidates": [
                    {
                        "id": m.pk,
                        "name": m.name,
                        "organization": m.organization.name,
                        "label": candidate_label(m),
                    }
                    for m in a.candidates
                ],
            }
            for a in resolution.ambiguous
        ],
        "missing": [e.text for e in resolution.missing],
    }
    if not resolution.ok:
        return answer
    if not payload.members and not resolution.members:
        raise ValidationError({"names": [_("请给出到场会员的编号或名单。")]})
    members = [_member(request, "members", pk) for pk in payload.members]
    done = services.attendance_record_many(
        event=event,
        members=members + resolution.members,
        by=request.auth,
        method=payload.method,
    )
    answer.update(recorded=True, created=len(done.created), already=done.already)
    return answer


@router.delete(
    "/events/{event_id}/attendance/{member_id}",
    response={204: None, **WRITE_ERRORS},
    summary="撤销签到",
)
def remove_attendance(request: HttpRequest, event_id: PathId, member_id: PathId):
    event = _event(request, event_id)
    if not policy.can(request.auth, "manage", event):
        raise PermissionDenied(_("您没有权限为该活动签到。"))
    records = attendance_list(user=request.auth, event=event).filter(
        member_id=member_id
    )
    attendance = records.select_related("member").first()
    if attendance is None:
        raise Http404
    services.attendance_remove(event=event, member=attendance.member, by=request.auth)
    return Status(204, None)


@router.get(
    "/events/{event_id}/checkin-token",
    response={200: CheckinTokenOut, **WRITE_ERRORS},
    summary="签到二维码内容",
)
def checkin_token(request: HttpRequest, event_id: PathId) -> dict:
    """Return the token and URL the event's check-in QR code carries (managers)."""
    event = _event(request, event_id)
    if not policy.can(request.auth, "manage", event):
        raise PermissionDenied(_("您没有权限执行此操作。"))
    token = services.checkin_token(event)
    url = request.build_absolute_uri(reverse("activities:checkin", args=[token]))
    return {"token": token, "url": url}


@router.post(
    "/checkin", response={201: AttendanceOut, **WRITE_ERRORS}, summary="扫码签到"
)
def checkin(request: HttpRequest, payload: CheckinIn):
    """Check the calling member in with the token of a scanned QR code."""
    attendance = services.attendance_checkin(token=payload.token, by=request.auth)
    return Status(201, attendance)


@router.get(
    "/members/{member_id}/attended",
    response={200: list[AttendanceOut], **READ_ERRORS},
    summary="会员参加的活动",
)
def member_attended(request: HttpRequest, member_id: PathId) -> list:
    member = member_get(user=request.auth, pk=member_id)
    return list(events_attended(member=member, user=request.auth)[:500])


@router.get(
    "/stats/attendance-by-year",
    response={200: list[YearCountOut], **WRITE_ERRORS},
    summary="历年参与人次",
)
def stats_by_year(
    request: HttpRequest,
    org: Id | None = None,
    by: str = "member",
) -> list[dict]:
    """Attendance per year in the user's scope (``by``: member or organizer)."""
    if not policy.can(request.auth, "view_stats"):
        raise PermissionDenied(_("您没有权限查看统计。"))
    if by not in ("member", "organizer"):
        raise ValidationError({"by": _("取值应为：member、organizer。")})
    node = _org(request, "org", org) if org else None
    rows = attendance_by_year(user=request.auth, org=node, by=by)
    return [{"year": y, "count": n} for y, n in rows]


# --- series ---------------------------------------------------------------------------------


@router.get(
    "/series", response={200: list[SeriesOut], **READ_ERRORS}, summary="活动系列"
)
def list_series(request: HttpRequest) -> list[Series]:
    return list(series_list(user=request.auth))


@router.post(
    "/series", response={201: SeriesOut, **WRITE_ERRORS}, summary="新建活动系列"
)
def create_series(request: HttpRequest, payload: SeriesCreateIn):
    policy.require_somewhere(request.auth, "manage")
    data = payload.dict()
    organization = _org(request, "organization", data.pop("organization"))
    series = services.series_create(by=request.auth, organization=organization, **data)
    return Status(201, series)


@router.get(
    "/series/{series_id}",
    response={200: SeriesDetailOut, **READ_ERRORS},
    summary="系列详情：历届、参加人数、连续年数",
)
def get_series(request: HttpRequest, series_id: PathId) -> dict:
    series = series_get(user=request.auth, pk=series_id)
    editions = series_editions(user=request.auth, series=series)
    member = request.auth.member if request.auth.member_id else None
    return {
        **{
            f: getattr(series, f)
            for f in ("id", "name", "short_name", "kind", "description")
        },
        "organization": series.organization,
        "editions": [
            {
                "event": e.event,
                "edition": e.event.edition,
                "year": e.year,
                "signups": e.signups,
                "participants": e.participants,
            }
            for e in editions
        ],
        "streak": series_streak(editions=editions),
        "my_streak": member_series_streak(series=series, member=member)
        if member
        else None,
    }


# --- social service ---------------------------------------------------------------------------


def _require_any(request: HttpRequest, action: str) -> None:
    if not policy.can(request.auth, action):
        raise PermissionDenied(_("您没有权限执行此操作。"))


@router.get(
    "/partners", response={200: list[PartnerOut], **WRITE_ERRORS}, summary="合作单位"
)
def list_partners(request: HttpRequest) -> list[Partner]:
    _require_any(request, "view_programs")
    return list(partner_list(user=request.auth).select_related("organization"))


@router.post(
    "/partners", response={201: PartnerOut, **WRITE_ERRORS}, summary="登记合作单位"
)
def create_partner(request: HttpRequest, payload: PartnerCreateIn):
    policy.require_somewhere(request.auth, "manage_programs")
    data = payload.dict()
    organization = _org(request, "organization", data.pop("organization"))
    partner = services.partner_create(
        by=request.auth, organization=organization, **data
    )
    return Status(201, partner)


def _partner(request: HttpRequest, pk: int | None) -> Partner | None:
    if pk is None:
        return None
    return referenced("partner", partner_get, user=request.auth, pk=pk)


def _program_detail(program: Program) -> Program:
    """Return ``program`` carrying its summary for ``ProgramDetailOut``."""
    summary = program_summary(program=program)
    program.years = summary.years
    program.total = summary.total
    program.streak = summary.streak
    program.volunteers = summary.volunteers
    program.bases_list = list(program_bases(program=program))
    return program


@router.get(
    "/programs",
    response={200: list[ProgramOut], **WRITE_ERRORS},
    summary="社会服务项目",
)
def list_programs(request: HttpRequest) -> list[Program]:
    _require_any(request, "view_programs")
    return list(program_list(user=request.auth))


@router.post(
    "/programs",
    response={201: ProgramDetailOut, **WRITE_ERRORS},
    summary="新建社会服务项目",
)
def create_program(request: HttpRequest, payload: ProgramCreateIn):
    policy.require_somewhere(request.auth, "manage_programs")
    data = payload.dict()
    organization = _org(request, "organization", data.pop("organization"))
    data["partner"] = _partner(request, data["partner"])
    program = services.program_create(
        by=request.auth, organization=organization, **data
    )
    return Status(201, _program_detail(program_get(user=request.auth, pk=program.pk)))


@router.get(
    "/programs/{program_id}",
    response={200: ProgramDetailOut, **READ_ERRORS},
    summary="项目详情：开展年份、连续年数、逐年与累计",
)
def get_program(request: HttpRequest, program_id: PathId) -> Program:
    return _program_detail(program_get(user=request.auth, pk=program_id))


@router.patch(
    "/programs/{program_id}",
    response={200: ProgramDetailOut, **WRITE_ERRORS},
    summary="修改项目",
)
def update_program(
    request: HttpRequest, program_id: PathId, payload: ProgramUpdateIn
) -> Program:
    program = program_get(user=request.auth, pk=program_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    if "partner" in data:
        data["partner"] = _partner(request, data["partner"])
    services.program_update(program=program, by=request.auth, version=version, **data)
    return _program_detail(program_get(user=request.auth, pk=program_id))


@router.post(
    "/programs/{program_id}/bases",
    response={201: BaseOut, **WRITE_ERRORS},
    summary="添加服务基地",
)
def create_base(request: HttpRequest, program_id: PathId, payload: BaseCreateIn):
    program = program_get(user=request.auth, pk=program_id)
    data = payload.dict()
    data["partner"] = _partner(request, data["partner"])
    base = services.program_base_add(program=program, by=request.auth, **data)
    return Status(201, base)


@router.get(
    "/programs/{program_id}/activities",
    response={200: list[ServiceActivityOut], **READ_ERRORS},
    summary="项目的服务活动",
)
def list_service_activities(request: HttpRequest, program_id: PathId) -> list:
    program = program_get(user=request.auth, pk=program_id)
    return list(program_activities(program=program))


@router.post(
    "/programs/{program_id}/activities",
    response={201: ServiceActivityOut, **WRITE_ERRORS},
    summary="登记服务活动",
)
def create_service_activity(
    request: HttpRequest, program_id: PathId, payload: ServiceActivityIn
):
    """Record an activity with volunteers (hours), beneficiaries and outcomes."""
    program = program_get(user=request.auth, pk=program_id)
    event = (
        referenced("event", event_get, user=request.auth, pk=payload.event)
        if payload.event
        else None
    )
    activity = services.service_activity_create(
        program=program,
        by=request.auth,
        title=payload.title,
        held_on=payload.held_on,
        place=payload.place,
        results=payload.results,
        event=event,
        other_volunteers=payload.other_volunteers,
        volunteers=[
            (_member(request, "volunteers", v.member), v.hours)
            for v in payload.volunteers
        ],
        beneficiaries=[(b.kind, b.count) for b in payload.beneficiaries],
        outcomes=[(o.item, o.quantity, o.unit) for o in payload.outcomes],
    )
    return Status(201, program_activities(program=program).get(pk=activity.pk))


@router.post(
    "/service-activities/{activity_id}/donations",
    response={201: DonationOut, **WRITE_ERRORS},
    summary="登记捐赠",
)
def create_donation(request: HttpRequest, activity_id: PathId, payload: DonationIn):
    """Record money or goods given, valued in yuan, with the donor."""
    activity: ServiceActivity = service_activity_get(user=request.auth, pk=activity_id)
    donation = services.donation_add(
        activity=activity,
        by=request.auth,
        kind=payload.kind,
        value=payload.value,
        description=payload.description,
        donor_org=_org(request, "donor_org", payload.donor_org)
        if payload.donor_org
        else None,
        donor_member=_member(request, "donor_member", payload.donor_member)
        if payload.donor_member
        else None,
        donor_name=payload.donor_name,
    )
    return Status(201, donation)


# --- funds ------------------------------------------------------------------------------------


def _fund_detail(fund: Fund) -> dict:
    years = fund_years(fund=fund)
    return {
        "id": fund.pk,
        "name": fund.name,
        "organization": fund.organization,
        "description": fund.description,
        "established_on": fund.established_on,
        "balance": years[-1].balance if years else Decimal("0.00"),
        "years": years,
        "entries": list(fund_entries(fund=fund)),
    }


@router.get("/funds", response={200: list[FundOut], **WRITE_ERRORS}, summary="基金")
def list_funds(request: HttpRequest) -> list[Fund]:
    _require_any(request, "view_funds")
    return list(fund_list(user=request.auth))


@router.post(
    "/funds", response={201: FundDetailOut, **WRITE_ERRORS}, summary="设立基金"
)
def create_fund(request: HttpRequest, payload: FundCreateIn):
    policy.require_somewhere(request.auth, "manage_funds")
    data = payload.dict()
    organization = _org(request, "organization", data.pop("organization"))
    fund = services.fund_create(by=request.auth, organization=organization, **data)
    return Status(201, _fund_detail(fund))


@router.get(
    "/funds/{fund_id}",
    response={200: FundDetailOut, **READ_ERRORS},
    summary="基金详情：逐年收支与余额",
)
def get_fund(request: HttpRequest, fund_id: PathId) -> dict:
    return _fund_detail(fund_get(user=request.auth, pk=fund_id))


@router.post(
    "/funds/{fund_id}/entries",
    response={201: FundEntryOut, **WRITE_ERRORS},
    summary="登记基金收支",
)
def create_fund_entry(request: HttpRequest, fund_id: PathId, payload: FundEntryIn):
    fund = fund_get(user=request.auth, pk=fund_id)
    entry = services.fund_entry_add(
        fund=fund,
        by=request.auth,
        direction=payload.direction,
        on=payload.on,
        amount=payload.amount,
        party_member=_member(request, "party_member", payload.party_member)
        if payload.party_member
        else None,
        party_org=_org(request, "party_org", payload.party_org)
        if payload.party_org
        else None,
        party_name=payload.party_name,
        purpose=payload.purpose,
    )
    return Status(201, entry)


# --- photos -----------------------------------------------------------------------------------


def _photo(request: HttpRequest, photo_id: int) -> Photo:
    return photo_get(user=request.auth, pk=photo_id)


@router.get(
    "/photos", response={200: list[PhotoOut], **WRITE_ERRORS}, summary="历史照片"
)
def list_photos(
    request: HttpRequest,
    decade: Year | None = None,
    year: Year | None = None,
    q: Annotated[str | None, NinjaField(max_length=50)] = None,
) -> list[Photo]:
    """Return up to 200 photos, newest first, of a decade (1990) or a year."""
    _require_any(request, "view_photos")
    photos = photo_list(user=request.auth, decade=decade, year=year, q=q)
    return list(photos.prefetch_related("people", "organizations")[:200])


@router.post(
    "/photos", response={201: PhotoOut, **WRITE_ERRORS}, summary="上传照片（multipart）"
)
def upload_photo(
    request: HttpRequest,
    image: File[UploadedFile],
    caption: Form[str],
    organization: Form[Id],
    year: Form[Year | None] = None,
    taken_on: Form[str | None] = None,
    event: Form[Id | None] = None,
    people_text: Form[str] = "",
):
    """Upload a photo; the file is checked by content (image, size, extension)."""
    policy.require_somewhere(request.auth, "manage_photos")
    import datetime as dt

    on = None
    if taken_on:
        try:
            on = dt.date.fromisoformat(taken_on)
        except ValueError:
            raise ValidationError(
                {"taken_on": _("日期应为 2013-12-31 这样的格式。")}
            ) from None
    photo = services.photo_add(
        by=request.auth,
        organization=_org(request, "organization", organization),
        upload=image,
        caption=caption,
        year=year,
        taken_on=on,
        event=referenced("event", event_get, user=request.auth, pk=event)
        if event
        else None,
        people_text=people_text,
    )
    return Status(201, _photo(request, photo.pk))


@router.get(
    "/photos/{photo_id}", response={200: PhotoOut, **READ_ERRORS}, summary="照片详情"
)
def get_photo(request: HttpRequest, photo_id: PathId) -> Photo:
    return _photo(request, photo_id)


@router.patch(
    "/photos/{photo_id}",
    response={200: PhotoOut, **WRITE_ERRORS},
    summary="修改照片信息",
)
def update_photo(
    request: HttpRequest, photo_id: PathId, payload: PhotoUpdateIn
) -> Photo:
    photo = _photo(request, photo_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    if "event" in data:
        data["event"] = (
            referenced("event", event_get, user=request.auth, pk=data["event"])
            if data["event"]
            else None
        )
    if data.get("people") is not None:
        data["people"] = [_member(request, "people", pk) for pk in data["people"]]
    if data.get("organizations") is not None:
        data["organizations"] = [
            _org(request, "organizations", pk) for pk in data["organizations"]
        ]
    services.photo_update(photo=photo, by=request.auth, version=version, **data)
    return _photo(request, photo_id)


@router.delete(
    "/photos/{photo_id}", response={204: None, **WRITE_ERRORS}, summary="删除照片"
)
def delete_photo(request: HttpRequest, photo_id: PathId):
    photo = _photo(request, photo_id)
    with transaction.atomic():
        services.photo_delete(photo=photo, by=request.auth)
    return Status(204, None)


@router.get(
    "/photos/{photo_id}/image",
    response={200: None, **READ_ERRORS},
    summary="照片文件",
    url_name="activities_photo_image",
)
def photo_image(request: HttpRequest, photo_id: PathId) -> FileResponse:
    photo = _photo(request, photo_id)
    try:
        handle = files.resolve(photo.stored_name).open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(handle, content_type=photo.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response
