"""API router: 台账导入 -- the template and the import of each kind.

``GET /{kind}/template`` answers with the kind's .xlsx template;
``POST /{kind}/import`` takes the file as multipart form data and answers
with the report ``tongxin import-ledger --json`` prints: ``kind``, ``rows``,
``valid``, ``created``, ``errors`` (``{row, column, value, message}``),
``committed``, ``mode``, ``header_row``, ``ignored_columns``.  Without
``commit`` it is a dry run.  An unknown kind or a file that cannot be read
answers 400, a user who may not import the kind 403.
"""

from __future__ import annotations

import io

from django.http import FileResponse, HttpRequest
from ninja import Field, File, Form, Router, Schema, UploadedFile

from tongxin.core.schemas import READ_ERRORS, WRITE_ERRORS, ErrorOut
from tongxin.ledger.services import ledger_import, ledger_template, template_filename

router = Router(tags=["ledger"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILE_ERRORS = {**READ_ERRORS, 400: ErrorOut, 403: ErrorOut}  # 400: an unknown kind
XLSX_RESPONSE = {
    "responses": {
        200: {
            "description": "Excel 工作簿（.xlsx）",
            "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


class LedgerErrorOut(Schema):
    """One problem: spreadsheet row, column header, value, reason."""

    row: int
    column: str
    value: str
    message: str


class LedgerReportOut(Schema):
    """The ledger import report; ``created`` of a dry run is what a commit would write."""

    kind: str = Field(
        description="台账类别：activities、items、honors、tasks、inspections"
    )
    rows: int = Field(description="数据行数")
    valid: int = Field(description="无误的行数")
    created: int = Field(description="导入（或将导入）的行数")
    errors: list[LedgerErrorOut]
    committed: bool = Field(description="是否已写入")
    mode: str
    header_row: int = Field(description="表头所在行")
    ignored_columns: list[str] = Field(description="未识别、已忽略的列")


@router.get(
    "/{kind}/template",
    response=FILE_ERRORS,
    summary="下载台账导入模板",
    openapi_extra=XLSX_RESPONSE,
)
def ledger_template_api(request: HttpRequest, kind: str) -> FileResponse:
    """Return the template of ``kind``: headers, an example row, the notes sheet."""
    data = ledger_template(by=request.auth, kind=kind)
    return FileResponse(
        io.BytesIO(data),
        as_attachment=True,
        filename=template_filename(kind),
        content_type=XLSX,
    )


@router.post(
    "/{kind}/import",
    response={200: LedgerReportOut, **WRITE_ERRORS},
    summary="导入台账",
)
def ledger_import_api(
    request: HttpRequest,
    kind: str,
    file: File[UploadedFile],
    commit: Form[bool] = False,
    mode: Form[str] = "all",
) -> dict:
    """Check a ledger (.xlsx) of ``kind`` and, with ``commit``, import it.

    ``mode``: ``all`` writes nothing if any row is wrong, ``valid`` writes the
    valid rows.
    """
    report = ledger_import(
        by=request.auth,
        kind=kind,
        source=file,
        filename=file.name or "",
        commit=commit,
        mode=mode,
    )
    return report.as_dict()
