"""API router: roster (花名册) import, export and the import template.

``POST /import`` takes the file as multipart form data and answers with the
import report -- ``rows``, ``valid``, ``created``, ``updated`` and ``errors``
(``{row, column, value, message}``), the same object ``tongxin import-roster
--json`` prints.  Without ``commit`` it is a dry run.  A file that cannot be
read answers 400, a user who may not import 403.

``GET /export`` takes the member list's filter parameters and answers with
the .xlsx roster, which ``POST /import`` reads back unchanged.
"""

from __future__ import annotations

import io
import tempfile

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, UploadedFile

from tongxin.core.schemas import READ_ERRORS, WRITE_ERRORS, ErrorOut
from tongxin.members.filters import filters_from_params
from tongxin.members.policies import policy
from tongxin.members.roster.exporter import (
    export_filename,
    roster_export,
    roster_template,
)
from tongxin.members.roster.importer import import_orgs, roster_import

router = Router(tags=["roster"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILE_ERRORS = {**READ_ERRORS, 403: ErrorOut}
XLSX_RESPONSE = {
    "responses": {
        200: {
            "description": "Excel 工作簿（.xlsx）",
            "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


class RosterErrorOut(Schema):
    """One problem: spreadsheet row, column header as in the file, value, reason."""

    row: int
    column: str
    value: str
    message: str


class RosterPlanOut(Schema):
    """What a valid row does."""

    row: int
    action: str = Field(description="create（新增）或 update（更新）")
    name: str
    organization: str
    member_id: int | None = None
    changes: list[str] = Field(description="值有变化的列（更新时）")


class RosterReportOut(Schema):
    """The import report; ``created``/``updated`` of a dry run are what a commit would do."""

    rows: int = Field(description="数据行数")
    valid: int = Field(description="无误的行数")
    created: int = Field(description="新增的会员数")
    updated: int = Field(description="信息有变化的已登记会员数")
    errors: list[RosterErrorOut]
    unchanged: int = Field(description="信息无变化的已登记会员数")
    committed: bool = Field(description="是否已写入")
    mode: str
    header_row: int = Field(description="表头所在行")
    ignored_columns: list[str] = Field(description="未识别、已忽略的列")
    plan: list[RosterPlanOut] | None = Field(
        None, description="每行的操作（plan=true 时）"
    )


class RosterExportQuery(Schema):
    """Filters of the export, as on the member list page."""

    org: str | None = Field(None, description="组织编号（含下级组织）")
    status: str | None = Field(
        None, description="状态，默认 active（在册）；all 为全部"
    )
    gender: str | None = Field(None, description="M 或 F")
    age: str | None = Field(None, description="年龄段：-35、36-45、46-55、56-65、66-")
    edu_level: str | None = Field(
        None,
        description="学历层次：postgraduate、undergraduate、college、secondary、other",
    )
    education: str | None = Field(None, description="学历代码")
    sector: str | None = Field(None, description="界别代码")
    join_year: str | None = Field(None, description="入会年份，如 2013")
    post: str | None = Field(None, description="社会职务：npc、cppcc、special")
    q: str | None = Field(None, description="姓名（汉字、全拼或首字母）或会员证号")
    sort: str | None = Field(None, description="stroke（姓氏笔画，默认）或 pinyin")
    on: str | None = Field(None, description="某日在册的会员，如 2013-12-31")


@router.post(
    "/import",
    response={200: RosterReportOut, **WRITE_ERRORS},
    summary="导入花名册",
)
def import_roster(
    request: HttpRequest,
    file: File[UploadedFile],
    commit: Form[bool] = False,
    mode: Form[str] = "all",
    org: Form[str | None] = None,
    plan: Form[bool] = False,
) -> dict:
    """Check a roster (.xlsx or .csv) and, with ``commit``, import it.

    ``mode``: ``all`` writes nothing if any row is wrong, ``valid`` writes the
    valid rows.  ``org`` is the code of the organization that receives new
    members of rows without one.  ``plan`` adds each row's action.
    """
    default_org = None
    if org:
        default_org = import_orgs(user=request.auth).filter(code=org).first()
        if default_org is None:
            raise ValidationError(
                {"org": _("组织代码“%s”不存在，或您无权向该组织导入会员。") % org}
            )
    report = roster_import(
        by=request.auth,
        source=file,
        filename=file.name or "",
        commit=commit,
        mode=mode,
        default_org=default_org,
    )
    return report.as_dict(plan=plan)


@router.get(
    "/export",
    response=FILE_ERRORS,
    summary="导出花名册",
    openapi_extra=XLSX_RESPONSE,
)
def export_roster(
    request: HttpRequest, filters: Query[RosterExportQuery]
) -> FileResponse:
    """Return the filtered members as an .xlsx roster in the import layout."""
    f = filters_from_params(user=request.auth, params=filters.dict(exclude_none=True))
    out = tempfile.TemporaryFile(dir=settings.VAR_DIR)
    try:
        roster_export(user=request.auth, filters=f, out=out)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return FileResponse(
        out, as_attachment=True, filename=export_filename(f), content_type=XLSX
    )


@router.get(
    "/template",
    response=FILE_ERRORS,
    summary="下载导入模板",
    openapi_extra=XLSX_RESPONSE,
)
def roster_import_template(request: HttpRequest) -> FileResponse:
    """Return the import template: headers, an example row and instructions."""
    if not policy.can(request.auth, "import"):
        raise PermissionDenied(_("您没有导入会员的权限。"))
    return FileResponse(
        io.BytesIO(roster_template()),
        as_attachment=True,
        filename=_("会员花名册导入模板.xlsx"),
        content_type=XLSX,
    )
