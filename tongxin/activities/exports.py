"""The attendance list as an .xlsx workbook, and the audit of its export.

Written with openpyxl's write-only mode.  Text that a spreadsheet could run
as a formula is neutralised by the workbook (:mod:`tongxin.core.exports`).
"""

from __future__ import annotations

import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from tongxin.activities.models import Event
from tongxin.activities.selectors import SheetRow
from tongxin.core import exports

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WIDTHS = (6, 12, 6, 24, 10, 18, 8, 12, 18, 10)


def _text(value) -> str | None:
    return str(value) if value not in (None, "") else None


def _local(value) -> str | None:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else None


def attendance_xlsx(*, event: Event, rows: list[SheetRow]) -> bytes:
    """Return the sign-up and attendance list of ``event`` as .xlsx bytes."""
    wb = exports.workbook(write_only=True)
    ws = wb.create_sheet(_("签到表"))
    for i, width in enumerate(WIDTHS):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    title = WriteOnlyCell(ws, value=_text(event.title))
    title.font = Font(bold=True, size=14)
    ws.append([title])
    ws.append(
        [
            _text(
                _("时间：%(start)s 至 %(end)s　地点：%(place)s　主办：%(org)s")
                % {
                    "start": _local(event.start_at),
                    "end": _local(event.end_at),
                    "place": event.place or "—",
                    "org": event.organization.name,
                }
            )
        ]
    )
    headers = [
        _("序号"),
        _("姓名"),
        _("性别"),
        _("所在组织"),
        _("报名状态"),
        _("报名时间"),
        _("到场"),
        _("签到方式"),
        _("签到时间"),
        _("备注"),
    ]
    header_cells = []
    for text in headers:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = Font(bold=True)
        header_cells.append(cell)
    ws.append(header_cells)
    for n, row in enumerate(rows, start=1):
        member, signup, attendance = row.member, row.signup, row.attendance
        ws.append(
            [
                n,
                _text(member.name),
                _text(member.get_gender_display()),
                _text(member.organization.name),
                _text(signup.get_status_display()) if signup else _("未报名"),
                _local(signup.queued_at) if signup else None,
                _("是") if attendance else _("否"),
                _text(attendance.get_method_display()) if attendance else None,
                _local(attendance.recorded_at) if attendance else None,
                _("现场登记") if row.walk_in else None,
            ]
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def attendance_filename(event: Event) -> str:
    day = timezone.localtime(event.start_at).strftime("%Y%m%d")
    safe = "".join(ch for ch in event.title if ch not in '\\/:*?"<>|')[:60]
    return f"{safe}-{day}-签到表.xlsx"


def download(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


def record_export(*, event: Event, user, rows: int, fmt: str) -> None:
    """Record in the audit trail that a list of members was exported or printed."""
    from tongxin.audit.services import audit_record

    audit_record(
        action="export",
        obj=event,
        detail={"what": "attendance", "format": fmt, "rows": rows},
        actor=user,
    )
