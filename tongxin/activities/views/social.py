"""Pages of social service: partners, programs with bases and activities, funds."""

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
    DonationForm,
    FundEntryForm,
    FundForm,
    PartnerForm,
    ProgramBaseForm,
    ProgramCreateForm,
    ProgramEditForm,
    ServiceActivityForm,
)
from tongxin.activities.models import Beneficiary, Fund, Program, ServiceActivity
from tongxin.activities.policies import policy
from tongxin.activities.selectors import (
    fund_entries,
    fund_get,
    fund_list,
    fund_years,
    partner_list,
    program_activities,
    program_bases,
    program_get,
    program_list,
    program_summary,
    service_activity_get,
)
from tongxin.activities.views.common import (
    REFUSALS,
    managed_orgs,
    report,
    require_somewhere,
)
from tongxin.orgs.selectors import org_list


def _program(request: HttpRequest, pk: int, action: str = "view_programs") -> Program:
    try:
        program = program_get(user=request.user, pk=pk)
    except Program.DoesNotExist:
        raise Http404(_("项目不存在或您无权查看。")) from None
    if action != "view_programs" and not policy.can(request.user, action, program):
        raise PermissionDenied(_("您没有权限执行此操作。"))
    return program


def _fund(request: HttpRequest, pk: int, action: str = "view_funds") -> Fund:
    try:
        fund = fund_get(user=request.user, pk=pk)
    except Fund.DoesNotExist:
        raise Http404(_("基金不存在或您无权查看。")) from None
    if action != "view_funds" and not policy.can(request.user, action, fund):
        raise PermissionDenied(_("您没有权限执行此操作。"))
    return fund


def _form_page(request, form, *, title: str, back: str, multipart: bool = False):
    return render(
        request,
        "activities/simple_form.html",
        {"form": form, "title": title, "back": back, "multipart": multipart},
    )


@login_required
@require_GET
def program_list_view(request: HttpRequest) -> HttpResponse:
    if not policy.can(request.user, "view_programs"):
        raise PermissionDenied(_("您没有权限查看社会服务项目。"))
    return render(
        request,
        "activities/program_list.html",
        {
            "programs": program_list(user=request.user),
            "can_add": bool(policy.scopes(request.user, "manage_programs")),
            "can_funds": policy.can(request.user, "view_funds"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def partner_create(request: HttpRequest) -> HttpResponse:
    require_somewhere(request, "manage_programs")
    form = PartnerForm(
        request.POST or None, managed=managed_orgs(request, "manage_programs")
    )
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.partner_create(by=request.user, **form.cleaned_data)
        except REFUSALS as e:
            report(request, e, form)
        else:
            messages.success(request, _("已登记合作单位“%s”。") % partner.name)
            return redirect("activities:program_list")
    return _form_page(
        request,
        form,
        title=_("登记合作单位"),
        back=reverse("activities:program_list"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def program_create(request: HttpRequest) -> HttpResponse:
    require_somewhere(request, "manage_programs")
    form = ProgramCreateForm(
        request.POST or None,
        managed=managed_orgs(request, "manage_programs"),
        partners=partner_list(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            program = services.program_create(by=request.user, **form.cleaned_data)
        except REFUSALS as e:
            report(request, e, form)
        else:
            messages.success(request, _("已创建项目“%s”。") % program.name)
            return redirect(program)
    return _form_page(
        request,
        form,
        title=_("新建社会服务项目"),
        back=reverse("activities:program_list"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def program_edit(request: HttpRequest, pk: int) -> HttpResponse:
    program = _program(request, pk, "manage_programs")
    partners = partner_list(user=request.user)
    if request.method == "POST":
        form = ProgramEditForm(request.POST, partners=partners)
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            try:
                services.program_update(
                    program=program, by=request.user, version=version, **data
                )
            except REFUSALS as e:
                report(request, e, form)
            else:
                messages.success(request, _("已保存。"))
                return redirect(program)
    else:
        form = ProgramEditForm(
            initial={
                "name": program.name,
                "kind": program.kind,
                "partner": program.partner_id,
                "started_on": program.started_on,
                "ended_on": program.ended_on,
                "description": program.description,
                "version": program.version,
            },
            partners=partners,
        )
    return _form_page(
        request,
        form,
        title=_("修改项目“%s”") % program.name,
        back=program.get_absolute_url(),
    )


@login_required
@require_GET
def program_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A program: years active, streak, totals per year and overall, activities."""
    program = _program(request, pk)
    summary = program_summary(program=program)
    return render(
        request,
        "activities/program_detail.html",
        {
            "program": program,
            "summary": summary,
            "bases": program_bases(program=program),
            "activities": program_activities(program=program),
            "beneficiary_kinds": Beneficiary.Kind.choices,
            "can_manage": policy.can(request.user, "manage_programs", program),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def program_base_add(request: HttpRequest, pk: int) -> HttpResponse:
    program = _program(request, pk, "manage_programs")
    form = ProgramBaseForm(
        request.POST or None, partners=partner_list(user=request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.program_base_add(
                program=program, by=request.user, **form.cleaned_data
            )
        except REFUSALS as e:
            report(request, e, form)
        else:
            messages.success(request, _("已添加服务基地。"))
            return redirect(program)
    return _form_page(
        request,
        form,
        title=_("为“%s”添加服务基地") % program.name,
        back=program.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def service_activity_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an activity of a program with volunteers, beneficiaries, outcomes."""
    program = _program(request, pk, "manage_programs")
    form = ServiceActivityForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.service_activity_create(
                program=program,
                by=request.user,
                title=data["title"],
                held_on=data["held_on"],
                place=data["place"],
                results=data["results"],
                other_volunteers=data["other_volunteers"] or 0,
                volunteers=data["volunteers"],
                beneficiaries=form.beneficiaries(),
                outcomes=data["outcomes"],
            )
        except REFUSALS as e:
            report(request, e, form)
        else:
            messages.success(request, _("已登记服务活动“%s”。") % data["title"])
            return redirect(program)
    return _form_page(
        request,
        form,
        title=_("登记“%s”的服务活动") % program.name,
        back=program.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def donation_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record money or goods given at a service activity."""
    try:
        activity = service_activity_get(user=request.user, pk=pk)
    except ServiceActivity.DoesNotExist:
        raise Http404(_("服务活动不存在或您无权查看。")) from None
    if not policy.can(request.user, "manage_programs", activity):
        raise PermissionDenied(_("您没有权限执行此操作。"))
    form = DonationForm(
        request.POST or None,
        user=request.user,
        organizations=org_list(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.donation_add(
                activity=activity, by=request.user, **form.cleaned_data
            )
        except REFUSALS as e:
            report(request, e, form)
        else:
            messages.success(request, _("已登记捐赠。"))
            return redirect(activity.program)
    return _form_page(
        request,
        form,
        title=_("登记捐赠：%s") % activity.title,
        back=activity.program.get_absolute_url(),
    )


# --- funds --------------------------------------------------------------------------------


@login_required
@require_GET
def fund_list_view(request: HttpRequest) -> HttpResponse:
    if not policy.can(request.user, "view_funds"):
        raise PermissionDenied(_("您没有权限查看基金。"))
    funds = list(fund_list(user=request.user))
    for fund in funds:
        fund.balance = fund.money_in - fund.money_out
    return render(
        request,
        "activities/fund_list.html",
        {"funds": funds, "can_add": bool(policy.scopes(request.user, "manage_funds"))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def fund_create(request: HttpRequest) -> HttpResponse:
    require_somewhere(request, "manage_funds")
    form = FundForm(request.POST or None, managed=managed_orgs(request, "manage_funds"))
    if request.method == "POST" and form.is_valid():
        try:
            fund = services.fund_create(by=request.user, **form.cleaned_data)
        except REFUSALS as e:
            report(request, e, form)
        else:
            messages.success(request, _("已设立基金“%s”。") % fund.name)
            return redirect(fund)
    return _form_page(
        request, form, title=_("设立基金"), back=reverse("activities:fund_list")
    )


@login_required
@require_GET
def fund_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A fund: money in and out per year, the balance, every entry."""
    fund = _fund(request, pk)
    years = fund_years(fund=fund)
    return render(
        request,
        "activities/fund_detail.html",
        {
            "fund": fund,
            "years": years,
            "balance": years[-1].balance if years else 0,
            "entries": fund_entries(fund=fund),
            "can_manage": policy.can(request.user, "manage_funds", fund),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def fund_entry_add(request: HttpRequest, pk: int) -> HttpResponse:
    fund = _fund(request, pk, "manage_funds")
    form = FundEntryForm(
        request.POST or None,
        user=request.user,
        organizations=org_list(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.fund_entry_add(fund=fund, by=request.user, **form.cleaned_data)
        except REFUSALS as e:
            report(request, e, form)
        else:
            messages.success(request, _("已登记基金收支。"))
            return redirect(fund)
    return _form_page(
        request,
        form,
        title=_("登记“%s”的收支") % fund.name,
        back=fund.get_absolute_url(),
    )
