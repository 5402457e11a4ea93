"""The member structure table (会员结构统计表) as an .xlsx workbook.

Laid out as the table is printed in a committee's office: a title, the
organization and the date the figures are stated at, a two-row header
(年龄, 学历, 职称 and 社会职务 grouped over their columns), a row per
organization and a total row, in 宋体 with borders, A4 landscape, the
header repeated on every printed page.
"""

from __future__ import annotations

import io

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from tongxin.core import exports
from tongxin.stats.structure import Column, StructureRow

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FONT = "宋体"

GROUPS = {
    "age_bands": _lazy("年龄"),
    "education": _lazy("学历"),
    "titles": _lazy("职称"),
    "public_posts": _lazy("社会职务"),
}


def header_groups(columns: list[Column]) -> list[tuple[str | None, list[Column]]]:
    """Consecutive columns under one heading: ``(heading or None, columns)``."""
    groups: list[tuple[str | None, list[Column]]] = []
    for col in columns:
        head = col.key.split(".")[0]
        label = str(GROUPS[head]) if head in GROUPS else None
        if groups and label is not None and groups[-1][0] == label:
            groups[-1][1].append(col)
        else:
            groups.append((label, [col]))
    return groups


def structure_xlsx(*, choice, columns: list[Column], rows: list[StructureRow]) -> bytes:
    wb = exports.workbook()
    ws = wb.active
    ws.title = _("会员结构统计")
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    body = Font(name=FONT, size=10)
    bold = Font(name=FONT, size=10, bold=True)
    width = len(columns) + 1
    last = get_column_letter(width)

    ws.merge_cells(f"A1:{last}1")
    ws["A1"] = _("会员结构统计表")
    ws["A1"].font = Font(name=FONT, size=16, bold=True)
    ws["A1"].alignment = center
    ws.row_dimensions[1].height = 30
    ws.merge_cells(f"A2:{last}2")
    ws["A2"] = _("组织：%(org)s　　统计截至：%(day)s　　时段：%(period)s") % {
        "org": choice.scope.title,
        "day": choice.period.as_of.isoformat(),
        "period": choice.period.label,
    }
    ws["A2"].font = body
    ws["A2"].alignment = Alignment(horizontal="left", vertical="center")

    # Two header rows: groups over their columns, single columns spanning both.
    ws.cell(row=3, column=1, value=_("组织"))
    ws.merge_cells(start_row=3, start_column=1, end_row=4, end_column=1)
    col = 2
    for label, cols in header_groups(columns):
        if label is None:
            for c in cols:
                ws.cell(row=3, column=col, value=c.label)
                ws.merge_cells(start_row=3, start_column=col, end_row=4, end_column=col)
                col += 1
        else:
            ws.cell(row=3, column=col, value=label)
            ws.merge_cells(
                start_row=3, start_column=col, end_row=3, end_column=col + len(cols) - 1
            )
            for c in cols:
                ws.cell(row=4, column=col, value=c.label)
                col += 1
    for r in (3, 4):
        ws.row_dimensions[r].height = 32
        for c in range(1, width + 1):
            cell = ws.cell(row=r, column=c)
            cell.font = bold
            cell.alignment = center
            cell.border = border

    r = 5
    for row in rows:
        ws.cell(row=r, column=1, value=row.label)
        for i, c in enumerate(columns, start=2):
            ws.cell(row=r, column=i, value=row.values[c.key])
        for c in range(1, width + 1):
            cell = ws.cell(row=r, column=c)
            cell.font = bold if row.total_row else body
            cell.border = border
            cell.alignment = (
                Alignment(vertical="center", wrap_text=True) if c == 1 else center
            )
        r += 1

    ws.column_dimensions["A"].width = 24
    for c in range(2, width + 1):
        ws.column_dimensions[get_column_letter(c)].width = 7.5
    ws.freeze_panes = "B5"
    ws.print_title_rows = "3:4"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddFooter.center.text = _("第 &P 页，共 &N 页")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def structure_filename(choice) -> str:
    safe = "".join(ch for ch in choice.scope.title if ch not in '\\/:*?"<>|')[:40]
    return f"{safe}-会员结构统计-{choice.period.as_of.isoformat()}.xlsx"


def download(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


def drill_download(*, choice, drill, section: str):
    """Every row behind a figure as an .xlsx workbook, streamed, with a total line.

    The same rows as the list, in its order, numbered (序号) as on the page.
    """
    from tongxin.core.tablebook import Sheet, response

    def rows():
        for n, (row, _link) in enumerate(drill.every(), start=1):
            yield [n, *row]

    sheet = Sheet(
        drill.title,
        [_("序号"), *drill.columns],
        rows(),
        _("%(section)s　组织：%(org)s　时段：%(period)s")
        % {
            "section": section,
            "org": choice.scope.title,
            "period": choice.period.label,
        },
        [_("合计"), _("共 %(n)d 条记录") % {"n": drill.total}],
        [6] + [16] * len(drill.columns),
    )
    safe = "".join(ch for ch in drill.title if ch not in '\\/:*?"<>|')[:60]
    return response([sheet], f"{safe or _('统计明细')}.xlsx")
