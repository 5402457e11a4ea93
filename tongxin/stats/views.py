"""The statistics pages: the dashboard, drill-down lists and the structure table."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET

from tongxin.audit.services import audit_record
from tongxin.core.periods import PeriodError
from tongxin.members.ages import (
    bands_param,
    default_age_bands,
    request_age_bands,
)
from tongxin.orgs.selectors import org_filter_choices
from tongxin.stats import exports, selectors
from tongxin.stats.drilling import UnknownFigure, value_at
from tongxin.stats.scope import ScopeError

#: The big numbers at the head of each of these sections: figure keys.
CARDS = {
    "overview": [
        "organizations.open",
        "members.end",
        "members.net_change",
        "members.admitted",
        "structure.women",
        "structure.ethnic_minorities",
    ],
    "participation": [
        "proposals.total",
        "opinions.total",
        "adoptions.total",
        "research.total",
        "suggestions.total",
        "coverage.rate",
    ],
    "service": [
        "events.held",
        "events.participants",
        "social_service.activities",
        "social_service.volunteer_hours",
        "social_service.beneficiaries",
        "social_service.donations.total",
    ],
    "honors": ["honors", "recipients.members", "recipients.organizations"],
}

#: Charts: (section, title, type, a dict's key or a list of figure keys).
CHARTS = [
    (
        "overview",
        _lazy("会员增减"),
        "bar",
        [
            "members.admitted",
            "members.transferred_in",
            "members.transferred_out",
            "members.withdrawn",
            "members.deceased",
            "members.expelled",
        ],
    ),
    ("overview", _lazy("年龄结构"), "bar", "structure.age_bands"),
    ("overview", _lazy("学历结构"), "doughnut", "structure.education"),
    ("overview", _lazy("界别分布"), "bar", "structure.sectors"),
    ("overview", _lazy("基层组织"), "doughnut", "organizations.by_kind"),
    (
        "participation",
        _lazy("参政议政成果"),
        "bar",
        [
            "suggestions.total",
            "proposals.total",
            "opinions.total",
            "research.total",
            "adoptions.total",
            "awards",
        ],
    ),
    ("participation", _lazy("信息采用级别"), "doughnut", "adoptions.by_level"),
    ("service", _lazy("活动类型"), "bar", "events.by_kind"),
    ("service", _lazy("受益对象"), "doughnut", "social_service.beneficiaries_by_kind"),
    ("honors", _lazy("表彰级别"), "bar", "by_level"),
    ("honors", _lazy("表彰类别"), "doughnut", "by_category"),
]


def _query(params: dict, **extra) -> str:
    merged = {**params, **extra}
    return urlencode({k: v for k, v in merged.items() if v not in (None, "")})


def drill_url(section: str, key: str, params: dict) -> str:
    url = reverse("stats:drill", args=[section, key])
    query = _query(params)
    return f"{url}?{query}" if query else url


def _opener(request: HttpRequest, choice):
    """``url(section, key)``: the list behind a figure, ``None`` if it would not open.

    A figure is linked only when the listing app's policy lets the user see
    the records behind it (:mod:`tongxin.stats.gates`).
    """
    cache: dict[tuple[str, str], bool] = {}

    def url(section: str, key: str, params: dict | None = None) -> str | None:
        if (section, key) not in cache:
            cache[(section, key)] = selectors.drill_opens(
                user=request.user, choice=choice, section=section, key=key
            )
        if not cache[(section, key)]:
            return None
        return drill_url(section, key, choice.params if params is None else params)

    return url


def _choose(request: HttpRequest):
    """The choice, or ``(None, message, status)`` for a refusal."""
    try:
        return selectors.choose(user=request.user, params=request.GET), None, 200
    except PeriodError as e:
        return None, str(e), 400
    except ScopeError as e:
        return None, str(e), 404


def _form_context(request: HttpRequest, choice) -> dict:
    get = request.GET
    return {
        "org_choices": org_filter_choices(
            selectors.stats_orgs(user=request.user),
            selected=[choice.scope.org] if choice and choice.scope.org else [],
        ),
        "chosen_org": get.get("org")
        or (choice.scope.org.code if choice and choice.scope.org else ""),
        "chosen": {k: get.get(k, "") for k in selectors.PARAMS},
        "this_year": timezone.localdate().year,
        "default_age_bands": bands_param(default_age_bands()),
    }


def _chart(section: str, title: str, kind: str, keys, data: dict, url) -> dict:
    if isinstance(keys, str):
        try:
            node = value_at(data, keys)
        except UnknownFigure:
            return {}
        keys = [f"{keys}.{k}" for k, v in node.items() if isinstance(v, (int, float))]
    labels, values, urls = [], [], []
    for key in keys:
        try:
            value = value_at(data, key)
        except UnknownFigure:
            continue
        labels.append(selectors.label_of(section, key))
        values.append(value)
        urls.append(url(section, key))
    if not any(values):
        return {}
    return {
        "title": str(title),
        "type": kind,
        "labels": labels,
        "values": values,
        "urls": urls,
    }


@login_required
@require_GET
@request_age_bands
def dashboard(request: HttpRequest) -> HttpResponse:
    """Every section's figures for the chosen organization and period."""
    selectors.require_stats(request.user)
    choice, error, status = _choose(request)
    context = {"error": error, **_form_context(request, choice)}
    if choice is not None:
        data = selectors.figures(choice=choice)
        url = _opener(request, choice)
        sections = []
        charts: dict[str, dict] = {}
        for name in selectors.section_names():
            if name not in data:
                continue
            figs = data[name]
            rows = selectors.figure_rows(name, figs)
            for row in rows:
                row["url"] = url(name, row["key"])
            cards = []
            for key in CARDS.get(name, []):
                try:
                    value = value_at(figs, key)
                except UnknownFigure:
                    continue
                cards.append(
                    {
                        "key": key,
                        "label": selectors.label_of(name, key),
                        "value": value,
                        "url": url(name, key),
                    }
                )
            section_charts = [
                c
                for s, title, kind, keys in CHARTS
                if s == name
                for c in [_chart(name, title, kind, keys, figs, url)]
                if c
            ]
            for i, c in enumerate(section_charts):
                charts[f"{name}-{i}"] = c
            sections.append(
                {
                    "name": name,
                    "title": selectors.section_title(name),
                    "cards": cards,
                    "charts": section_charts,
                    "rows": rows,
                }
            )
        context.update(
            {
                "choice": choice,
                "period": choice.period,
                "scope": choice.scope,
                "sections": sections,
                "charts_json": charts,
                "query": _query(choice.params),
            }
        )
    return render(request, "stats/dashboard.html", context, status=status)


#: Rows on one page of a drill-down list.
DRILL_PAGE = 100


def _page_number(request: HttpRequest) -> int:
    raw = str(request.GET.get("page", "1")).replace("\x00", "").strip()
    return int(raw) if raw.isdigit() and 0 < int(raw) < 10**6 else 1


@login_required
@require_GET
@request_age_bands
def drill(request: HttpRequest, section: str, key: str) -> HttpResponse:
    """The records behind one figure, a page at a time, or all as .xlsx.

    ``?format=xlsx`` downloads every row (streamed) with a total line.
    """
    selectors.require_stats(request.user)
    choice, error, status = _choose(request)
    if choice is None:
        return render(
            request,
            "stats/drill.html",
            {"error": error, **_form_context(request, None)},
            status=status,
        )
    export = request.GET.get("format") == "xlsx"
    page = 1 if export else _page_number(request)
    offset = (page - 1) * DRILL_PAGE
    try:
        result = selectors.figure_drill(
            user=request.user,
            choice=choice,
            section=section,
            key=key,
            offset=offset,
            limit=DRILL_PAGE,
        )
    except UnknownFigure as e:
        raise Http404(str(e)) from None
    if export:
        response = exports.drill_download(
            choice=choice, drill=result, section=selectors.section_title(section)
        )
        with transaction.atomic():
            audit_record(
                action="export",
                object_type="stats.drill",
                object_repr=result.title,
                actor=request.user,
                detail={
                    # What the auditor reads: the section's and the figure's
                    # names (the drill's address is in the request log).
                    "section": str(selectors.section_title(section)),
                    "figure": str(result.title),
                    "rows": result.total,
                    "period": choice.period.as_dict(),
                },
            )
        return response
    pages = max(1, -(-result.total // DRILL_PAGE))

    def page_url(n: int) -> str:
        return "?" + _query(choice.params, page=n if n > 1 else None)

    return render(
        request,
        "stats/drill.html",
        {
            "choice": choice,
            "drill": result,
            "rows": list(zip(result.rows, result.links, strict=True)),
            "first_number": offset + 1,
            "page": page,
            "pages": pages,
            "prev_url": page_url(page - 1) if page > 1 else None,
            "next_url": page_url(page + 1) if page < pages else None,
            "export_url": "?" + _query(choice.params, format="xlsx"),
            "section_title": selectors.section_title(section),
            "query": _query(choice.params),
        },
    )


@login_required
@require_GET
@request_age_bands
def structure(request: HttpRequest) -> HttpResponse:
    """The member structure table (会员结构统计表) by organization."""
    selectors.require_stats(request.user)
    choice, error, status = _choose(request)
    context = {"error": error, **_form_context(request, choice)}
    if choice is not None:
        columns, rows = selectors.structure_table(choice=choice)
        url = _opener(request, choice)
        table = []
        for row in rows:
            if row.total_row:
                params = choice.params
            elif row.org is not None and row.org.path != (
                choice.scope.org.path if choice.scope.org else None
            ):
                params = {**choice.params, "org": row.org.code}
            else:
                params = None  # the chosen node's own members: no list
            cells = [
                {
                    "value": row.values[c.key],
                    "url": url("overview", f"structure.{c.key}", params)
                    if params is not None
                    else None,
                }
                for c in columns
            ]
            table.append({"label": row.label, "total": row.total_row, "cells": cells})
        context.update(
            {
                "choice": choice,
                "columns": columns,
                "groups": exports.header_groups(columns),
                "table": table,
                "query": _query(choice.params),
            }
        )
    return render(request, "stats/structure.html", context, status=status)


@login_required
@require_GET
@request_age_bands
def structure_export(request: HttpRequest) -> HttpResponse:
    """The member structure table as an .xlsx workbook."""
    selectors.require_stats(request.user)
    choice, error, status = _choose(request)
    if choice is None:
        return HttpResponse(
            error, status=status, content_type="text/plain; charset=utf-8"
        )
    columns, rows = selectors.structure_table(choice=choice)
    data = exports.structure_xlsx(choice=choice, columns=columns, rows=rows)
    return exports.download(data, exports.structure_filename(choice))
