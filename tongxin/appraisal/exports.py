"""The duty record as Word and Excel, and rankings and scores as Excel.

Word: python-docx, A4, the record's figures as sentences, one table per
section and the points breakdown, a page number in the footer, fonts named
as Chinese offices expect (LibreOffice substitutes an installed CJK font).
Excel: openpyxl in write-only mode, through :mod:`tongxin.core.exports`
(every text cell neutralised).  Exporting a member's record is a
personal-data export and is audited (:func:`duty_record_export`).
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from tongxin.appraisal.selectors import DutyRecord, Line, ScoreRow
from tongxin.audit.services import audit_record
from tongxin.core import exports
from tongxin.core.periods import Period
from tongxin.participation.compilation import _field as word_field
from tongxin.participation.compilation import _font as word_font

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (dt.date, int, float)):
        return value
    return "" if value is None else str(value)


def _text(value) -> str:
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def _num(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}"


def _table(doc, columns: list[str], rows: list[list]) -> None:
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for i, name in enumerate(columns):
        cell = table.rows[0].cells[i]
        cell.text = ""
        word_font(cell.paragraphs[0].add_run(name), "SimHei", 10.5, bold=True)
    for row in rows:
        cells = table.add_row().cells
        for i, value in enumerate(row):
            cells[i].text = ""
            word_font(cells[i].paragraphs[0].add_run(_text(value)), "SimSun", 10.5)


def _para(doc, text: str, *, font: str = "FangSong", size: float = 14, bold=False):
    p = doc.add_paragraph()
    word_font(p.add_run(text), font, size, bold=bold)
    return p


def point_rows(lines: list[Line]) -> list[list]:
    return [
        [
            line.name,
            line.measure_name,
            line.units,
            line.per_unit,
            _text(line.points) + (_("（已达上限）") if line.capped else ""),
        ]
        for line in lines
    ]


POINT_COLUMNS = [_("规则"), _("计分依据"), _("数量"), _("每单位分值"), _("得分")]


def record_docx(record: DutyRecord) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    word_field(p, "PAGE", "1")
    member = record.member
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    word_font(head.add_run(_("会员履职档案")), "SimHei", 22, bold=True)
    sub = doc.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    word_font(
        sub.add_run(
            _("%(name)s　%(org)s　%(period)s")
            % {
                "name": member.name,
                "org": member.organization.name,
                "period": record.period.label,
            }
        ),
        "KaiTi",
        14,
    )
    _para(
        doc,
        _("履职积分合计 %(total)s 分。") % {"total": _num(record.total)}
        + "；".join(s.summary for s in record.sections if s.summary)
        + "。",
    )
    for s in record.sections:
        h = doc.add_paragraph()
        word_font(h.add_run(s.title), "SimHei", 15, bold=True)
        if s.rows:
            _table(doc, [str(c) for c in s.columns], s.rows)
        else:
            _para(doc, _("本时段无记录。"), size=12)
    h = doc.add_paragraph()
    word_font(h.add_run(_("履职积分")), "SimHei", 15, bold=True)
    _table(doc, [str(c) for c in POINT_COLUMNS], point_rows(record.lines))
    _para(doc, _("合计：%(total)s 分") % {"total": _num(record.total)}, bold=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def record_xlsx(record: DutyRecord) -> bytes:
    wb = exports.workbook(write_only=True)
    ws = wb.create_sheet(_("履职档案"))
    ws.append(
        [
            _("会员履职档案"),
            record.member.name,
            record.member.organization.name,
            record.period.label,
        ]
    )
    ws.append([_("履职积分合计"), float(record.total)])
    for s in record.sections:
        ws.append([])
        ws.append([s.title, s.summary])
        ws.append([str(c) for c in s.columns])
        for row in s.rows:
            ws.append([_cell(c) for c in row])
    points = wb.create_sheet(_("履职积分"))
    points.append([str(c) for c in POINT_COLUMNS])
    for line in record.lines:
        points.append(
            [
                line.name,
                line.measure_name,
                float(line.units),
                float(line.per_unit),
                float(line.points),
            ]
        )
    points.append([_("合计"), "", "", "", float(record.total)])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def duty_record_export(*, by, record: DutyRecord, fmt: str) -> tuple[str, str, bytes]:
    """Return (file name, content type, bytes) of the record and audit the export."""
    if fmt == "docx":
        data, content_type = record_docx(record), DOCX
    else:
        fmt, data, content_type = "xlsx", record_xlsx(record), XLSX
    audit_record(
        action="export",
        obj=record.member,
        actor=by,
        detail={
            "what": "duty_record",
            "period": record.period.as_dict(),
            "format": fmt,
        },
    )
    name = _("%(name)s履职档案（%(period)s）") % {
        "name": record.member.name,
        "period": record.period.label,
    }
    return f"{name}.{fmt}", content_type, data


def _breakdown_sheet(wb, title: str, head: list[str], rules, rows, label) -> None:
    ws = wb.create_sheet(title)
    ws.append(head + [r.name for r in rules] + [_("合计")])
    for row in rows:
        by_code = {line.code: line.points for line in row.lines}
        ws.append(
            [row.rank, *label(row)]
            + [float(by_code.get(r.code, 0)) for r in rules]
            + [float(row.total)]
        )


def ranking_xlsx_to(out, *, rules, chunks, count: int) -> None:
    """Write the ranking to the file ``out``, a chunk of rows at a time, with
    the number of members on the last line."""
    wb = exports.workbook(write_only=True)
    ws = wb.create_sheet(_("履职积分排名"))
    ws.append(
        [_("名次"), _("姓名"), _("所在组织")] + [r.name for r in rules] + [_("合计")]
    )
    for rows in chunks:
        for row in rows:
            by_code = {line.code: line.points for line in row.lines}
            ws.append(
                [row.rank, row.member.name, row.member.organization.name]
                + [float(by_code.get(r.code, 0)) for r in rules]
                + [float(row.total)]
            )
    ws.append([_("共 %(n)d 人") % {"n": count}])
    wb.save(out)


def scores_xlsx(*, rules, rows: list[ScoreRow], title: str, period: Period) -> bytes:
    wb = exports.workbook(write_only=True)
    _breakdown_sheet(
        wb,
        _("基层组织考核"),
        [_("名次"), _("组织"), _("组织代码")],
        rules,
        rows,
        lambda r: [r.org.name, r.org.code],
    )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
