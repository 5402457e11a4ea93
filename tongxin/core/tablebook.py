"""Tables handed out as .xlsx workbooks, written row by row.

A list on screen (a statistics drill-down, the participation statistics)
leaves it as a workbook: each :class:`Sheet` a title line, a line saying
what was chosen, the column headings, every row and a total row. The
workbook is written in openpyxl's write-only mode into a temporary file and
streamed from there, so a list of any length is never held in memory.
The workbook comes from :mod:`tongxin.core.exports`, which neutralises every
text cell a spreadsheet would read as a formula.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.http import FileResponse
from django.utils.http import content_disposition_header
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from tongxin.core import exports

__all__ = ["XLSX_TYPE", "Sheet", "response", "write"]

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FONT = "宋体"


@dataclass
class Sheet:
    """One table: ``rows`` may be any iterable (a generator reads lazily)."""

    title: str
    columns: list[str]
    rows: Iterable[list]
    subtitle: str = ""
    total: list | None = None  # the total row, written last in bold
    widths: list[float] = field(default_factory=list)


def _sheet_name(title: str, used: set[str]) -> str:
    name = "".join(ch for ch in str(title) if ch not in "[]:*?/\\")[:28] or "Sheet"
    base, n = name, 2
    while name in used:
        name = f"{base[:25]}{n}"
        n += 1
    used.add(name)
    return name


def write(sheets: Iterable[Sheet], out) -> int:
    """Write ``sheets`` to the open binary file ``out``; return the rows written."""
    wb = exports.workbook(write_only=True)
    used: set[str] = set()
    count = 0
    for sheet in sheets:
        ws = wb.create_sheet(_sheet_name(sheet.title, used))
        for i, width in enumerate(sheet.widths):
            ws.column_dimensions[chr(ord("A") + i)].width = width
        bold = Font(name=FONT, bold=True)

        def styled(values, font, ws=ws):
            cells = []
            for v in values:
                cell = WriteOnlyCell(ws, value=v)
                cell.font = font
                cells.append(cell)
            return cells

        ws.append(styled([sheet.title], Font(name=FONT, size=14, bold=True)))
        if sheet.subtitle:
            ws.append([sheet.subtitle])
        ws.append(styled(sheet.columns, bold))
        for row in sheet.rows:
            ws.append(list(row))
            count += 1
        if sheet.total is not None:
            ws.append(styled(sheet.total, bold))
    wb.save(out)
    return count


def response(sheets: Iterable[Sheet], filename: str) -> FileResponse:
    """A download of ``sheets`` streamed from a temporary file."""
    out = tempfile.TemporaryFile()
    write(sheets, out)
    out.seek(0)
    resp = FileResponse(out, content_type=XLSX_TYPE)
    resp["Content-Disposition"] = content_disposition_header(True, filename)
    resp["Cache-Control"] = "private, no-store"
    return resp
