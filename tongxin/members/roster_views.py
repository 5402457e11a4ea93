"""Pages of roster import and export: upload, preview, commit, template, export.

Import is two requests (:mod:`tongxin.core.imports_web`): the upload is checked
as a dry run and shown as a preview -- counts, every problem by row and
column, what each row will do -- and the commit imports the kept file for real.
"""

from __future__ import annotations

import io
import tempfile

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tongxin.core.errors import ServiceError
from tongxin.core.imports_web import ImportPages
from tongxin.members.filters import filters_from_params
from tongxin.members.policies import policy
from tongxin.members.roster.exporter import (
    export_filename,
    roster_export,
    roster_template,
)
from tongxin.members.roster.forms import RosterUploadForm
from tongxin.members.roster.importer import ImportReport, import_orgs, roster_import
from tongxin.members.roster.reader import ImportFileError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Planned rows shown on the preview; the counts always cover the file.
SHOWN_PLAN = 200


def _require(request: HttpRequest, action: str) -> None:
    if not policy.can(request.user, action):
        if action == "import":
            raise PermissionDenied(_("您没有导入会员的权限。"))
        raise PermissionDenied(_("您没有导出会员花名册的权限。"))


class RosterImportPages(ImportPages):
    """The roster's upload, preview and commit; the preview also lists what
    each row will do."""

    upload_form = RosterUploadForm
    upload_url = "members:import"
    commit_url = "members:import_commit"
    command = "import-roster"
    upload_template = "members/roster_import.html"
    preview_template = "members/roster_preview.html"
    result_template = "members/roster_result.html"
    expired_message = gettext_lazy(
        "预览已过期或不存在（每次上传只能导入一次），请重新上传花名册。"
    )
    refusals = (ImportFileError, ServiceError)

    def run(self, request, *, stored, data, commit):
        default_org = None
        if stored.org_id is not None:
            orgs = import_orgs(user=request.user)
            default_org = orgs.filter(pk=stored.org_id).first()
        return roster_import(
            by=request.user,
            source=stored.path,
            filename=stored.filename,
            commit=commit,
            mode=data["mode"],
            default_org=default_org,
        )

    def kept_org_id(self, data):
        return data["org"].pk if data["org"] else None

    def preview_context(self, data):
        return {"default_org": data["org"]}

    def report_context(self, report: ImportReport) -> dict:
        return {
            **super().report_context(report),
            "plan": report.plan[:SHOWN_PLAN],
            "plan_hidden": max(0, len(report.plan) - SHOWN_PLAN),
        }


pages = RosterImportPages()


@login_required
@require_http_methods(["GET", "POST"])
def roster_import_view(request: HttpRequest) -> HttpResponse:
    """Show the upload form; on upload, check the file and show the preview."""
    _require(request, "import")
    orgs = import_orgs(user=request.user)
    return pages.upload_page(request, form_kwargs={"orgs": orgs}, context={})


@login_required
@require_POST
def roster_import_commit(request: HttpRequest) -> HttpResponse:
    """Import a previewed upload for real and show the result."""
    _require(request, "import")
    return pages.commit_page(request)


@login_required
@require_GET
def roster_import_template(request: HttpRequest) -> FileResponse:
    """Download the import template."""
    _require(request, "import")
    return FileResponse(
        io.BytesIO(roster_template()),
        as_attachment=True,
        filename=_("会员花名册导入模板.xlsx"),
        content_type=XLSX,
    )


def _filtered_workbook(request: HttpRequest, write, filename) -> HttpResponse:
    """Answer an export of the member list's query parameters.

    ``write(filters, out)`` writes the workbook to an anonymous temporary file,
    streamed from there under ``filename(filters)``; bad parameters get the
    error page.
    """
    _require(request, "export")
    try:
        filters = filters_from_params(user=request.user, params=request.GET)
    except ValidationError as e:
        return render(
            request,
            "members/roster_export_error.html",
            {"messages_by_field": e.message_dict},
            status=400,
        )
    out = tempfile.TemporaryFile(dir=settings.VAR_DIR)
    try:
        write(filters, out)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return FileResponse(
        out, as_attachment=True, filename=filename(filters), content_type=XLSX
    )


@login_required
@require_GET
def roster_export_view(request: HttpRequest) -> HttpResponse:
    """Download the filtered member list as an .xlsx roster.

    Takes the member list's query parameters.  The workbook is written to an
    anonymous temporary file and streamed from there.
    """
    return _filtered_workbook(
        request,
        lambda filters, out: roster_export(user=request.user, filters=filters, out=out),
        export_filename,
    )


@login_required
@require_GET
def roster_print_view(request: HttpRequest) -> HttpResponse:
    """Download the filtered member list as the roster to print (花名册).

    Takes the member list's query parameters, as the import-layout export does.
    """
    from tongxin.members.roster.print_layout import print_filename, roster_print_export

    def write(filters, out) -> None:
        if filters.org is not None:
            title = _("%s会员花名册") % filters.org.name
        else:
            title = _("%s会员花名册") % _root_title(request.user)
        roster_print_export(user=request.user, filters=filters, out=out, title=title)

    return _filtered_workbook(request, write, print_filename)


def _root_title(user) -> str:
    """The name of the highest organization the user may export from."""
    from tongxin.orgs.models import Organization

    paths = sorted(policy.scopes(user, "export"))
    if paths and paths[0] != "":
        org = Organization.objects.filter(path=paths[0]).first()
    else:
        org = Organization.objects.filter(parent__isnull=True).order_by("path").first()
    return org.name if org else ""
