"""The audit administrator's pages: search the trail, export it, check the chain.

Only the audit administrator may open them (``tongxin.audit.policies``);
everybody else, administrators and superusers included, gets 403.
"""

from __future__ import annotations

import tempfile

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods

from tongxin.audit import exports, services
from tongxin.audit.models import Action
from tongxin.audit.policies import policy
from tongxin.audit.readable import Reader, object_types, type_label
from tongxin.audit.selectors import (
    chain_status,
    event_changes,
    event_extra,
    event_list,
    event_page,
    filters_from_params,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILTER_LABELS = {
    "actor": _lazy("操作人"),
    "action": _lazy("操作"),
    "object_type": _lazy("对象类型"),
    "object_id": _lazy("对象编号"),
    "q": _lazy("关键词"),
    "date_from": _lazy("开始日期"),
    "date_to": _lazy("结束日期"),
    "cursor": _lazy("翻页"),
    "format": _lazy("格式"),
}


def _require(request: HttpRequest, action: str) -> None:
    if not policy.can(request.user, action):
        raise PermissionDenied(_("只有审计管理员可以查看审计记录。"))


def _messages(error: ValidationError) -> list[str]:
    return [
        f"{FILTER_LABELS.get(name, name)}：{message}"
        for name, messages in error.message_dict.items()
        for message in messages
    ]


@login_required
@require_GET
def event_list_view(request: HttpRequest) -> HttpResponse:
    """Search the trail by actor, action, object, text and dates; newest first."""
    _require(request, "view")
    errors: list[str] = []
    page = None
    try:
        filters = filters_from_params(request.GET)
        page = event_page(
            event_list(user=request.user, filters=filters),
            cursor=request.GET.get("cursor") or None,
        )
    except ValidationError as e:
        errors = _messages(e)
    reader = Reader()
    rows = [
        (e, event_changes(e, reader), event_extra(e, reader), type_label(e.object_type))
        for e in (page.items if page else [])
    ]
    context = {
        "page": page,
        "rows": rows,
        "errors": errors,
        "params": request.GET,
        "actions": Action.choices,
        "object_types": object_types(),
        "can_export": policy.can(request.user, "export"),
    }
    return render(request, "audit/list.html", context, status=400 if errors else 200)


@login_required
@require_GET
def export_view(request: HttpRequest) -> HttpResponse:
    """Download the filtered trail as .csv (streamed) or .xlsx; record the export."""
    _require(request, "export")
    fmt = request.GET.get("format") or "csv"
    try:
        if fmt not in exports.FORMATS:
            raise ValidationError({"format": _("格式应为 csv 或 xlsx。")})
        filters = filters_from_params(request.GET)
    except ValidationError as e:
        context = {
            "page": None,
            "rows": [],
            "errors": _messages(e),
            "params": request.GET,
            "actions": Action.choices,
            "object_types": object_types(),
            "can_export": True,
        }
        return render(request, "audit/list.html", context, status=400)
    qs = event_list(user=request.user, filters=filters)
    # The rows as they are now: the export's own event is not part of it.
    head = qs.order_by("-id").values_list("id", flat=True).first() or 0
    qs = qs.filter(id__lte=head)
    rows = qs.count()
    services.audit_record(
        action="export",
        object_type="audit.auditevent",
        object_repr=_("审计记录"),
        detail={"format": fmt, "filters": filters.as_params(), "rows": rows},
    )
    filename = exports.filename(fmt, rows)
    if fmt == "csv":
        response = StreamingHttpResponse(
            exports.csv_chunks(qs), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=filename
        )
        return response
    # Written to a temporary file by the write-only workbook, then streamed.
    out = tempfile.TemporaryFile(dir=settings.VAR_DIR)
    try:
        exports.write_xlsx(qs, out)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=filename, content_type=XLSX)


@login_required
@require_http_methods(["GET", "POST"])
def verify_view(request: HttpRequest) -> HttpResponse:
    """The chain's state: the latest full walk with its time and the rows
    appended since walked onto its head (GET); a full walk of the whole
    trail, kept as the latest (POST)."""
    _require(request, "view")
    if request.method == "POST":
        with transaction.atomic():
            services.chain_verify(by=request.user)
        return redirect("audit:verify")
    return render(request, "audit/verify.html", {"status": chain_status()})
