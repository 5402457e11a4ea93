"""Pages of an event's attendance: the sheet, names, walk-ins, scans, printing,
export, the QR code and member check-in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tongxin.activities import exports, services
from tongxin.activities.forms import (
    AttendanceNamesForm,
    AttendanceSheetForm,
    ScanForm,
    WalkInForm,
)
from tongxin.activities.models import (
    Attendance,
    Event,
    Signup,
)
from tongxin.activities.policies import policy
from tongxin.activities.selectors import (
    attendance_sheet,
    attended_member,
    own_attendance,
)
from tongxin.activities.signin_sheet import read_signin_sheet
from tongxin.activities.views.common import (
    REFUSALS,
    report,
)
from tongxin.activities.views.events import _event, checkin_url, qr_svg
from tongxin.core.errors import ServiceError
from tongxin.members.names import choices_from, resolve_names
from tongxin.members.selectors import member_queryset

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
