"""Pages of events: list, detail, edit, sign-up, attendance, QR check-in, series."""

from __future__ import annotations

import datetime as dt

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tongxin.activities import exports, services
from tongxin.activities.forms import (
    AttachmentForm,
    AttendanceNamesForm,
    AttendanceSheetForm,
    EventCancelForm,
    EventCreateForm,
    EventEditForm,
    ScanForm,
    SeriesForm,
    SignupOthersForm,
    WalkInForm,
)
from tongxin.activities.models import (
    Attendance,
    Event,
    EventAttachment,
    EventKind,
    Series,
    Signup,
)
from tongxin.activities.policies import policy
from tongxin.activities.selectors import (
    EventFilters,
    attachment_get,
    attendance_by_year,
    attendance_sheet,
    attended_member,
    event_attachments,
    event_get,
    event_list,
    events_attended,
    member_series_streak,
    my_signups,
    own_attendance,
    own_signup,
    photo_list,
    series_editions,
    series_get,
    series_list,
    series_loyal_members,
    series_next_edition,
    series_streak,
    signup_get,
    signup_list,
)
from tongxin.activities.signin_sheet import read_signin_sheet
from tongxin.activities.views.common import (
    REFUSALS,
    managed_orgs,
    report,
    require_somewhere,
)
from tongxin.core import files
from tongxin.core.errors import ServiceError
from tongxin.core.routers import replica_reads
from tongxin.members.names import choices_from, resolve_names
from tongxin.members.selectors import member_queryset
from tongxin.orgs.selectors import department_list, org_filter_choices, org_list


def _event(request: HttpRequest, pk: int, action: str = "view") -> Event:
    """Return an event the user may see; 403 unless ``action`` is allowed."""
    try:
        event = event_get(user=request.user, pk=pk)
    except Event.DoesNotExist:
        raise Http404(_("活动不存在或您无权查看。")) from None
    if action != "view" and not policy.can(request.user, action, event):
        raise PermissionDenied(_("您没有权限执行此操作。"))
    return event


def _year(value: str | None) -> int | None:
    if value and value.isdigit() and 1900 <= int(value) <= 2100:
        return int(value)
    return None


@login_required
@require_GET
def event_list_view(request: HttpRequest) -> HttpResponse:
    """List the events the user may see: upcoming first, or by year and kind."""
    user = request.user
    params = request.GET
    when = params.get("when") or ("all" if params.get("year") else "upcoming")
    series = None
    if (sid := params.get("series", "")).isdigit():
        series = series_list(user=user).filter(pk=int(sid)).first()
    filters = EventFilters(
        year=_year(params.get("year")),
        kind=params.get("kind") if params.get("kind") in EventKind.values else None,
        series=series,
        q=(params.get("q") or "").strip()[:50] or None,
        when=when if when in ("upcoming", "past", "all") else "upcoming",
    )
    events = list(event_list(user=user, filters=filters)[:200])
    this_year = timezone.localdate().year
    return render(
        request,
        "activities/event_list.html",
        {
            "events": events,
            "now": timezone.now(),
            "filters": filters,
            "kinds": EventKind.choices,
            "years": range(this_year + 1, 1999, -1),
            "can_add": bool(policy.scopes(user, "manage")),
            "can_stats": policy.can(user, "view_stats"),
            "params": params,
        },
    )


@login_required
@require_GET
def my_events(request: HttpRequest) -> HttpResponse:
    """Show the user's own sign-ups and the events they attended."""
    member = request.user.member if request.user.member_id else None
    attended = events_attended(member=member, user=request.user)[:100] if member else []
    return render(
        request,
        "activities/my_events.html",
        {
            "signups": my_signups(user=request.user),
            "attended": attended,
            "member": member,
        },
    )


def _event_form_choices(request: HttpRequest) -> dict:
    return {
        "series": series_list(user=request.user),
        "organizations": org_list(user=request.user, include_closed=True),
        "departments": department_list(user=request.user),
    }


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    """Create an event in an organization the user manages."""
    require_somewhere(request, "manage")
    choices = _event_form_choices(request)
    managed = managed_orgs(request, "manage", include_closed=True)
    if request.method == "POST":
        form = EventCreateForm(request.POST, managed=managed, **choices)
        if form.is_valid():
            data = form.service_fields()
            try:
                event = services.event_create(
                    by=request.user,
                    organization=form.cleaned_data["organization"],
                    **data,
                )
            except REFUSALS as e:
                report(request, e, form)
            else:
                messages.success(request, _("已创建活动“%s”。") % event.title)
                return redirect(event)
    else:
        initial = {"allows_signup": True}
        if (sid := request.GET.get("series", "")).isdigit():
            try:
                series = series_get(user=request.user, pk=int(sid))
            except Series.DoesNotExist:
                pass
            else:
                initial = series_next_edition(user=request.user, series=series)
                if not managed.filter(pk=initial["organization"]).exists():
                    del initial["organization"]
        form = EventCreateForm(initial=initial, managed=managed, **choices)
    return render(request, "activities/event_form.html", {"form": form, "event": None})


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit an event; a stale version is refused."""
    event = _event(request, pk, "manage")
    choices = _event_form_choices(request)
    if request.method == "POST":
        form = EventEditForm(request.POST, **choices)
        if form.is_valid():
            data = form.service_fields()
            try:
                services.event_update(
                    event=event,
                    by=request.user,
                    version=form.cleaned_data["version"],
                    **data,
                )
            except REFUSALS as e:
                report(request, e, form)
            else:
                messages.success(request, _("已保存。"))
                return redirect(event)
    else:
        form = EventEditForm(initial=EventEditForm.initial_for(event), **choices)
    return render(request, "activities/event_form.html", {"form": form, "event": event})


@login_required
@require_http_methods(["GET", "POST"])
def event_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel an event with a reason."""
    event = _event(request, pk, "manage")
    if request.method == "POST":
        form = EventCancelForm(request.POST)
        if form.is_valid():
            try:
                services.event_cancel(
                    event=event,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                    version=form.cleaned_data["version"],
                )
            except REFUSALS as e:
                report(request, e, form)
            else:
                messages.success(request, _("活动已取消。"))
                return redirect(event)
    else:
        form = EventCancelForm(initial={"version": event.version})
    return render(
        request, "activities/event_cancel.html", {"form": form, "event": event}
    )


def checkin_url(request: HttpRequest, event: Event) -> str:
    return request.build_absolute_uri(
        reverse("activities:checkin", args=[services.checkin_token(event)])
    )


def qr_svg(url: str, *, scale: int = 5) -> str:
    """Return an inline SVG QR code of ``url``."""
    # segno draws the SVG itself from the URL's bits: no user text is embedded.
    return mark_safe(
        segno.make(url, error="m").svg_inline(scale=scale, border=2, dark="#111")
    )


@login_required
@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show an event: details, sign-up for the user, lists for its managers."""
    event = _event(request, pk)
    user = request.user
    now = timezone.now()
    can_manage = policy.can(user, "manage", event)
    can_view_list = policy.can(user, "view_attendance", event)
    mine = own_signup(user=user, event=event)
    context = {
        "event": event,
        "now": now,
        "signup": mine if mine and mine.status != Signup.Status.CANCELLED else None,
        "attendance": own_attendance(user=user, event=event),
        "can_self_signup": policy.can_self_signup(user, event),
        "signup_open": (
            not event.is_cancelled
            and event.allows_signup
            and now <= event.signup_closes_at
        ),
        "can_cancel_own": mine is not None and now < event.start_at,
        "can_manage": can_manage,
        "can_view_list": can_view_list,
        "can_signup_others": bool(policy.scopes(user, "signup_others"))
        and not event.is_cancelled,
        "attachments": event_attachments(event=event),
        "photos": photo_list(user=user, event=event)[:12],
        "attachment_form": AttachmentForm() if can_manage else None,
    }
    if can_view_list:
        signups = list(
            signup_list(
                user=user,
                event=event,
                statuses=[Signup.Status.CONFIRMED, Signup.Status.WAITING],
            )
        )
        context["confirmed"] = [
            s for s in signups if s.status == Signup.Status.CONFIRMED
        ]
        context["waiting"] = [s for s in signups if s.status == Signup.Status.WAITING]
    if (
        can_manage
        and not event.is_cancelled
        and now <= event.end_at + dt.timedelta(hours=4)
    ):
        url = checkin_url(request, event)
        context["checkin_url"] = url
        context["qr"] = qr_svg(url, scale=4)
    return render(request, "activities/event_detail.html", context)


@login_required
@require_POST
def signup_self(request: HttpRequest, pk: int) -> HttpResponse:
    """Sign the logged-in member up for the event."""
    event = _event(request, pk)
    member = request.user.member if request.user.member_id else None
    if member is None:
        raise PermissionDenied(_("您的账户没有关联会员记录，不能报名。"))
    try:
        signup = services.signup_create(event=event, member=member, by=request.user)
    except REFUSALS as e:
        report(request, e)
    else:
        if signup.status == Signup.Status.WAITING:
            messages.warning(
                request, _("名额已满，您已进入候补名单；有人取消时将按顺序递补。")
            )
        else:
            messages.success(request, _("报名成功。"))
    return redirect(event)


@login_required
@require_http_methods(["GET", "POST"])
def signup_others(request: HttpRequest, pk: int) -> HttpResponse:
    """Sign up members of the user's subtree (staff and heads)."""
    event = _event(request, pk)
    require_somewhere(request, "signup_others")
    if request.method == "POST":
        form = SignupOthersForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                done = services.signup_create_many(
                    event=event, members=form.cleaned_data["members"], by=request.user
                )
            except REFUSALS as e:
                report(request, e, form)
            else:
                names = [
                    s.member.name
                    + (_("（候补）") if s.status == Signup.Status.WAITING else "")
                    for s in done
                ]
                messages.success(request, _("已报名：%s。") % "、".join(names))
                return redirect(event)
    else:
        form = SignupOthersForm(user=request.user)
    return render(
        request, "activities/signup_others.html", {"form": form, "event": event}
    )


@login_required
@require_POST
def signup_cancel(request: HttpRequest, pk: int, signup_pk: int) -> HttpResponse:
    """Cancel a sign-up: the member's own, or one the user manages."""
    event = _event(request, pk)
    try:
        signup = signup_get(user=request.user, event=event, pk=signup_pk)
    except Signup.DoesNotExist:
        raise Http404(_("报名记录不存在或您无权查看。")) from None
    try:
        promoted = services.signup_cancel(signup=signup, by=request.user)
    except REFUSALS as e:
        report(request, e)
    else:
        messages.success(request, _("已取消 %s 的报名。") % signup.member.name)
        if promoted:
            messages.info(
                request,
                _("候补的 %s 已转为正式报名。")
                % "、".join(s.member.name for s in promoted),
            )
    return redirect(event)


# --- attendance -------------------------------------------------------------------------


def _listed(sheet: list) -> list:
    """The rows the attendance page and its export list: a cancelled sign-up
    only if the member came all the same."""
    return [
        r
        for r in sheet
        if not (r.signup and r.signup.status == Signup.Status.CANCELLED) or r.attendance
    ]


def _attendance_page(
    request: HttpRequest, event: Event, *, status: int = 200, **extra
) -> HttpResponse:
    can_manage = policy.can(request.user, "manage", event) and not event.is_cancelled
    sheet = attendance_sheet(user=request.user, event=event)
    rows = _listed(sheet)
    not_open = services.attendance_not_open_reason(event) if can_manage else ""
    ticked = extra.pop("ticked", None)
    for r in rows:
        r.ticked = (r.member.pk in ticked) if ticked is not None else bool(r.attendance)
    context = {
        "event": event,
        "rows": rows,
        "present": sum(1 for r in rows if r.attendance),
        "walk_ins": sum(1 for r in rows if r.walk_in),
        "can_manage": can_manage,
        "can_record": can_manage and not not_open,
        "not_open": not_open,
        "names_form": AttendanceNamesForm(),
        "sheet_form": AttendanceSheetForm(),
        **extra,
    }
    return render(request, "activities/attendance.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Take attendance from the sign-up list; more members are added below."""
    event = _event(request, pk, "view_attendance")
    if request.method != "POST":
        return _attendance_page(request, event)
    if not policy.can(request.user, "manage", event):
        raise PermissionDenied(_("您没有权限执行此操作。"))
    sheet = attendance_sheet(user=request.user, event=event)
    present_ids = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
    on_sheet = {row.member.pk: row.member for row in sheet}
    present = [m for pk_, m in on_sheet.items() if pk_ in present_ids]
    absent = [m for pk_, m in on_sheet.items() if pk_ not in present_ids]
    try:
        created, removed = services.attendance_take(
            event=event, by=request.user, present=present, absent=absent
        )
    except REFUSALS as e:
        report(request, e)
        # The ticks stay as the user left them.
        return _attendance_page(request, event, status=400, ticked=present_ids)
    messages.success(
        request,
        _("已保存签到：新增 %(new)d 人，撤销 %(removed)d 人。")
        % {"new": len(created), "removed": removed},
    )
    return redirect("activities:attendance", pk=event.pk)


def _recorded_message(request: HttpRequest, done) -> None:
    if done.already:
        messages.success(
            request,
            _("已登记 %(n)d 人到场；另有 %(m)d 人此前已签到，未重复登记。")
            % {"n": len(done.created), "m": done.already},
        )
    else:
        messages.success(request, _("已登记 %d 人到场。") % len(done.created))


@login_required
@require_POST
def attendance_names(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a pasted list of names or certificate numbers as present.

    A name matching several members comes back as a choice; a name matching
    nobody is listed.  Nothing is recorded until every entry is resolved, and
    the list stays in the box.
    """
    event = _event(request, pk, "manage")
    form = AttendanceNamesForm(request.POST)
    resolution = None
    if form.is_valid():
        resolution = resolve_names(
            user=request.user,
            text=form.cleaned_data["names"],
            choices=choices_from(request.POST),
        )
        if resolution.ok:
            try:
                done = services.attendance_record_many(
                    event=event, members=resolution.members, by=request.user
                )
            except REFUSALS as e:
                report(request, e, form)
            else:
                _recorded_message(request, done)
                return redirect("activities:attendance", pk=event.pk)
    return _attendance_page(
        request, event, status=400, names_form=form, resolution=resolution
    )


@login_required
@require_POST
def attendance_sheet_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """Read an uploaded sign-in sheet and show what it names, row by row."""
    event = _event(request, pk, "manage")
    form = AttendanceSheetForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            reading = read_signin_sheet(
                user=request.user, source=upload.read(), filename=upload.name
            )
        except ServiceError as e:
            form.add_error("file", e.message)
        else:
            return render(
                request,
                "activities/attendance_sheet.html",
                {
                    "event": event,
                    "reading": reading,
                    "filename": upload.name,
                    "errors": reading.problems,
                    "report": reading,
                },
            )
    return _attendance_page(request, event, status=400, sheet_form=form)


@login_required
@require_POST
def attendance_sheet_commit(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the members a previewed sheet named (and the namesakes chosen)."""
    event = _event(request, pk, "manage")
    ids = {int(v) for v in request.POST.getlist("member") if v.isdigit()}
    ids |= set(choices_from(request.POST).values())
    members = list(member_queryset(user=request.user).filter(pk__in=ids))
    if not members or len(members) != len(ids):
        messages.error(
            request,
            _("签到表中的会员已不在您可查看的范围内或没有可登记的会员，请重新上传。"),
        )
        return redirect("activities:attendance", pk=event.pk)
    try:
        done = services.attendance_record_many(
            event=event,
            members=members,
            by=request.user,
            method=Attendance.Method.IMPORT,
        )
    except REFUSALS as e:
        report(request, e)
    else:
        _recorded_message(request, done)
    return redirect("activities:attendance", pk=event.pk)


@login_required
@require_POST
def attendance_walk_in(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a member who came without signing up (flagged as a walk-in)."""
    event = _event(request, pk, "manage")
    form = WalkInForm(request.POST, user=request.user)
    if form.is_valid():
        member = form.cleaned_data["member"]
        try:
            created = services.attendance_mark(
                event=event, members=[member], by=request.user
            )
        except REFUSALS as e:
            report(request, e)
        else:
            if created:
                messages.success(request, _("已登记 %s 到场。") % member.name)
            else:
                messages.info(request, _("%s 已经签到。") % member.name)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("activities:attendance", pk=event.pk)


@login_required
@require_http_methods(["GET", "POST"])
def attendance_scan(request: HttpRequest, pk: int) -> HttpResponse:
    """Scan members' check-in codes (camera or typed) and record them present."""
    event = _event(request, pk, "manage")
    form = ScanForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                done = services.attendance_scan(
                    event=event, code=form.cleaned_data["code"], by=request.user
                )
            except ServiceError as e:
                form.add_error("code", e.message)
            except REFUSALS as e:
                report(request, e, form)
            else:
                if done.already:
                    messages.info(request, done.message)
                else:
                    messages.success(request, done.message)
                return redirect("activities:attendance_scan", pk=event.pk)
    return render(
        request,
        "activities/attendance_scan.html",
        {
            "event": event,
            "form": form,
            "not_open": services.attendance_not_open_reason(event),
            "present": Attendance.objects.filter(event=event).count(),
        },
        status=status,
    )


@login_required
@require_POST
def attendance_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    """Remove one attendance recorded by mistake."""
    event = _event(request, pk, "manage")
    member = attended_member(user=request.user, event=event, member_pk=member_pk)
    if member is None:
        raise Http404(_("没有该会员的签到记录。"))
    try:
        services.attendance_remove(event=event, member=member, by=request.user)
    except REFUSALS as e:
        report(request, e)
    else:
        messages.success(request, _("已撤销 %s 的签到。") % member.name)
    return redirect("activities:attendance", pk=event.pk)


@login_required
@require_GET
def attendance_print(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable sign-in sheet: the list with a signature column."""
    event = _event(request, pk, "view_attendance")
    sheet = [
        r
        for r in attendance_sheet(user=request.user, event=event)
        if r.attendance or (r.signup and r.signup.status == Signup.Status.CONFIRMED)
    ]
    exports.record_export(event=event, user=request.user, rows=len(sheet), fmt="print")
    return render(
        request,
        "activities/attendance_print.html",
        {"event": event, "rows": sheet, "printed_at": timezone.localtime()},
    )


@login_required
@require_GET
def attendance_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Download the sign-up and attendance list as .xlsx: the rows the page lists."""
    event = _event(request, pk, "view_attendance")
    sheet = _listed(attendance_sheet(user=request.user, event=event))
    data = exports.attendance_xlsx(event=event, rows=sheet)
    exports.record_export(event=event, user=request.user, rows=len(sheet), fmt="xlsx")
    return exports.download(data, exports.attendance_filename(event))


@login_required
@require_GET
def event_qr(request: HttpRequest, pk: int) -> HttpResponse:
    """A full-screen check-in QR code to show at the venue."""
    event = _event(request, pk, "manage")
    if event.is_cancelled:
        raise Http404(_("活动已取消。"))
    url = checkin_url(request, event)
    return render(
        request,
        "activities/event_qr.html",
        {"event": event, "qr": qr_svg(url, scale=10), "checkin_url": url},
    )


@login_required
@require_POST
def event_qr_rotate(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue a new check-in QR code; the old one stops working."""
    event = _event(request, pk, "manage")
    try:
        services.event_rotate_checkin(event=event, by=request.user)
    except REFUSALS as e:
        report(request, e)
    else:
        messages.success(request, _("已更换签到二维码，旧二维码失效。"))
    return redirect("activities:event_qr", pk=event.pk)


@login_required
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest, token: str) -> HttpResponse:
    """Check in by QR code: the member opens the link, logs in, and confirms."""
    try:
        event = services.event_from_token(token)
    except ServiceError as e:
        return render(
            request, "activities/checkin.html", {"error": e.message}, status=400
        )
    done = own_attendance(user=request.user, event=event)
    if request.method == "POST" and done is None:
        try:
            done = services.attendance_checkin(token=token, by=request.user)
        except REFUSALS as e:
            message = (
                e.message
                if isinstance(e, ServiceError)
                else " ".join(getattr(e, "messages", None) or [str(e)])
            )
            status = 403 if isinstance(e, PermissionDenied) else 400
            return render(
                request,
                "activities/checkin.html",
                {"event": event, "error": message},
                status=status,
            )
        messages.success(request, _("签到成功。"))
        return redirect("activities:checkin", token=token)
    return render(
        request, "activities/checkin.html", {"event": event, "attendance": done}
    )


# --- attachments -------------------------------------------------------------------------


@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload an attachment (checked by content) to an event."""
    event = _event(request, pk, "manage")
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.event_attachment_add(
                event=event,
                by=request.user,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except REFUSALS as e:
            report(request, e)
        else:
            messages.success(request, _("已上传附件。"))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(event)


@login_required
@require_GET
def attachment_download(
    request: HttpRequest, pk: int, attachment_pk: int
) -> FileResponse:
    """Hand out an attachment to a user who may see the event."""
    event = _event(request, pk)
    try:
        attachment = attachment_get(user=request.user, event=event, pk=attachment_pk)
    except EventAttachment.DoesNotExist:
        raise Http404(_("附件不存在。")) from None
    return files.serve_file(attachment, _("附件文件已丢失，请联系管理员。"))


# --- series and statistics ---------------------------------------------------------------


@login_required
@require_GET
def series_list_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "activities/series_list.html",
        {
            "series_list": series_list(user=request.user),
            "can_add": bool(policy.scopes(request.user, "manage")),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def series_create(request: HttpRequest) -> HttpResponse:
    require_somewhere(request, "manage")
    managed = managed_orgs(request, "manage")
    form = SeriesForm(request.POST or None, managed=managed)
    if request.method == "POST" and form.is_valid():
        try:
            series = services.series_create(by=request.user, **form.cleaned_data)
        except REFUSALS as e:
            report(request, e, form)
        else:
            messages.success(request, _("已创建活动系列“%s”。") % series.name)
            return redirect(series)
    return render(
        request,
        "activities/simple_form.html",
        {
            "form": form,
            "title": _("新建活动系列"),
            "back": reverse("activities:series_list"),
        },
    )


@login_required
@require_GET
def series_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Every edition with its participants, and the streaks of years."""
    try:
        series = series_get(user=request.user, pk=pk)
    except Series.DoesNotExist:
        raise Http404(_("活动系列不存在或您无权查看。")) from None
    editions = series_editions(user=request.user, series=series)
    member = request.user.member if request.user.member_id else None
    peak = max((e.participants for e in editions), default=0)
    return render(
        request,
        "activities/series_detail.html",
        {
            "series": series,
            "editions": editions,
            "peak": peak or 1,
            "streak": series_streak(editions=editions),
            "my_streak": member_series_streak(series=series, member=member)
            if member
            else None,
            "loyal": series_loyal_members(user=request.user, series=series),
            "can_add": policy.can(request.user, "manage", series),
        },
    )


@login_required
@require_GET
@replica_reads
def attendance_stats(request: HttpRequest) -> HttpResponse:
    """Attendance per year for the user's subtree, or one organization in it."""
    if not policy.can(request.user, "view_stats"):
        raise PermissionDenied(_("您没有权限查看统计。"))
    org = None
    if (oid := request.GET.get("org", "")).isdigit():
        org = org_list(user=request.user).filter(pk=int(oid)).first()
    by = "organizer" if request.GET.get("by") == "organizer" else "member"
    rows = attendance_by_year(user=request.user, org=org, by=by)
    peak = max((n for _y, n in rows), default=0) or 1
    return render(
        request,
        "activities/stats.html",
        {
            "rows": rows,
            "peak": peak,
            "total": sum(n for _y, n in rows),
            "org": org,
            "by": by,
            "org_choices": org_filter_choices(
                org_list(user=request.user), selected=[org] if org else []
            ),
        },
    )
