"""Pages besides the items: conversions, units, awards, adoptions, instructions,
drives, sessions, coverage, statistics and compilations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tongxin.core.pagination import bounded_count_text
from tongxin.core.routers import replica_reads
from tongxin.participation import forms as pforms
from tongxin.participation import selectors, services
from tongxin.participation.compilation import compilation_build
from tongxin.participation.policies import policy
from tongxin.participation.views.common import (
    KIND_NAMES,
    REFUSALS,
    form_page,
    item_or_404,
    report,
)


def _managed(request, kind, pk):
    item = item_or_404(request, kind, pk)
    if not policy.can(request.user, "manage", item):
        raise PermissionDenied(_("只有参政议政部可以执行此操作。"))
    return item


@login_required
@require_http_methods(["GET", "POST"])
def suggestion_convert(request: HttpRequest, pk: int) -> HttpResponse:
    """Turn a suggestion into a member proposal (委员提案)."""
    suggestion = _managed(request, "suggestions", pk)
    form = pforms.ConvertForm(
        request.POST if request.method == "POST" else None, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = services.suggestion_to_proposal(
                by=request.user,
                suggestion=suggestion,
                session=data["session"],
                member=data["member"],
                cosigners=list(data["cosigners"]),
                comment=data["comment"],
            )
        except REFUSALS as exc:
            report(request, exc, form)
        else:
            messages.success(request, _("已转为提案“%s”。") % proposal.title)
            return redirect(proposal.get_absolute_url())
    return form_page(
        request,
        form,
        title=_("转为委员提案：%s") % suggestion.title,
        back=suggestion.get_absolute_url(),
        status=400 if request.method == "POST" else 200,
    )


def _post_form(request, item, form, call, done: str) -> HttpResponse:
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except REFUSALS as exc:
            report(request, exc)
        else:
            messages.success(request, done)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(item.get_absolute_url())


@login_required
@require_POST
def unit_add(request: HttpRequest, pk: int) -> HttpResponse:
    p = _managed(request, "proposals", pk)
    return _post_form(
        request,
        p,
        pforms.UnitForm(request.POST),
        lambda d: services.proposal_unit_add(by=request.user, proposal=p, **d),
        _("已添加承办单位。"),
    )


@login_required
@require_POST
def award_add(request: HttpRequest, pk: int) -> HttpResponse:
    p = _managed(request, "proposals", pk)
    return _post_form(
        request,
        p,
        pforms.AwardForm(request.POST),
        lambda d: services.proposal_award_add(by=request.user, proposal=p, **d),
        _("已记录获奖。"),
    )


@login_required
@require_POST
def adoption_add(request: HttpRequest, pk: int) -> HttpResponse:
    r = _managed(request, "opinions", pk)
    return _post_form(
        request,
        r,
        pforms.AdoptionForm(request.POST),
        lambda d: services.adoption_add(by=request.user, report=r, **d),
        _("已记录采用。"),
    )


@login_required
@require_POST
def instruction_add(request: HttpRequest, pk: int) -> HttpResponse:
    r = _managed(request, "opinions", pk)
    return _post_form(
        request,
        r,
        pforms.InstructionForm(request.POST),
        lambda d: services.instruction_add(by=request.user, report=r, **d),
        _("已记录领导批示。"),
    )


@login_required
@require_GET
def drive_list(request: HttpRequest) -> HttpResponse:
    drives = list(selectors.drive_list(user=request.user))
    counts = {
        d.pk: bounded_count_text(
            selectors.item_list(
                user=request.user,
                kind="suggestions",
                filters=selectors.ItemFilters(drive=d.pk),
            )
        )
        for d in drives
    }
    return render(
        request,
        "participation/drive_list.html",
        {
            "drives": [(d, counts[d.pk]) for d in drives],
            "can_add": bool(policy.scopes(request.user, "manage")),
            "app": "participation",
            "page": "drives",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def drive_create(request: HttpRequest) -> HttpResponse:
    if not policy.scopes(request.user, "manage"):
        raise PermissionDenied(_("只有参政议政部可以发起征集活动。"))
    form = pforms.DriveForm(
        request.POST if request.method == "POST" else None, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.drive_create(by=request.user, **form.cleaned_data)
        except REFUSALS as exc:
            report(request, exc, form)
        else:
            messages.success(request, _("已发起征集活动。"))
            return redirect("participation:drive_list")
    return form_page(
        request,
        form,
        title=_("发起征集活动"),
        back=reverse("participation:drive_list"),
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def session_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "participation/session_list.html",
        {
            "sessions": selectors.session_list(user=request.user),
            "can_add": bool(policy.scopes(request.user, "manage")),
            "app": "participation",
            "page": "sessions",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest) -> HttpResponse:
    if not policy.scopes(request.user, "manage"):
        raise PermissionDenied(_("只有参政议政部可以登记政协会议。"))
    form = pforms.SessionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_create(by=request.user, **form.cleaned_data)
        except REFUSALS as exc:
            report(request, exc, form)
        else:
            messages.success(request, _("已登记政协会议。"))
            return redirect("participation:session_list")
    return form_page(
        request,
        form,
        title=_("登记政协会议"),
        back=reverse("participation:session_list"),
        status=400 if request.method == "POST" else 200,
    )


def _require_stats(request) -> None:
    if not policy.scopes(request.user, "view_stats"):
        raise PermissionDenied(_("您没有权限查看统计。"))


@login_required
@require_GET
@replica_reads
def coverage(request: HttpRequest) -> HttpResponse:
    """Who contributed this year (一人一案) and who has not yet."""
    _require_stats(request)
    form = pforms.CoverageForm(request.GET or None, user=request.user)
    year, org, show = timezone.localdate().year, None, ""
    if form.is_valid():
        year = form.cleaned_data["year"] or year
        org = form.cleaned_data["org"]
        show = form.cleaned_data["show"] or ""
    try:
        data = selectors.coverage_page(
            user=request.user,
            year=year,
            org=org,
            show=show,
            cursor=request.GET.get("cursor"),
        )
    except ObjectDoesNotExist:
        raise Http404 from None
    return render(
        request,
        "participation/coverage.html",
        {"form": form, "cov": data, "app": "participation", "page": "coverage"},
    )


@login_required
@require_GET
@replica_reads
def stats(request: HttpRequest) -> HttpResponse:
    _require_stats(request)
    form = pforms.PeriodForm(request.GET or None, user=request.user)
    start = end = org = None
    if form.is_valid():
        start, end, org = (form.cleaned_data[k] for k in ("start", "end", "org"))
    try:
        data = selectors.statistics(user=request.user, start=start, end=end, org=org)
    except ObjectDoesNotExist:
        raise Http404 from None
    kinds = [(KIND_NAMES[k], n, data["states"][k]) for k, n in data["kinds"].items()]
    return render(
        request,
        "participation/stats.html",
        {
            "form": form,
            "s": data,
            "kinds": kinds,
            "app": "participation",
            "page": "stats",
        },
    )


def stats_sheets(data: dict, subtitle: str) -> list:
    """The tables of the participation statistics, each with its total row."""
    from tongxin.core.tablebook import Sheet

    kinds = [
        [
            str(KIND_NAMES[k]),
            n,
            "；".join(f"{st['name']} {st['count']}" for st in data["states"][k]),
        ]
        for k, n in data["kinds"].items()
    ]
    totals = data["totals"]
    hidden = data.get("confidential")
    note = (
        _("另有涉密事项 %(n)d 件（采用 %(a)d 次）只计入数量，不列入分类。")
        % {
            "n": sum(v for k, v in hidden.items() if k != "adoptions"),
            "a": hidden["adoptions"],
        }
        if hidden
        else ""
    )
    subtitle = f"{subtitle}　{note}".strip()
    return [
        Sheet(
            _("按类别与状态"),
            [_("类别"), _("数量"), _("各状态")],
            kinds,
            subtitle,
            [_("合计"), sum(data["kinds"].values()), ""],
            [14, 8, 60],
        ),
        Sheet(
            _("社情民意信息采用"),
            [_("级别"), _("单位"), _("采用")],
            [
                [r["level_name"], r["body"], r["count"]]
                for r in data["adoptions_by_body"]
            ],
            subtitle,
            [_("合计"), "", totals["adoptions"]],
            [10, 36, 8],
        ),
        Sheet(
            _("调研课题"),
            [_("报送单位"), _("申报"), _("立项")],
            [
                [r["body"], r["submitted"], r["approved"]]
                for r in data["research_by_body"]
            ],
            subtitle,
            [
                _("合计"),
                totals["research"]["submitted"],
                totals["research"]["approved"],
            ],
            [36, 8, 8],
        ),
        Sheet(
            _("按组织"),
            [_("组织"), _("建议"), _("提案"), _("社情民意"), _("调研课题")],
            [
                [
                    r["org"],
                    r["suggestions"],
                    r["proposals"],
                    r["opinions"],
                    r["research"],
                ]
                for r in data["orgs"]
            ],
            subtitle,
            [
                _("合计"),
                totals["orgs"]["suggestions"],
                totals["orgs"]["proposals"],
                totals["orgs"]["opinions"],
                totals["orgs"]["research"],
            ],
            [30, 8, 8, 10, 10],
        ),
    ]


@login_required
@require_GET
@replica_reads
def stats_export(request: HttpRequest) -> HttpResponse:
    """The participation statistics as an .xlsx workbook, a sheet per table."""
    from tongxin.core.tablebook import response

    _require_stats(request)
    form = pforms.PeriodForm(request.GET or None, user=request.user)
    start = end = org = None
    if form.is_valid():
        start, end, org = (form.cleaned_data[k] for k in ("start", "end", "org"))
    try:
        data = selectors.statistics(user=request.user, start=start, end=end, org=org)
    except ObjectDoesNotExist:
        raise Http404 from None
    subtitle = _("组织：%(org)s　时段：%(start)s 至 %(end)s") % {
        "org": org.name if org else _("可查看的全部组织"),
        "start": start.isoformat() if start else _("不限"),
        "end": end.isoformat() if end else _("不限"),
    }
    return response(stats_sheets(data, subtitle), _("参政议政统计") + ".xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def compile_view(request: HttpRequest) -> HttpResponse:
    """Choose a set of items and download it as a Word compilation."""
    if not policy.scopes(request.user, "compile"):
        raise PermissionDenied(_("只有参政议政部可以生成汇编。"))
    form = pforms.CompileForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            name, content = compilation_build(
                by=request.user,
                kind=data["kind"],
                year=data["year"],
                states=data["states"],
                title=data["title"],
            )
        except REFUSALS as exc:
            report(request, exc, form)
        else:
            from urllib.parse import quote

            response = HttpResponse(
                content,
                content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            )
            response["Content-Disposition"] = (
                f"attachment; filename*=UTF-8''{quote(name)}"
            )
            return response
    return render(
        request,
        "participation/compile.html",
        {"form": form, "app": "participation", "page": "compile"},
        status=400 if request.method == "POST" else 200,
    )
