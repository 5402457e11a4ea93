"""Pages of inspections (督查): teams, visits, follow-ups, coverage."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tongxin.campaigns import services
from tongxin.campaigns.forms import FollowUpDoneForm, FollowUpForm, TeamForm, VisitForm
from tongxin.campaigns.models import FollowUp, InspectionTeam, Visit
from tongxin.campaigns.policies import policy
from tongxin.campaigns.selectors import (
    assignable_users,
    campaign_list,
    coverage,
    followup_get,
    team_get,
    team_list,
    visit_followups,
    visit_get,
    visit_list,
)
from tongxin.campaigns.views.common import (
    REFUSALS,
    form_errors,
    form_page,
    managed,
    report,
    require_any,
)
from tongxin.orgs.models import Organization


def _since(request: HttpRequest) -> dt.date:
    """The start of the coverage period: ``?since=``, or else the October 1 at
    or before the latest visit the user sees (inspection rounds start in
    October), or before today when there is none."""
    try:
        return dt.date.fromisoformat(request.GET.get("since", ""))
    except ValueError:
        latest = visit_list(user=request.user).aggregate(m=Max("visited_on"))["m"]
        day = latest or timezone.localdate()
        return dt.date(day.year if day.month >= 10 else day.year - 1, 10, 1)


@login_required
@require_GET
def inspection_overview(request: HttpRequest) -> HttpResponse:
    """Teams, recent visits and coverage of base organizations since a date."""
    since = _since(request)
    return render(
        request,
        "campaigns/inspections.html",
        {
            "teams": team_list(user=request.user),
            "visits": visit_list(user=request.user)[:50],
            "coverage": coverage(user=request.user, start=since),
            "since": since,
            "can_add": bool(policy.scopes(request.user, "manage_inspections")),
        },
    )


def _team(request: HttpRequest, pk: int, action: str = "") -> InspectionTeam:
    try:
        team = team_get(user=request.user, pk=pk)
    except InspectionTeam.DoesNotExist:
        raise Http404(_("督查组不存在或您无权查看。")) from None
    if action and not policy.can(request.user, action, team):
        raise PermissionDenied(_("您没有权限执行此操作。"))
    return team


def _visit(request: HttpRequest, pk: int, action: str = "") -> Visit:
    try:
        visit = visit_get(user=request.user, pk=pk)
    except Visit.DoesNotExist:
        raise Http404(_("督查记录不存在或您无权查看。")) from None
    if action and not policy.can(request.user, action, visit):
        raise PermissionDenied(_("您没有权限执行此操作。"))
    return visit


@login_required
@require_http_methods(["GET", "POST"])
def team_create(request: HttpRequest) -> HttpResponse:
    require_any(request, "manage_inspections")
    form = TeamForm(
        request.POST or None,
        managed=managed(request, "manage_inspections"),
        campaigns=campaign_list(user=request.user),
        users=assignable_users(user=request.user),
    )
    return form_page(
        request,
        form,
        title=_("组建督查组"),
        back=reverse("campaigns:inspections"),
        save=lambda data: services.team_create(by=request.user, **data),
        done=lambda team: _("已组建督查组“%s”。") % team.name,
        then=lambda team: team,
    )


@login_required
@require_GET
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team = _team(request, pk)
    return render(
        request,
        "campaigns/team_detail.html",
        {
            "team": team,
            "visits": visit_list(user=request.user, team=team),
            "can_manage": policy.can(request.user, "manage_inspections", team),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_create(request: HttpRequest, pk: int) -> HttpResponse:
    team = _team(request, pk, "manage_inspections")
    # A past visit names the organization of its day, closed since or not;
    # the service checks it existed on the visit's date.
    organizations = managed(request, "manage_inspections", include_closed=True).exclude(
        kind=Organization.Kind.COMMITTEE
    )
    form = VisitForm(request.POST or None, organizations=organizations)
    return form_page(
        request,
        form,
        title=_("登记督查走访：%s") % team.name,
        back=team.get_absolute_url(),
        save=lambda data: services.visit_create(team=team, by=request.user, **data),
        done=lambda _visit: _("已登记督查走访。"),
        then=lambda visit: visit,
    )


@login_required
@require_GET
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    can_manage = policy.can(request.user, "manage_inspections", visit)
    return render(
        request,
        "campaigns/visit_detail.html",
        {
            "visit": visit,
            "followups": visit_followups(visit=visit),
            "can_manage": can_manage,
            "today": timezone.localdate(),
            "followup_form": FollowUpForm(users=assignable_users(user=request.user))
            if can_manage
            else None,
        },
    )


@login_required
@require_POST
def followup_add(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit(request, pk, "manage_inspections")
    form = FollowUpForm(request.POST, users=assignable_users(user=request.user))
    if form.is_valid():
        try:
            services.followup_add(visit=visit, by=request.user, **form.cleaned_data)
        except REFUSALS as e:
            report(request, e)
        else:
            messages.success(request, _("已添加整改事项。"))
    else:
        form_errors(request, form)
    return redirect(visit)


@login_required
@require_POST
def followup_done(request: HttpRequest, pk: int, followup_pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    try:
        followup = followup_get(visit=visit, pk=followup_pk)
    except FollowUp.DoesNotExist:
        raise Http404 from None
    form = FollowUpDoneForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect(visit)
    try:
        services.followup_done(
            followup=followup, by=request.user, on=form.cleaned_data["occurred_on"]
        )
    except REFUSALS as e:
        if isinstance(e, PermissionDenied):
            raise
        report(request, e)
    else:
        messages.success(request, _("已标记整改完成。"))
    return redirect(visit)
