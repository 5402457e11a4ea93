"""The roster to print and hand in (花名册): title, 序号, the columns a
printed roster shows, landscape A4 fitted to the page width, the header row
repeated on every page and page numbers in the footer.

The rows come from the same source as the import-layout export
(:func:`~.exporter.export_rows`: the same permission checks, the same
``member_list(action="export")`` and the same cell values), so whatever it
writes for a member (masked or not) the printed roster writes too; only the
layout differs.  Written by
openpyxl's write-only workbook, row by row; each export is audited.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from tongxin.core import exports
from tongxin.members.roster import columns
from tongxin.members.roster.exporter import export_rows
from tongxin.members.selectors import MemberFilters

__all__ = ["print_filename", "roster_print_export"]

#: The printed columns: (field of the roster row, header, width in characters).
PRINT_COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("name", "姓名", 9),
    ("gender", "性别", 5),
    ("ethnicity", "民族", 7),
    ("birth_date", "出生日期", 11),
    ("education", "学历", 13),
    ("title", "职称", 13),
    ("work_unit", "工作单位", 24),
    ("job", "职务", 12),
    (columns.ORGANIZATION, "所在组织", 18),
    ("joined_on", "入会日期", 11),
    ("mobile", "联系电话", 13),
)
HEADER_ROW = 3
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(vertical="center", wrap_text=True)
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _cell(sheet, value, *, font=None, alignment=_WRAP, border=_BORDER):
    cell = WriteOnlyCell(sheet, value=value)
    if font is not None:
        cell.font = font
    cell.alignment = alignment
    if border is not None:
        cell.border = border
    return cell


def _page_setup(sheet) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.print_options.horizontalCentered = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.oddFooter.center.text = _("第 &P 页，共 &N 页")
    sheet.oddFooter.center.size = 9


def roster_print_export(
    *, user, filters: MemberFilters | None, out: BinaryIO | Path | str, title: str
) -> int:
    """Write the printable roster of the members ``user`` may export (filtered)
    to ``out`` under ``title``; return the number of members."""
    filters = filters or MemberFilters()
    rows = export_rows(user=user, filters=filters)
    index = {c.field: i for i, c in enumerate(columns.COLUMNS)}
    workbook = exports.workbook(write_only=True)
    sheet = workbook.create_sheet(_("会员花名册"))
    _page_setup(sheet)
    widths = [5] + [w for _f, _h, w in PRINT_COLUMNS]
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    # Titles centred across the columns without merging (write-only sheets
    # cannot merge): "centerContinuous" spans them over the empty cells.
    across = Alignment(horizontal="centerContinuous", vertical="center")
    blank = [_cell(sheet, None, alignment=across, border=None) for _w in widths[1:]]
    sheet.row_dimensions[1].height = 30
    sheet.append(
        [
            _cell(
                sheet,
                title,
                font=Font(bold=True, size=16),
                alignment=across,
                border=None,
            )
        ]
        + blank
    )
    today = timezone.localdate()
    sheet.append(
        [
            _cell(
                sheet,
                _("截至%(y)d年%(m)d月%(d)d日，共%(n)d人")
                % {"y": today.year, "m": today.month, "d": today.day, "n": rows.count},
                alignment=across,
                border=None,
            )
        ]
        + [_cell(sheet, None, alignment=across, border=None) for _w in widths[1:]]
    )
    bold = Font(bold=True)
    sheet.append(
        [_cell(sheet, _("序号"), font=bold, alignment=_CENTRE)]
        + [
            _cell(sheet, _(h), font=bold, alignment=_CENTRE)
            for _f, h, _w in PRINT_COLUMNS
        ]
    )
    count = 0
    for values in rows:
        count += 1
        sheet.append(
            [_cell(sheet, count, alignment=_CENTRE)]
            + [_cell(sheet, values[index[f]]) for f, _h, _w in PRINT_COLUMNS]
        )
    workbook.save(out)
    rows.audit(object_repr=_("会员花名册（打印版）"), layout="print")
    return count


def print_filename(filters: MemberFilters | None = None) -> str:
    """``会员花名册（打印版）-教育一支部-20260101.xlsx``."""
    parts = [_("会员花名册（打印版）")]
    if filters is not None and filters.org is not None:
        parts.append(filters.org.short_name or filters.org.name)
    parts.append(timezone.localdate().strftime("%Y%m%d"))
    return "-".join(parts) + ".xlsx"
