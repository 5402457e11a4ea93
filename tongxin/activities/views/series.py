"""Pages of series and of attendance statistics."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tongxin.activities import services
from tongxin.activities.forms import (
    SeriesForm,
)
from tongxin.activities.models import (
    Series,
)
from tongxin.activities.policies import policy
from tongxin.activities.selectors import (
    attendance_by_year,
    member_series_streak,
    series_editions,
    series_get,
    series_list,
    series_loyal_members,
    series_streak,
)
from tongxin.activities.views.common import (
    REFUSALS,
    managed_orgs,
    report,
    require_somewhere,
)
from tongxin.core.routers import replica_reads
from tongxin.orgs.selectors import org_filter_choices, org_list

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
