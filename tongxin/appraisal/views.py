"""Pages of the appraisal app: duty records, points ranking, organization scores, rules."""

from __future__ import annotations

import tempfile

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tongxin.appraisal import exports, selectors, services
from tongxin.appraisal.forms import RuleCreateForm, RuleEditForm
from tongxin.appraisal.models import PointRule, Scheme
from tongxin.appraisal.policies import policy
from tongxin.audit.services import audit_record
from tongxin.core.periods import PeriodError, period_from_params
from tongxin.core.web import REFUSALS, report
from tongxin.members.models import Member
from tongxin.orgs.selectors import org_filter_choices, org_list
from tongxin.stats.scope import ScopeError


def _period(request: HttpRequest):
    """The period asked for, or ``(None, message)``."""
    try:
        return period_from_params(request.GET), ""
    except PeriodError as exc:
        return None, str(exc)


def _member(request: HttpRequest, pk: int, action: str = "view_record") -> Member:
    try:
        return selectors.member_for_record(user=request.user, pk=pk, action=action)
    except Member.DoesNotExist:
        raise Http404(_("会员不存在或您无权查看。")) from None


def _download(name: str, content_type: str, data: bytes) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def _period_params(request: HttpRequest) -> str:
    keep = {
        k: request.GET[k]
        for k in ("year", "start", "end", "since", "org")
        if request.GET.get(k)
    }
    from urllib.parse import urlencode

    return urlencode(keep)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    if policy.scopes(request.user, "view_ranking"):
        return redirect("appraisal:ranking")
    if getattr(request.user, "member_id", None):
        return redirect("appraisal:record", pk=request.user.member_id)
    raise PermissionDenied(_("您没有权限查看履职档案。"))


@login_required
@require_GET
def record(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request, pk)
    period, error = _period(request)
    context = {
        "member": member,
        "period": period,
        "error": error,
        "params": request.GET,
        "query": _period_params(request),
    }
    if period is None:
        return render(request, "appraisal/record.html", context, status=400)
    context["record"] = selectors.duty_record(
        user=request.user, member=member, period=period
    )
    return render(request, "appraisal/record.html", context)


@login_required
@require_GET
def record_export(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request, pk, "export_record")
    period, error = _period(request)
    if period is None:
        messages.error(request, error)
        return redirect("appraisal:record", pk=member.pk)
    fmt = request.GET.get("format", "docx")
    if fmt not in ("docx", "xlsx"):
        raise Http404(_("不支持的导出格式。"))
    data = selectors.duty_record(user=request.user, member=member, period=period)
    with transaction.atomic():
        name, content_type, body = exports.duty_record_export(
            by=request.user, record=data, fmt=fmt
        )
    return _download(name, content_type, body)


def _scope_and_period(request: HttpRequest, action: str):
    if not policy.scopes(request.user, action):
        raise PermissionDenied(_("您没有权限查看履职积分与组织考核。"))
    period, error = _period(request)
    scope = None
    try:
        scope = selectors.scope_for(
            user=request.user, code=request.GET.get("org"), action=action
        )
    except ScopeError as exc:
        error = error or str(exc)
    return scope, period, error


def _table_context(request, action):
    scope, period, error = _scope_and_period(request, action)
    return {
        "period": period,
        "scope": scope,
        "error": error,
        "params": request.GET,
        "query": _period_params(request),
        "org_choices": org_filter_choices(
            org_list(user=request.user),
            selected=[scope.org] if scope is not None and scope.org else [],
        ),
    }


@login_required
@require_GET
def ranking_view(request: HttpRequest) -> HttpResponse:
    """One page of the ranking (keyset), for an organization's subtree."""
    template = "appraisal/ranking.html"
    context = _table_context(request, "view_ranking")
    if context["error"]:
        return render(request, template, context, status=400)
    page = selectors.ranking_page(
        user=request.user,
        scope=context["scope"],
        period=context["period"],
        cursor=request.GET.get("cursor"),
    )
    context.update(page=page, rules=page.rules, rows=page.rows)
    return render(request, template, context)


@login_required
@require_GET
def scores_view(request: HttpRequest) -> HttpResponse:
    """One page of the organizations' scores (keyset), highest first."""
    template = "appraisal/scores.html"
    context = _table_context(request, "view_scores")
    if context["error"]:
        return render(request, template, context, status=400)
    page = selectors.scores_page(
        user=request.user,
        scope=context["scope"],
        period=context["period"],
        cursor=request.GET.get("cursor"),
    )
    context.update(page=page, rules=page.rules, rows=page.rows)
    return render(request, template, context)


def _table_export(request, action, compute, render_xlsx, what, back):
    scope, period, error = _scope_and_period(request, action)
    if error:
        messages.error(request, error)
        return redirect(back)
    rules, rows = compute(user=request.user, scope=scope, period=period)
    data = render_xlsx(rules=rules, rows=rows, title=scope.title, period=period)
    with transaction.atomic():
        audit_record(
            action="export",
            object_type=f"appraisal.{what}",
            object_repr=scope.title,
            actor=request.user,
            detail={"what": what, "rows": len(rows), "period": period.as_dict()},
        )
    title = _("履职积分排名") if what == "ranking" else _("基层组织考核")
    return _download(f"{scope.title}{title}（{period.label}）.xlsx", exports.XLSX, data)


@login_required
@require_GET
def ranking_export(request: HttpRequest) -> HttpResponse:
    """The whole ranking as .xlsx, written a chunk of members at a time to a
    temporary file and streamed from it."""
    scope, period, error = _scope_and_period(request, "view_ranking")
    if error:
        messages.error(request, error)
        return redirect("appraisal:ranking")
    rules, count, chunks = selectors.ranking_chunks(
        user=request.user, scope=scope, period=period
    )
    out = tempfile.TemporaryFile(dir=settings.VAR_DIR)
    try:
        exports.ranking_xlsx_to(out, rules=rules, chunks=chunks, count=count)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    with transaction.atomic():
        audit_record(
            action="export",
            object_type="appraisal.ranking",
            object_repr=scope.title,
            actor=request.user,
            detail={"what": "ranking", "rows": count, "period": period.as_dict()},
        )
    name = f"{scope.title}{_('履职积分排名')}（{period.label}，{count}人）.xlsx"
    return FileResponse(
        out, as_attachment=True, filename=name, content_type=exports.XLSX
    )


@login_required
@require_GET
def scores_export(request: HttpRequest) -> HttpResponse:
    return _table_export(
        request,
        "view_scores",
        selectors.org_scores,
        exports.scores_xlsx,
        "scores",
        "appraisal:scores",
    )


@login_required
@require_GET
def rule_list_view(request: HttpRequest) -> HttpResponse:
    rules = selectors.rule_list(user=request.user)
    return render(
        request,
        "appraisal/rules.html",
        {
            "member_rules": [r for r in rules if r.scheme == Scheme.MEMBER],
            "org_rules": [r for r in rules if r.scheme == Scheme.ORGANIZATION],
            "can_manage": policy.can_manage_rules(request.user),
        },
    )


def _require_rules(request: HttpRequest) -> None:
    if not policy.can_manage_rules(request.user):
        raise PermissionDenied(_("只有市委会组织部或办公室可以修改积分规则。"))


@login_required
@require_http_methods(["GET", "POST"])
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_rules(request)
    try:
        rule = selectors.rule_get(user=request.user, pk=pk)
    except PointRule.DoesNotExist:
        raise Http404(_("规则不存在。")) from None
    form = RuleEditForm.for_rule(rule, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rule_update(by=request.user, rule=rule, **form.cleaned_data)
        except REFUSALS as exc:
            report(request, exc, form)
        else:
            messages.success(request, _("已保存规则“%s”。") % form.cleaned_data["name"])
            return redirect("appraisal:rules")
    return render(request, "appraisal/rule_form.html", {"form": form, "rule": rule})


@login_required
@require_http_methods(["GET", "POST"])
def rule_create(request: HttpRequest) -> HttpResponse:
    _require_rules(request)
    form = RuleCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rule = services.rule_create(by=request.user, **form.cleaned_data)
        except REFUSALS as exc:
            report(request, exc, form)
        else:
            messages.success(request, _("已新增规则“%s”。") % rule.name)
            return redirect("appraisal:rules")
    return render(request, "appraisal/rule_form.html", {"form": form, "rule": None})
