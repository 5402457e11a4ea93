"""A journal issue's table of contents as Word (.docx) and Excel (.xlsx)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from tongxin.publicity.models import JournalIssue

HEADINGS = ("序号", "栏目", "标题", "作者")


def toc_docx(issue: JournalIssue, rows: list[dict]) -> bytes:
    """Return the TOC as a Word document: A4, 宋体, a table of the articles."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.5))
    style = doc.styles["Normal"]
    style.font.name = "宋体"
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(_("会刊%(issue)s 目录") % {"issue": issue})
    run.bold = True
    run.font.size = Pt(18)
    if issue.theme:
        p = doc.add_paragraph(issue.theme)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(_("出版日期：%s") % issue.published_on.isoformat())
    table = doc.add_table(rows=1, cols=len(HEADINGS))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADINGS, strict=True):
        cell.text = _(text)
    for r in rows:
        cells = table.add_row().cells
        for cell, value in zip(
            cells,
            (str(r["position"]), r["column"], r["title"], r["authors"]),
            strict=True,
        ):
            cell.text = value
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def toc_xlsx(issue: JournalIssue, rows: list[dict]) -> bytes:
    """Return the TOC as a one-sheet workbook."""
    from tongxin.core import exports

    wb = exports.workbook(write_only=True)
    ws = wb.create_sheet(str(issue))
    ws.append([_("会刊%(issue)s 目录") % {"issue": issue}])
    ws.append([_(h) for h in HEADINGS])
    for r in rows:
        ws.append([r["position"], r["column"], r["title"], r["authors"]])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
