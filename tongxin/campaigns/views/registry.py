"""Pages of liaison assignments, leaders' pages and the regulations registry."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tongxin.campaigns import services
from tongxin.campaigns.forms import (
    EndForm,
    LiaisonForm,
    RegulationForm,
    RegulationStatusForm,
    VersionForm,
)
from tongxin.campaigns.models import LiaisonAssignment, Regulation, RegulationVersion
from tongxin.campaigns.policies import policy
from tongxin.campaigns.selectors import (
    leader_assignments,
    leader_choices,
    liaison_get,
    liaison_list,
    recent_happenings,
    regulation_get,
    regulation_list,
    regulation_versions,
    version_get,
)
from tongxin.campaigns.views.common import (
    REFUSALS,
    form_errors,
    form_page,
    managed,
    report,
    require_any,
)
from tongxin.core.files import serve_file
from tongxin.members.models import Member
from tongxin.members.selectors import member_get
from tongxin.orgs.models import Organization
from tongxin.orgs.selectors import department_list

# --- liaison -------------------------------------------------------------------------


@login_required
@require_GET
def liaison_view(request: HttpRequest) -> HttpResponse:
    rows = list(liaison_list(user=request.user))
    return render(
        request,
        "campaigns/liaison.html",
        {
            "leaders": [r for r in rows if r.leader_id],
            "departments": [r for r in rows if r.department_id],
            "can_manage": bool(policy.scopes(request.user, "manage_liaison")),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def liaison_create(request: HttpRequest) -> HttpResponse:
    require_any(request, "manage_liaison")
    form = LiaisonForm(
        request.POST or None,
        organizations=managed(request, "manage_liaison").exclude(
            kind=Organization.Kind.COMMITTEE
        ),
        leaders=leader_choices(user=request.user),
        departments=department_list(user=request.user),
    )
    return form_page(
        request,
        form,
        title=_("安排联系基层组织"),
        back=reverse("campaigns:liaison"),
        save=lambda data: services.liaison_assign(by=request.user, **data),
        done=lambda _assignment: _("已安排联系。"),
        then=lambda _assignment: "campaigns:liaison",
    )


@login_required
@require_POST
def liaison_end(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        assignment = liaison_get(user=request.user, pk=pk)
    except LiaisonAssignment.DoesNotExist:
        raise Http404 from None
    if not policy.can(request.user, "manage_liaison", assignment):
        raise PermissionDenied(_("您没有权限执行此操作。"))
    form = EndForm(request.POST)
    if form.is_valid():
        try:
            services.liaison_end(
                assignment=assignment, by=request.user, on=form.cleaned_data["end_on"]
            )
        except REFUSALS as e:
            report(request, e)
        else:
            messages.success(request, _("已结束联系安排。"))
    else:
        form_errors(request, form)
    return redirect("campaigns:liaison")


@login_required
@require_GET
def leader_page(request: HttpRequest, member_pk: int) -> HttpResponse:
    """A leader's organizations and what happened there recently."""
    if not policy.can(request.user, "view_liaison"):
        raise PermissionDenied(_("您没有权限查看联系安排。"))
    try:
        leader = member_get(user=request.user, pk=member_pk)
    except Member.DoesNotExist:
        raise Http404(_("会员不存在或您无权查看。")) from None
    assignments = list(leader_assignments(user=request.user, member=leader))
    happenings = recent_happenings(
        user=request.user, organizations=[a.organization for a in assignments]
    )
    for a in assignments:
        a.recent = happenings[a.organization_id]
    return render(
        request,
        "campaigns/leader.html",
        {"leader": leader, "assignments": assignments},
    )


# --- regulations ---------------------------------------------------------------------


def _regulation(request: HttpRequest, pk: int, manage: bool = False) -> Regulation:
    try:
        regulation = regulation_get(user=request.user, pk=pk)
    except Regulation.DoesNotExist:
        raise Http404(_("制度不存在或您无权查看。")) from None
    if manage and not policy.can(request.user, "manage_regulations", regulation):
        raise PermissionDenied(_("您没有权限执行此操作。"))
    return regulation


@login_required
@require_GET
def regulation_list_view(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status")
    status = status if status in Regulation.Status.values else None
    return render(
        request,
        "campaigns/regulations.html",
        {
            "regulations": regulation_list(user=request.user, status=status),
            "status": status,
            "statuses": Regulation.Status.choices,
            "can_add": bool(policy.scopes(request.user, "manage_regulations")),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def regulation_create(request: HttpRequest) -> HttpResponse:
    require_any(request, "manage_regulations")
    form = RegulationForm(
        request.POST or None,
        request.FILES or None,
        managed=managed(request, "manage_regulations"),
    )

    def save(data: dict):
        data = dict(data)
        data["upload"] = data.pop("file")
        return services.regulation_create(by=request.user, **data)

    return form_page(
        request,
        form,
        title=_("登记制度"),
        back=reverse("campaigns:regulations"),
        save=save,
        done=lambda regulation: _("已登记制度“%s”。") % regulation.title,
        then=lambda regulation: regulation,
        multipart=True,
    )


@login_required
@require_GET
def regulation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    regulation = _regulation(request, pk)
    can_manage = policy.can(request.user, "manage_regulations", regulation)
    return render(
        request,
        "campaigns/regulation_detail.html",
        {
            "regulation": regulation,
            "versions": regulation_versions(regulation=regulation),
            "can_manage": can_manage,
            "version_form": VersionForm() if can_manage else None,
            "status_form": RegulationStatusForm(
                initial={"status": regulation.status, "version": regulation.version}
            )
            if can_manage
            else None,
        },
    )


@login_required
@require_POST
def version_add(request: HttpRequest, pk: int) -> HttpResponse:
    regulation = _regulation(request, pk, manage=True)
    form = VersionForm(request.POST, request.FILES)
    if form.is_valid():
        data = dict(form.cleaned_data)
        data["upload"] = data.pop("file")
        try:
            services.version_add(regulation=regulation, by=request.user, **data)
        except REFUSALS as e:
            report(request, e)
        else:
            messages.success(request, _("已上传新版本。"))
    else:
        form_errors(request, form)
    return redirect(regulation)


@login_required
@require_GET
def version_download(request: HttpRequest, pk: int, version_pk: int) -> FileResponse:
    regulation = _regulation(request, pk)
    try:
        record = version_get(regulation=regulation, pk=version_pk)
    except RegulationVersion.DoesNotExist:
        raise Http404 from None
    return serve_file(record, _("文件已丢失，请联系管理员。"))


@login_required
@require_POST
def regulation_status(request: HttpRequest, pk: int) -> HttpResponse:
    regulation = _regulation(request, pk, manage=True)
    form = RegulationStatusForm(request.POST)
    if form.is_valid():
        try:
            services.regulation_set_status(
                regulation=regulation, by=request.user, **form.cleaned_data
            )
        except REFUSALS as e:
            report(request, e)
        else:
            messages.success(request, _("已更新状态。"))
    else:
        form_errors(request, form)
    return redirect(regulation)
