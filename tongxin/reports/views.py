"""The reports page: choose a period and an organization within reach, then
download the annual work report (.docx) or its statistical appendix (.xlsx)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from tongxin.core.periods import PeriodError
from tongxin.reports.services import report_for, report_title
from tongxin.stats import selectors
from tongxin.stats.scope import ScopeError


def _choose(request: HttpRequest):
    """The choice, or ``(None, message, status)`` for a refusal."""
    try:
        return selectors.choose(user=request.user, params=request.GET), None, 200
    except PeriodError as e:
        return None, str(e), 400
    except ScopeError as e:
        return None, str(e), 404


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The form; once a choice is made, the title and the download links."""
    selectors.require_stats(request.user)
    chosen = any(request.GET.get(k) for k in selectors.PARAMS)
    choice, error, status = _choose(request) if chosen else (None, None, 200)
    query = urlencode(
        {k: request.GET.get(k) for k in selectors.PARAMS if request.GET.get(k)}
    )
    context = {
        "orgs": list(selectors.stats_orgs(user=request.user)),
        "chosen_org": request.GET.get("org", ""),
        "chosen": {k: request.GET.get(k, "") for k in selectors.PARAMS},
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
def annual_docx(request: HttpRequest) -> HttpResponse:
    return _download(request, "docx")


@login_required
@require_GET
def annual_xlsx(request: HttpRequest) -> HttpResponse:
    return _download(request, "xlsx")
