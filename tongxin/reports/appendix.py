"""The statistical appendix: an .xlsx workbook with one sheet per section.

Each sheet lists the section's figures (指标, 数值) and then every list of
records the section holds (campaigns, series, training classes ...) as a
table with a heading row: the same numbers the report's sentences use.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from tongxin.core import exports
from tongxin.reports.labels import figure_label, label
from tongxin.reports.writer import flatten, record_tables, section_heading

HEAD = Font(bold=True)
FILL = PatternFill("solid", fgColor="F2DCDB")


def _safe_title(text: str, used: set[str]) -> str:
    for ch in "[]:*?/\\":
        text = text.replace(ch, "")
    text = text[:31] or "Sheet"
    base, n = text, 2
    while text in used:
        text = f"{base[:28]}{n}"
        n += 1
    used.add(text)
    return text


def _cell_value(value):
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return value


def render(figures: dict, *, title: str) -> bytes:
    wb = exports.workbook()
    info = wb.active
    info.title = _("说明")
    period = figures.get("period", {})
    for row in (
        (_("统计附表"), title),
        (_("统计范围"), figures.get("scope", {}).get("title", "")),
        (_("统计时段"), f"{period.get('start', '')} — {period.get('end', '')}"),
        (_("数据截至"), period.get("as_of", "")),
    ):
        info.append(list(row))
    info.column_dimensions["A"].width = 14
    info.column_dimensions["B"].width = 50
    used = {info.title}
    from tongxin.stats.figures import SECTIONS

    for name in SECTIONS:
        if name not in figures:
            continue
        section = figures[name] or {}
        ws = wb.create_sheet(_safe_title(section_heading(name), used))
        ws.append([_("指标"), _("数值"), _("键")])
        for cell in ws[1]:
            cell.font, cell.fill = HEAD, FILL
        for key, value in flatten(section):
            ws.append([figure_label(name, key), _cell_value(value), key])
        for key, columns, rows in record_tables(section):
            ws.append([])
            ws.append([label(key)])
            ws.cell(ws.max_row, 1).font = HEAD
            ws.append([label(c) for c in columns])
            for cell in ws[ws.max_row]:
                cell.font, cell.fill = HEAD, FILL
            for row in rows:
                ws.append([_cell_value(v) for v in row])
        for i, width in enumerate((34, 18, 30, 14, 14, 14, 14, 14), start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        for row in ws.iter_rows():
            for cell in row:
                cell.alignment = Alignment(vertical="top", wrap_text=True)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
