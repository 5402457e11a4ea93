"""Pages of events: list, detail, create, edit, cancel, sign-up and attachments."""

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

from tongxin.activities import services
from tongxin.activities.forms import (
    AttachmentForm,
    EventCancelForm,
    EventCreateForm,
    EventEditForm,
    SignupOthersForm,
)
from tongxin.activities.models import (
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
    event_attachments,
    event_get,
    event_list,
    events_attended,
    my_signups,
    own_attendance,
    own_signup,
    photo_list,
    series_get,
    series_list,
    series_next_edition,
    signup_get,
    signup_list,
)
from tongxin.activities.views.common import (
    REFUSALS,
    managed_orgs,
    report,
    require_somewhere,
)
from tongxin.core import files
from tongxin.orgs.selectors import department_list, org_list


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
