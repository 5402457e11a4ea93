"""Building the annual work report and its statistical appendix.

:func:`build_annual_report` and :func:`build_appendix` take a scope and a
period and compute every figure with :func:`tongxin.stats.figures.compute_all`;
:func:`report_for` does the same for a user (checking the scope is within
their reach) and records the export in the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core.periods import Period
from tongxin.reports import appendix, document, writer
from tongxin.reports.texts import report_texts
from tongxin.stats.figures import compute_all
from tongxin.stats.scope import Scope

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def _cn(iso: str) -> str:
    return writer.cn_date(iso)


def report_title(scope: Scope, period: Period) -> str:
    return _("%(scope)s%(label)s工作报告") % {
        "scope": scope.title,
        "label": period.label,
    }


def _context(figures: dict, scope: Scope, period: Period) -> writer.Context:
    return writer.Context(
        label=period.label if period.kind == "year" else _("本期"),
        as_of=_cn(period.as_of.isoformat()),
        scope=scope.title,
    )


def _subtitle(period: Period) -> str:
    return _("（统计时段：%(start)s至%(end)s，数据截至%(as_of)s）") % {
        "start": _cn(period.start.isoformat()),
        "end": _cn(period.end.isoformat()),
        "as_of": _cn(period.as_of.isoformat()),
    }


def render_report(
    figures: dict, scope: Scope, period: Period, texts: dict | None = None
) -> bytes:
    """The .docx bytes of the report written from ``figures`` (``compute_all``)
    and the sections the secretary wrote (``texts``: :func:`report_texts`),
    closed by the organization's name and today's date."""
    ctx = _context(figures, scope, period)
    return document.render(
        title=report_title(scope, period),
        subtitle=_subtitle(period),
        sections=writer.write(figures, ctx) + writer.written(texts or {}),
        opening=writer.opening(figures, ctx),
        signature=(scope.title, _cn(timezone.localdate().isoformat())),
    )


def render_appendix(figures: dict, scope: Scope, period: Period) -> bytes:
    return appendix.render(figures, title=report_title(scope, period) + _("统计附表"))


def build_annual_report(scope: Scope, period: Period) -> bytes:
    """Return the annual work report of ``scope`` for ``period`` as .docx bytes."""
    return render_report(
        compute_all(scope, period),
        scope,
        period,
        report_texts(scope=scope, period=period),
    )


def build_appendix(scope: Scope, period: Period) -> bytes:
    """Return the statistical appendix (.xlsx bytes), one sheet per section."""
    return render_appendix(compute_all(scope, period), scope, period)


@dataclass
class Built:
    filename: str
    content_type: str
    data: bytes


def report_for(*, user, scope: Scope, period: Period, fmt: str = "docx") -> Built:
    """Build the report, its appendix or its figures (``fmt``) for ``user``,
    who must be allowed to export statistics; the export is audited."""
    import json

    from tongxin.audit.services import audit_record
    from tongxin.core.errors import PermissionDenied
    from tongxin.reports.policies import policy

    if fmt not in FORMATS:
        raise ValueError(fmt)
    if not policy.scopes(user, "export_stats"):
        raise PermissionDenied(_("您没有权限导出工作报告。"))
    figures = compute_all(scope, period)
    title = report_title(scope, period)
    texts = report_texts(scope=scope, period=period)
    if fmt == "docx":
        data = render_report(figures, scope, period, texts)
    elif fmt == "xlsx":
        data = render_appendix(figures, scope, period)
        title += _("统计附表")
    else:
        data = json.dumps(
            {**figures, "texts": texts}, ensure_ascii=False, indent=2
        ).encode()
    audit_record(
        action="export",
        object_type="reports.annual",
        object_repr=title,
        actor=user,
        detail={
            "what": "annual_report",
            "format": fmt,
            "scope": list(scope.paths),
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        },
    )
    return Built(f"{title}.{fmt}", FORMATS[fmt], data)
