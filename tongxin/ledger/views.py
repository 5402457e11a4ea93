"""台账导入 pages: choose a kind, download its template, upload, preview, commit.

As the roster import (:mod:`tongxin.core.imports_web`): the upload is checked
as a dry run and shown as a preview (counts and every problem by row and
column) while the file waits on the server under a token bound to the user;
the commit names the token and imports for real in one transaction.
"""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tongxin.core.errors import ServiceError
from tongxin.core.imports_web import ImportPages
from tongxin.core.ledger import LedgerReport, get_kind
from tongxin.ledger.forms import LedgerCommitForm, LedgerUploadForm
from tongxin.ledger.policies import policy
from tongxin.ledger.services import ledger_import, ledger_template, template_filename

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _kinds(request: HttpRequest):
    kinds = policy.importable(request.user)
    if not kinds:
        raise PermissionDenied(_("您没有导入台账的权限。"))
    return kinds


class LedgerImportPages(ImportPages):
    """A ledger's upload, preview and commit; the kind travels with the token."""

    upload_form = LedgerUploadForm
    commit_form = LedgerCommitForm
    upload_url = "ledger:import"
    commit_url = "ledger:commit"
    command = "import-ledger"
    upload_template = "ledger/import.html"
    preview_template = "ledger/preview.html"
    result_template = "ledger/result.html"
    expired_message = gettext_lazy(
        "预览已过期或不存在（每次上传只能导入一次），请重新上传台账。"
    )

    def run(self, request, *, stored, data, commit):
        return ledger_import(
            by=request.user,
            kind=data["kind"],
            source=stored.path,
            filename=stored.filename,
            commit=commit,
            mode=data["mode"],
        )

    def commit_initial(self, data):
        return {"kind": data["kind"]}

    def report_context(self, report: LedgerReport) -> dict:
        return {**super().report_context(report), "kind": get_kind(report.kind)}


pages = LedgerImportPages()


@login_required
@require_http_methods(["GET", "POST"])
def ledger_import_view(request: HttpRequest) -> HttpResponse:
    """Show the kinds and the upload form; on upload, show the preview."""
    kinds = _kinds(request)
    return pages.upload_page(
        request, form_kwargs={"kinds": kinds}, context={"kinds": kinds}
    )


@login_required
@require_POST
def ledger_commit_view(request: HttpRequest) -> HttpResponse:
    """Import a previewed upload for real and show the result."""
    _kinds(request)
    return pages.commit_page(request)


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
