"""Every write to events, series, sign-ups and attendance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.activities.models import (
    Attendance,
    Event,
    EventAttachment,
    EventKind,
    Signup,
    new_checkin_nonce,
)
from tongxin.activities.policies import policy
from tongxin.activities.services import announce
from tongxin.activities.services.reminders import signup_notify
from tongxin.activities.services.values import aware
from tongxin.core import files, tree
from tongxin.core.errors import PermissionDenied, ServiceError, ValidationError
from tongxin.core.policies import require
from tongxin.core.services import check_version, save_with_history
from tongxin.members.models import Member
from tongxin.members.policies import policy as member_policy
from tongxin.orgs.models import Department, Organization
from tongxin.orgs.services import check_org_existed

#: QR check-in opens this long before the start and closes this long after the end.
CHECKIN_OPENS_BEFORE = dt.timedelta(hours=2)
CHECKIN_CLOSES_AFTER = dt.timedelta(hours=4)
#: Staff may take attendance from this long before the start.
ATTENDANCE_OPENS_BEFORE = dt.timedelta(hours=2)
CHECKIN_SALT = "tongxin.activities.checkin"

#: Event fields a caller may set with :func:`event_create` / :func:`event_update`.
EVENT_FIELDS = frozenset(
    {
        "title",
        "kind",
        "start_at",
        "end_at",
        "place",
        "capacity",
        "allows_signup",
        "signup_deadline",
        "description",
        "series",
        "edition",
    }
)


def _now() -> dt.datetime:
    return timezone.now()


def _local(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def _check_org_open(
    org: Organization, field: str = "organization", on: dt.date | None = None
) -> None:
    check_org_existed(org, field=field, on=on)


def _event_day(event: Event) -> dt.date | None:
    if isinstance(event.start_at, dt.datetime):
        return timezone.localtime(event.start_at).date()
    return None


# --- events ------------------------------------------------------------------------


def _check_series(event: Event) -> None:
    if event.series_id is None:
        return
    series = event.series
    if not tree.is_within(event.path, series.path):
        raise ValidationError(
            {
                "series": _(
                    "系列“%(series)s”属于“%(owner)s”，本活动的主办组织应为它或它的下级组织。"
                )
                % {"series": series.name, "owner": series.organization.name}
            }
        )


def _apply_fields(event: Event, fields: dict) -> None:
    unknown = set(fields) - EVENT_FIELDS
    if unknown:
        raise ServiceError(_("不能直接修改字段：%s") % ", ".join(sorted(unknown)))
    for key, value in fields.items():
        if key in ("start_at", "end_at", "signup_deadline"):
            value = aware(value)
        elif key in ("title", "place"):
            value = (value or "").strip()
        elif key == "description":
            value = value or ""
        elif key in ("capacity", "edition", "series") and value == "":
            value = None
        setattr(event, key, value)
    errors = {}
    if event.kind not in EventKind.values:
        errors["kind"] = _("活动类型无效，请从列表中选择。")
    for key, message in (
        ("capacity", _("名额应为正整数；不限名额请留空。")),
        ("edition", _("届次应为正整数，如第十一届填 11。")),
    ):
        value = getattr(event, key)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value < 1
        ):
            errors[key] = message
    if event.series_id is None and event.edition is not None:
        errors["edition"] = _("届次只用于系列活动，请先选择所属系列。")
    if errors:
        raise ValidationError(errors)


def _set_organizers(
    event: Event,
    co_organizers: Iterable[Organization] | None,
    departments: Iterable[Department] | None,
) -> None:
    if co_organizers is not None:
        orgs = list(co_organizers)
        day = _event_day(event)
        for org in orgs:
            if org.closed_on is not None and not (day and org.existed_on(day)):
                raise ValidationError(
                    {"co_organizers": _("组织“%s”已撤销，不能协办活动。") % org.name}
                )
        event.co_organizers.set([o for o in orgs if o.pk != event.organization_id])
    if departments is not None:
        deps = list(departments)
        for dep in deps:
            if dep.closed_on is not None:
                raise ValidationError({"departments": _("部室“%s”已撤销。") % dep.name})
        event.departments.set(deps)


@transaction.atomic
def event_create(
    *,
    by,
    organization: Organization,
    title: str,
    kind: str,
    start_at: dt.datetime,
    end_at: dt.datetime,
    co_organizers: Iterable[Organization] = (),
    departments: Iterable[Department] = (),
    **fields,
) -> Event:
    """Create an event organized by ``organization`` (and co-organizers).

    Other fields: ``place``, ``capacity`` (None for no limit),
    ``allows_signup``, ``signup_deadline`` (None: sign-ups close at the
    start), ``description``, ``series`` and ``edition``.
    """
    organization = Organization.objects.get(pk=organization.pk)
    require(policy, by, "manage", organization)
    event = Event(
        organization=organization,
        path=organization.path,
        created_by=by if getattr(by, "pk", None) else None,
    )
    _apply_fields(
        event,
        {
            "title": title,
            "kind": kind,
            "start_at": start_at,
            "end_at": end_at,
            **fields,
        },
    )
    # An event held before its organizer closed may be entered afterwards.
    _check_org_open(organization, on=_event_day(event))
    _check_series(event)
    save_with_history(event, by=by, reason=_("新建活动"))
    # A new event has no organizers to clear: skip the queries for empty lists.
    co_organizers, departments = list(co_organizers), list(departments)
    _set_organizers(event, co_organizers or None, departments or None)
    announce.event_published(event=event, by=by)
    return event


@transaction.atomic
def event_update(
    *,
    event: Event,
    by,
    version: int | None = None,
    co_organizers: Iterable[Organization] | None = None,
    departments: Iterable[Department] | None = None,
    **fields,
) -> Event:
    """Change an event; a larger capacity promotes people from the waiting list.

    The capacity cannot drop below the number of confirmed sign-ups.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    require(policy, by, "manage", event)
    if event.is_cancelled:
        raise ServiceError(_("活动已取消，不能再修改。"))
    check_version(event, version)
    day_before = _attended_on(event)
    _apply_fields(event, fields)
    _check_series(event)
    confirmed = _confirmed_count(event)
    if event.capacity is not None and event.capacity < confirmed:
        raise ValidationError(
            {
                "capacity": _("已有 %d 人报名确认，名额不能少于此数。") % confirmed,
            }
        )
    save_with_history(event, by=by, reason=_("修改活动"))
    if _attended_on(event) != day_before:
        # Attendance is dated by the event's day: a moved event moves it too.
        Attendance.objects.filter(event=event).update(attended_on=_attended_on(event))
    _set_organizers(event, co_organizers, departments)
    _promote(event, by=by)
    return event


@transaction.atomic
def event_cancel(
    *, event: Event, by, reason: str = "", version: int | None = None
) -> Event:
    """Cancel an event; its sign-ups stay on record, new ones are refused."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    require(policy, by, "manage", event)
    if event.is_cancelled:
        raise ServiceError(_("活动已于 %s 取消。") % _local(event.cancelled_at))
    check_version(event, version)
    event.status = Event.Status.CANCELLED
    event.cancelled_at = _now()
    event.cancel_reason = (reason or "").strip()
    save_with_history(event, by=by, reason=_("取消活动"))
    announce.event_cancelled(event=event, by=by)
    return event


@transaction.atomic
def event_rotate_checkin(*, event: Event, by) -> Event:
    """Issue a new check-in QR code; the old one stops working."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    require(policy, by, "manage", event)
    event.checkin_nonce = new_checkin_nonce()
    save_with_history(event, by=by, reason=_("更换签到二维码"))
    return event


@transaction.atomic
def event_attachment_add(
    *, event: Event, by, upload, title: str = ""
) -> EventAttachment:
    """Attach a PDF, Office document or image to an event, checked by content."""
    event = Event.objects.get(pk=event.pk)
    require(policy, by, "manage", event)
    checked = files.check_attachment(upload)
    name = files.new_name("attachments", checked.extension)
    attachment = EventAttachment(
        event=event,
        path=event.path,
        title=(title or "").strip() or checked.original_name or _("附件"),
        stored_name=name,
        content_type=checked.content_type,
        size=len(checked.data),
        uploaded_by=by if getattr(by, "pk", None) else None,
    )
    attachment.full_clean()
    files.write(name, checked.data)
    try:
        save_with_history(attachment, by=by, reason=_("上传附件"))
    except BaseException:
        files.remove(name)
        raise
    return attachment


# --- sign-ups ------------------------------------------------------------------------


def _confirmed_count(event: Event) -> int:
    return Signup.objects.filter(event=event, status=Signup.Status.CONFIRMED).count()


def _promote(event: Event, *, by) -> list[Signup]:
    """Fill free places from the waiting list, first come first served.

    The caller holds the event row locked (``select_for_update``).
    """
    if event.is_cancelled:
        return []
    waiting = (
        Signup.objects.select_for_update()
        .filter(event=event, status=Signup.Status.WAITING)
        .order_by("queued_at", "id")
    )
    if event.capacity is not None:
        free = event.capacity - _confirmed_count(event)
        if free <= 0:
            return []
        waiting = waiting[:free]
    now = _now()
    promoted: list[Signup] = []
    for signup in waiting:
        signup.status = Signup.Status.CONFIRMED
        signup.promoted_at = now
        save_with_history(signup, by=by, reason=_("候补转为正式报名"))
        promoted.append(signup)
    return promoted


def _check_signup_open(event: Event) -> None:
    if event.is_cancelled:
        raise ServiceError(_("活动“%s”已取消，不能报名。") % event.title)
    if not event.allows_signup:
        raise ServiceError(_("活动“%s”不接受报名。") % event.title)
    closes = event.signup_closes_at
    if _now() > closes:
        raise ServiceError(_("报名已于 %s 截止。") % _local(closes))


@transaction.atomic
def signup_create(*, event: Event, member: Member | None = None, by) -> Signup:
    """Sign ``member`` up for ``event``; a full event puts them on the waiting list.

    Without ``member`` the user signs up themselves (refused on ``member`` for
    an account without a member record).

    A member signs up only themselves; staff and heads sign up the members of
    their subtree.  The event row is locked so that two people cannot take the
    last place at once.
    """
    event = (
        Event.objects.select_for_update()
        .select_related("organization")
        .get(pk=event.pk)
    )
    if member is None:
        if not getattr(by, "member_id", None):
            raise ValidationError(
                {"member": _("您的账户没有关联会员记录，请指明为哪位会员报名。")}
            )
        member = by.member
    member = Member.objects.get(pk=member.pk)
    own = getattr(by, "member_id", None) == member.pk
    if not member.is_active:
        raise ServiceError(_("“%s”不是在册会员，不能报名。") % member.name)
    if not policy.is_open_to(event, member):
        raise PermissionDenied(
            _("活动“%(event)s”只对“%(org)s”及其下级组织的会员开放。")
            % {"event": event.title, "org": event.organization.name}
        )
    if not policy.can_signup(by, event, member):
        if getattr(by, "member_id", None) and not own:
            raise PermissionDenied(_("您只能为自己报名。"))
        raise PermissionDenied(_("您无权为“%s”报名。") % member.name)
    _check_signup_open(event)
    signup = (
        Signup.objects.select_for_update().filter(event=event, member=member).first()
    )
    if signup is not None and signup.status != Signup.Status.CANCELLED:
        who = _("您") if own else member.name
        if signup.status == Signup.Status.WAITING:
            raise ServiceError(_("%s已在候补名单中，不能重复报名。") % who)
        raise ServiceError(_("%s已报名此活动，不能重复报名。") % who)
    full = event.capacity is not None and _confirmed_count(event) >= event.capacity
    if signup is None:
        signup = Signup(event=event, member=member)
    signup.status = Signup.Status.WAITING if full else Signup.Status.CONFIRMED
    signup.queued_at = _now()
    signup.promoted_at = None
    signup.cancelled_at = None
    signup.org_path = member.org_path
    signup.event_path = event.path
    signup.signed_up_by = by if getattr(by, "pk", None) else None
    reason = _("报名（候补）") if full else _("报名")
    if not own:
        reason += _("，由工作人员代报")
    save_with_history(signup, by=by, reason=reason)
    signup_notify(signup)
    return signup


@transaction.atomic
def signup_create_many(*, event: Event, members: Iterable[Member], by) -> list[Signup]:
    """Sign up several members at once (staff, heads): all of them or none.

    Each refusal is reported with the member's name, and nothing is written
    unless every sign-up succeeds.
    """
    done: list[Signup] = []
    errors: list[str] = []
    for member in members:
        try:
            with transaction.atomic():
                done.append(signup_create(event=event, member=member, by=by))
        except (ServiceError, PermissionDenied, ValidationError) as e:
            text = (
                e.message
                if isinstance(e, ServiceError)
                else "".join(getattr(e, "messages", None) or [str(e)])
            )
            errors.append(f"{member.name}：{text}")
    if errors:
        raise ValidationError({"members": errors})
    return done


@transaction.atomic
def signup_cancel(*, signup: Signup, by) -> list[Signup]:
    """Cancel a sign-up; a freed place goes to the first on the waiting list.

    Return the sign-ups promoted from the waiting list.
    """
    event = Event.objects.select_for_update().get(pk=signup.event_id)
    signup = (
        Signup.objects.select_for_update().select_related("member").get(pk=signup.pk)
    )
    signup.event = event
    if not policy.can_cancel_signup(by, signup):
        raise PermissionDenied(_("您只能取消自己的报名。"))
    if signup.status == Signup.Status.CANCELLED:
        raise ServiceError(_("该报名已经取消。"))
    if _now() >= event.start_at:
        raise ServiceError(_("活动已经开始，不能再取消报名。"))
    was_confirmed = signup.status == Signup.Status.CONFIRMED
    signup.status = Signup.Status.CANCELLED
    signup.cancelled_at = _now()
    own = getattr(by, "member_id", None) == signup.member_id
    save_with_history(
        signup, by=by, reason=_("取消报名") if own else _("工作人员取消报名")
    )
    return _promote(event, by=by) if was_confirmed else []


# --- attendance ----------------------------------------------------------------------


def _attended_on(event: Event) -> dt.date:
    return timezone.localdate(event.start_at)


def _new_attendance(
    event: Event,
    member: Member,
    *,
    method: str,
    walk_in: bool,
    by,
    on: dt.date | None = None,
) -> Attendance:
    return Attendance(
        event=event,
        member=member,
        attended_on=on or _attended_on(event),
        method=method,
        walk_in=walk_in,
        org_path=member.org_path,
        event_path=event.path,
        recorded_by=by if getattr(by, "pk", None) else None,
    )


def _is_walk_in(event: Event, member: Member, confirmed: set[int]) -> bool:
    """A walk-in came without a confirmed sign-up to an event that takes them."""
    return event.allows_signup and member.pk not in confirmed


def _confirmed_members(event: Event) -> set[int]:
    return set(
        Signup.objects.filter(event=event, status=Signup.Status.CONFIRMED).values_list(
            "member_id", flat=True
        )
    )


@transaction.atomic
def attendance_mark(
    *, event: Event, members: Iterable[Member], by, method: str | None = None
) -> list[Attendance]:
    """Record that ``members`` attended ``event``; return the new rows.

    Members already recorded are left as they are.  At an event that takes
    sign-ups, a member without a confirmed one is recorded as a walk-in
    (flagged).  Besides people on
    the sign-up list, only members the user may see can be recorded.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    require(policy, by, "manage", event)
    if event.is_cancelled:
        raise ServiceError(_("活动已取消，不能签到。"))
    if _now() < event.start_at - ATTENDANCE_OPENS_BEFORE:
        raise ServiceError(_("活动 %s 开始，现在还不能签到。") % _local(event.start_at))
    members = list(members)
    listed = set(
        Signup.objects.filter(event=event)
        .exclude(status=Signup.Status.CANCELLED)
        .values_list("member_id", flat=True)
    )
    confirmed = _confirmed_members(event)
    done = set(
        Attendance.objects.filter(
            event=event, member_id__in=[m.pk for m in members]
        ).values_list("member_id", flat=True)
    )
    created: list[Attendance] = []
    seen: set[int] = set()
    for member in members:
        if member.pk in done or member.pk in seen:
            continue
        seen.add(member.pk)
        if member.pk not in listed and not member_policy.can(by, "view", member):
            raise PermissionDenied(_("您无权为“%s”登记签到。") % member.name)
        walk_in = _is_walk_in(event, member, confirmed)
        chosen = method or (
            Attendance.Method.WALK_IN if walk_in else Attendance.Method.LIST
        )
        attendance = _new_attendance(
            event, member, method=chosen, walk_in=walk_in, by=by
        )
        save_with_history(
            attendance,
            by=by,
            reason=_("现场登记（未报名）") if walk_in else _("按名单签到"),
        )
        created.append(attendance)
    return created


@transaction.atomic
def attendance_remove(*, event: Event, member: Member, by) -> None:
    """Remove a member's attendance recorded by mistake."""
    from tongxin.audit.services import audit_model_delete

    event = Event.objects.select_for_update().get(pk=event.pk)
    require(policy, by, "manage", event)
    attendance = Attendance.objects.filter(event=event, member=member).first()
    if attendance is None:
        raise ServiceError(_("“%s”没有签到记录。") % member.name)
    attendance._history_user = by if getattr(by, "pk", None) else None
    attendance._change_reason = _("撤销签到")
    audit_model_delete(attendance, by=by, reason=_("撤销签到"))
    attendance.delete()


@transaction.atomic
def attendance_take(
    *, event: Event, by, present: Iterable[Member], absent: Iterable[Member] = ()
) -> tuple[list[Attendance], int]:
    """Take attendance from the sheet: mark ``present``, remove ``absent``.

    Return the new rows and the number removed; all or nothing.
    """
    created = attendance_mark(event=event, members=present, by=by)
    removed = 0
    recorded = set(
        Attendance.objects.filter(event=event).values_list("member_id", flat=True)
    )
    for member in absent:
        if member.pk in recorded:
            attendance_remove(event=event, member=member, by=by)
            removed += 1
    return created, removed


def checkin_token(event: Event) -> str:
    """Return the signed token of the event's check-in QR code."""
    return signing.dumps([event.pk, event.checkin_nonce], salt=CHECKIN_SALT)


def event_from_token(token: str) -> Event:
    """Return the event a check-in token names, or raise ``ServiceError``."""
    invalid = ServiceError(
        _("签到二维码无效或已更换，请重新扫描现场的二维码，或联系工作人员。")
    )
    try:
        pk, nonce = signing.loads(token, salt=CHECKIN_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise invalid from None
    event = Event.objects.select_related("organization").filter(pk=pk).first()
    if event is None or event.checkin_nonce != nonce:
        raise invalid
    return event


@transaction.atomic
def attendance_checkin(*, token: str, by) -> Attendance:
    """Check the logged-in member in to the event of a scanned QR code."""
    event = event_from_token(token)
    event = (
        Event.objects.select_for_update()
        .select_related("organization")
        .get(pk=event.pk)
    )
    member = by.member if getattr(by, "member_id", None) else None
    if member is None:
        raise ServiceError(
            _("您的账户没有关联会员记录，不能扫码签到，请联系工作人员登记。")
        )
    if not member.is_active:
        raise ServiceError(_("只有在册会员可以签到。"))
    if not policy.is_open_to(event, member):
        raise PermissionDenied(
            _("活动“%(event)s”只对“%(org)s”及其下级组织的会员开放。")
            % {"event": event.title, "org": event.organization.name}
        )
    if event.is_cancelled:
        raise ServiceError(_("活动已取消，不能签到。"))
    now = _now()
    opens = event.start_at - CHECKIN_OPENS_BEFORE
    closes = event.end_at + CHECKIN_CLOSES_AFTER
    if not opens <= now <= closes:
        raise ServiceError(
            _("扫码签到时间为 %(opens)s 至 %(closes)s。")
            % {"opens": _local(opens), "closes": _local(closes)}
        )
    existing = Attendance.objects.filter(event=event, member=member).first()
    if existing is not None:
        raise ServiceError(
            _("您已于 %s 签到，无需重复签到。") % _local(existing.recorded_at)
        )
    walk_in = _is_walk_in(event, member, _confirmed_members(event))
    attendance = _new_attendance(
        event, member, method=Attendance.Method.QR, walk_in=walk_in, by=by
    )
    save_with_history(
        attendance,
        by=by,
        reason=_("扫码签到（未报名）") if walk_in else _("扫码签到"),
    )
    return attendance


def attendance_opens_at(event: Event) -> dt.datetime:
    """When staff may start recording attendance: two hours before the start."""
    return event.start_at - ATTENDANCE_OPENS_BEFORE


def attendance_is_open(event: Event) -> bool:
    return not event.is_cancelled and _now() >= attendance_opens_at(event)


def attendance_not_open_reason(event: Event) -> str:
    """Why attendance cannot be recorded yet, in Chinese ('' once it can)."""
    if event.is_cancelled:
        return _("活动已取消，不能签到。")
    if _now() < attendance_opens_at(event):
        return _(
            "活动 %(start)s 开始，%(opens)s 起才能登记签到；"
            "在此之前请为会员报名，活动开始后再按名单签到。"
        ) % {
            "start": _local(event.start_at),
            "opens": _local(attendance_opens_at(event)),
        }
    return ""


@dataclass
class BulkAttendance:
    """What a bulk recording did: the rows created and the members skipped
    because they were already recorded."""

    created: list[Attendance]
    already: int


@transaction.atomic
def attendance_record_many(
    *, event: Event, members: Iterable[Member], by, method: str = Attendance.Method.LIST
) -> BulkAttendance:
    """Record that many members attended ``event``, at once or after the fact.

    The one bulk write behind a pasted list, an imported sign-in sheet and the
    API: from two hours before the start, at any time afterwards.  Members
    already recorded are skipped; a member without a confirmed sign-up to an
    event that takes them is flagged as a walk-in.  Besides people on the
    sign-up list, only members the user may see can be recorded.  All or
    nothing; one audit event lists the members (no history row per
    attendance: a list is one fact).
    """
    from tongxin.audit.services import audit_record

    event = Event.objects.select_for_update().get(pk=event.pk)
    require(policy, by, "manage", event)
    if reason := attendance_not_open_reason(event):
        raise ServiceError(reason)
    if method not in Attendance.Method.values:
        raise ServiceError(_("签到方式无效。"))
    members = list({m.pk: m for m in members}.values())
    done = set(
        Attendance.objects.filter(
            event=event, member_id__in=[m.pk for m in members]
        ).values_list("member_id", flat=True)
    )
    listed = set(
        Signup.objects.filter(event=event)
        .exclude(status=Signup.Status.CANCELLED)
        .values_list("member_id", flat=True)
    )
    visible = set(
        member_policy.visible(
            by, Member.objects.filter(pk__in=[m.pk for m in members])
        ).values_list("pk", flat=True)
    )
    confirmed = _confirmed_members(event)
    on = _attended_on(event)
    rows, refused = [], []
    for member in members:
        if member.pk in done:
            continue
        if member.pk not in listed and member.pk not in visible:
            refused.append(member.name)
            continue
        rows.append(
            _new_attendance(
                event,
                member,
                method=method,
                walk_in=_is_walk_in(event, member, confirmed),
                by=by,
                on=on,
            )
        )
    if refused:
        raise PermissionDenied(
            _("您无权为“%s”登记签到。") % "、".join(refused[:10])
            + (_("等 %d 人") % len(refused) if len(refused) > 10 else "")
        )
    if rows:
        # The references were checked above; validating them again would cost
        # two queries a row.
        for row in rows:
            row.full_clean(
                exclude=["event", "member", "recorded_by"],
                validate_unique=False,
                validate_constraints=False,
            )
        Attendance.objects.bulk_create(rows, batch_size=1000)
        audit_record(
            action="import" if method == Attendance.Method.IMPORT else "create",
            obj=event,
            detail={
                "attendance": len(rows),
                "method": method,
                "members": [a.member_id for a in rows],
            },
            actor=by,
        )
    return BulkAttendance(created=rows, already=len(done))


def attendance_import(*, event: Event, members: Iterable[Member], by) -> int:
    """Record the attendance of an event from its paper sign-in sheet, in bulk;
    return the number of new rows (see :func:`attendance_record_many`)."""
    return len(
        attendance_record_many(
            event=event, members=members, by=by, method=Attendance.Method.IMPORT
        ).created
    )
