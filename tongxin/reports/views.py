"""The reports page: choose a period and an organization within reach, then
download the annual work report (.docx) or its statistical appendix (.xlsx)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tongxin.core.periods import PeriodError
from tongxin.members.ages import (
    bands_param,
    default_age_bands,
    request_age_bands,
)
from tongxin.reports.forms import ReportTextForm
from tongxin.reports.policies import policy
from tongxin.reports.services import report_for, report_title
from tongxin.reports.texts import report_text_save, report_texts
from tongxin.stats import selectors
from tongxin.stats.scope import ScopeError


def _choose(request: HttpRequest, params=None):
    """The choice, or ``(None, message, status)`` for a refusal."""
    try:
        params = request.GET if params is None else params
        return selectors.choose(user=request.user, params=params), None, 200
    except PeriodError as e:
        return None, str(e), 400
    except ScopeError as e:
        return None, str(e), 404


@login_required
@require_GET
@request_age_bands
def index(request: HttpRequest) -> HttpResponse:
    """The form; once a choice is made, the title and the download links."""
    selectors.require_stats(request.user)
    chosen = any(request.GET.get(k) for k in selectors.PARAMS)
    choice, error, status = _choose(request) if chosen else (None, None, 200)
    query = urlencode(
        {k: request.GET.get(k) for k in selectors.PARAMS if request.GET.get(k)}
    )
    can_write = bool(policy.scopes(request.user, "export_stats"))
    text_form = None
    if choice is not None and can_write:
        text_form = ReportTextForm(
            initial=report_texts(scope=choice.scope, period=choice.period)
        )
    context = {
        "text_form": text_form,
        "orgs": list(selectors.stats_orgs(user=request.user)),
        "chosen_org": request.GET.get("org", ""),
        "chosen": {k: request.GET.get(k, "") for k in selectors.PARAMS},
        "default_age_bands": bands_param(default_age_bands()),
        "this_year": dt.date.today().year,
        "choice": choice,
        "title": report_title(choice.scope, choice.period) if choice else "",
        "query": query,
        "error": error,
    }
    return render(request, "reports/index.html", context, status=status)


def _download(request: HttpRequest, fmt: str) -> HttpResponse:
    selectors.require_stats(request.user)
    choice, error, status = _choose(request)
    if choice is None:
        return HttpResponse(
            error, status=status, content_type="text/plain; charset=utf-8"
        )
    built = report_for(
        user=request.user, scope=choice.scope, period=choice.period, fmt=fmt
    )
    response = HttpResponse(built.data, content_type=built.content_type)
    response["Content-Disposition"] = content_disposition_header(True, built.filename)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
@request_age_bands
def annual_docx(request: HttpRequest) -> HttpResponse:
    return _download(request, "docx")


@login_required
@require_GET
@request_age_bands
def annual_xlsx(request: HttpRequest) -> HttpResponse:
    return _download(request, "xlsx")


@login_required
@require_POST
def texts(request: HttpRequest) -> HttpResponse:
    """Save the sections the secretary writes for the chosen report; back to it."""
    selectors.require_stats(request.user)
    params = {k: request.POST.get(k) for k in selectors.PARAMS if request.POST.get(k)}
    choice, error, status = _choose(request, params)
    if choice is None:
        return HttpResponse(
            error, status=status, content_type="text/plain; charset=utf-8"
        )
    form = ReportTextForm(request.POST)
    back = reverse("reports:index") + "?" + urlencode(params)
    if form.is_valid():
        try:
            report_text_save(
                by=request.user,
                scope=choice.scope,
                period=choice.period,
                **form.cleaned_data,
            )
        except ValidationError as e:
            for field, errors in e.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("已保存，下载的工作报告将包含这些内容。"))
            return redirect(back)
    context = {
        "text_form": form,
        "orgs": list(selectors.stats_orgs(user=request.user)),
        "chosen_org": params.get("org", ""),
        "chosen": {k: params.get(k, "") for k in selectors.PARAMS},
        "this_year": dt.date.today().year,
        "choice": choice,
        "title": report_title(choice.scope, choice.period),
        "query": urlencode(params),
        "error": None,
    }
    return render(request, "reports/index.html", context, status=400)
