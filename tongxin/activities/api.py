"""API router: events, series, sign-up and attendance; social-service programs,
their activities and donations; funds; the photo archive.

Reads go through ``tongxin.activities.selectors`` (a record outside the user's
reach answers 404 as if it did not exist), writes through
``tongxin.activities.services``, which check the policy and answer bad input
with Chinese messages by field; a refused request changes nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field as NinjaField
from ninja import Query, Router, Schema, Status

from tongxin.activities import services
from tongxin.activities.api_social import _member, _org
from tongxin.activities.api_social import router as social_router
from tongxin.activities.models import (
    Event,
    EventKind,
    Series,
    Signup,
)
from tongxin.activities.policies import policy
from tongxin.activities.schemas import (
    AttendanceBulkIn,
    AttendanceBulkOut,
    AttendanceIn,
    AttendanceMarkOut,
    AttendanceOut,
    CheckinIn,
    CheckinTokenOut,
    EventCancelIn,
    EventCreateIn,
    EventDetailOut,
    EventPageOut,
    EventUpdateIn,
    ScanIn,
    ScanOut,
    SeriesCreateIn,
    SeriesDetailOut,
    SeriesOut,
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
    member_series_streak,
    own_attendance,
    own_signup,
    series_editions,
    series_get,
    series_list,
    series_streak,
    signup_get,
    signup_list,
)
from tongxin.core.pagination import decode_cursor, keyset_page
from tongxin.core.schemas import READ_ERRORS, WRITE_ERRORS, Id, PathId, referenced
from tongxin.members.names import candidate_label, resolve_names
from tongxin.members.selectors import member_get
from tongxin.orgs.models import Department
from tongxin.orgs.selectors import department_list

router = Router(tags=["activities"])

MAX_PAGE_SIZE = 200


def _event(request: HttpRequest, event_id: int) -> Event:
    return event_get(user=request.auth, pk=event_id)


def _event_detail(request: HttpRequest, event_id: int) -> Event:
    event = _event(request, event_id)
    mine = own_signup(user=request.auth, event=event)
    event.my_signup = mine.status if mine else None
    event.my_attendance = own_attendance(user=request.auth, event=event) is not None
    return event


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


router.add_router("", social_router)
