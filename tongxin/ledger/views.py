"""台账导入 pages: choose a kind, download its template, upload, preview, commit.

As the roster import: the upload is checked as a dry run and shown as a
preview (counts and every problem by row and column) while the file waits on
the server under a token bound to the user; the commit names the token and
imports for real in one transaction.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tongxin.core.errors import ServiceError
from tongxin.core.ledger import LedgerReport, get_kind
from tongxin.ledger.forms import LedgerCommitForm, LedgerUploadForm
from tongxin.ledger.policies import policy
from tongxin.ledger.services import ledger_import, ledger_template, template_filename
from tongxin.members.roster import uploads

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHOWN_ERRORS = 500


def _kinds(request: HttpRequest):
    kinds = policy.importable(request.user)
    if not kinds:
        raise PermissionDenied(_("您没有导入台账的权限。"))
    return kinds


def _report_context(report: LedgerReport) -> dict:
    return {
        "report": report,
        "kind": get_kind(report.kind),
        "errors": report.errors[:SHOWN_ERRORS],
        "errors_hidden": max(0, len(report.errors) - SHOWN_ERRORS),
    }


@login_required
@require_http_methods(["GET", "POST"])
def ledger_import_view(request: HttpRequest) -> HttpResponse:
    """Show the kinds and the upload form; on upload, show the preview."""
    kinds = _kinds(request)
    form = LedgerUploadForm(request.POST or None, request.FILES or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        kind = form.cleaned_data["kind"]
        mode = form.cleaned_data["mode"]
        if upload.size > settings.TONGXIN_MAX_UPLOAD_BYTES:
            form.add_error(
                "file",
                _("文件太大，上限为 %.0f MB。请分成几个文件导入。")
                % (settings.TONGXIN_MAX_UPLOAD_BYTES / (1 << 20)),
            )
        else:
            stored = uploads.store(
                user=request.user, upload=upload, mode=mode, org_id=None
            )
            try:
                report = ledger_import(
                    by=request.user,
                    kind=kind,
                    source=stored.path,
                    filename=stored.filename,
                    mode=mode,
                )
            except ServiceError as e:
                uploads.discard(stored.token)
                form.add_error("file", e.message)
            else:
                return render(
                    request,
                    "ledger/preview.html",
                    {
                        **_report_context(report),
                        "commit_form": LedgerCommitForm(
                            initial={"token": stored.token, "kind": kind, "mode": mode}
                        ),
                        "ttl_minutes": int(uploads.TTL.total_seconds() // 60),
                    },
                )
    status = 400 if form.errors else 200
    return render(
        request, "ledger/import.html", {"form": form, "kinds": kinds}, status=status
    )


@login_required
@require_POST
def ledger_commit_view(request: HttpRequest) -> HttpResponse:
    """Import a previewed upload for real and show the result."""
    _kinds(request)
    form = LedgerCommitForm(request.POST)
    stored = None
    if form.is_valid():
        stored = uploads.load(user=request.user, token=form.cleaned_data["token"])
    if stored is None:
        return render(
            request,
            "ledger/result.html",
            {
                "failure": _(
                    "预览已过期或不存在（每次上传只能导入一次），请重新上传台账。"
                )
            },
            status=400,
        )
    try:
        report = ledger_import(
            by=request.user,
            kind=form.cleaned_data["kind"],
            source=stored.path,
            filename=stored.filename,
            commit=True,
            mode=form.cleaned_data["mode"],
        )
    except ServiceError as e:
        uploads.discard(stored.token)
        return render(request, "ledger/result.html", {"failure": e.message}, status=400)
    if report.committed:
        uploads.discard(stored.token)
    return render(request, "ledger/result.html", _report_context(report))


@login_required
@require_GET
def ledger_template_view(request: HttpRequest, kind: str) -> FileResponse:
    """Download the template of a kind."""
    _kinds(request)
    try:
        data = ledger_template(by=request.user, kind=kind)
    except ServiceError:
        raise Http404(_("没有这种台账。")) from None
    return FileResponse(
        io.BytesIO(data),
        as_attachment=True,
        filename=template_filename(kind),
        content_type=XLSX,
    )
