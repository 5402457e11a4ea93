"""The annual report as a Word document, ready for the secretary to edit.

Real Word styles carry the look, so editing keeps it: the body (``Normal``)
in FangSong 三号 with a two-character first-line indent, headings
(``Heading 1``/``Heading 2``) in SimHei and KaiTi, the title in SimHei; each
font is set for East Asian text too (``w:eastAsia``), which is the attribute
Word and LibreOffice read for Chinese characters. Tables use ``Table Grid``
with a numbered caption above, charts are PNG pictures with a caption below.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from tongxin.reports import charts
from tongxin.reports.writer import Chart, Para, Section, Table, numbered

BODY_FONT = "FangSong"
HEADING_FONT = "SimHei"
SUBHEADING_FONT = "KaiTi"
TABLE_FONT = "SimSun"
LATIN_FONT = "Times New Roman"
TABLE_WIDTH = Cm(15.6)


def _set_fonts(rpr_owner, east_asian: str, latin: str = LATIN_FONT) -> None:
    """Set the fonts of a style or run, East Asian included; drop theme fonts."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts.get(qn(attr)) is not None:
            del fonts.attrib[qn(attr)]
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)


def _style(doc, name: str, font: str, size: float, bold: bool = False):
    style = doc.styles[name]
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    style.font.name = LATIN_FONT
    _set_fonts(style.element, font)
    return style


def _setup(doc) -> None:
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = _style(doc, "Normal", BODY_FONT, 16)
    normal.paragraph_format.first_line_indent = Pt(32)
    normal.paragraph_format.line_spacing = Pt(28)
    normal.paragraph_format.space_after = Pt(0)
    title = _style(doc, "Title", HEADING_FONT, 22)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.first_line_indent = Pt(0)
    title.paragraph_format.space_after = Pt(12)
    # The template's title has a bottom border; an official report has none.
    ppr = title.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)
    for name, font, size, bold in (
        ("Heading 1", HEADING_FONT, 16, False),
        ("Heading 2", SUBHEADING_FONT, 16, True),
    ):
        h = _style(doc, name, font, size, bold)
        h.font.italic = False
        h.paragraph_format.first_line_indent = Pt(32)
        h.paragraph_format.space_before = Pt(6)
        h.paragraph_format.space_after = Pt(0)
        h.paragraph_format.line_spacing = Pt(28)
    caption = _style(doc, "Caption", SUBHEADING_FONT, 12)
    caption.font.italic = False
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.first_line_indent = Pt(0)
    _page_numbers(section)


def _page_numbers(section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Pt(0)
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)
    paragraph.add_run("1")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


#: 五号: the smallest text size of a table.
TABLE_SIZE = Pt(10.5)


def _table_style(doc):
    """The paragraph style of table cells: SimSun 五号, no indent, single spacing."""
    from docx.enum.style import WD_STYLE_TYPE

    if "Table Text" in [s.name for s in doc.styles]:
        return doc.styles["Table Text"]
    style = doc.styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.font.size = TABLE_SIZE
    _set_fonts(style.element, TABLE_FONT)
    style.paragraph_format.first_line_indent = Pt(0)
    style.paragraph_format.line_spacing = 1.0
    return style


def _cell(cell, value, bold: bool = False, centre: bool = False) -> None:
    p = cell.paragraphs[0]
    for old in list(p.runs):
        old._r.getparent().remove(old._r)
    p.style = _table_style(cell.part.document)
    p.paragraph_format.first_line_indent = Pt(0)
    p.paragraph_format.line_spacing = 1.0
    if centre:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run("" if value is None else str(value))
    run.font.size = TABLE_SIZE
    run.bold = bold
    _set_fonts(run._element, TABLE_FONT)


def _borders(table) -> None:
    """Single 0.5 pt borders on every edge and between every cell, written on
    the table itself so no viewer depends on the style for them."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "4")
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    for old in tbl_pr.findall(qn("w:tblBorders")):
        tbl_pr.remove(old)
    tbl_pr.append(borders)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _table(doc, block: Table, number: int) -> None:
    caption = doc.add_paragraph(
        _("表%(n)d　%(title)s") % {"n": number, "title": block.title}, "Caption"
    )
    caption.paragraph_format.keep_with_next = True
    table = doc.add_table(rows=1, cols=len(block.columns))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borders(table)
    _repeat_header(table.rows[0])
    for cell, heading in zip(table.rows[0].cells, block.columns, strict=True):
        _cell(cell, heading, bold=True, centre=True)
    for row in block.rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            _cell(cell, value)
    # Widths by the longest text of each column, so names get room and numbers little.
    weights = [
        min(max(len(str(v or "")) for v in [heading, *(r[i] for r in block.rows)]), 16)
        + 2
        for i, heading in enumerate(block.columns)
    ]
    table.autofit = False
    for column, weight in zip(table.columns, weights, strict=True):
        column.width = int(TABLE_WIDTH * weight / sum(weights))
    for row in table.rows:
        for cell, weight in zip(row.cells, weights, strict=True):
            cell.width = int(TABLE_WIDTH * weight / sum(weights))
    doc.add_paragraph()


def _chart(doc, block: Chart, number: int) -> bool:
    if block.png is None:
        return False
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.first_line_indent = Pt(0)
    p.paragraph_format.line_spacing = 1.0
    p.paragraph_format.keep_with_next = True
    p.add_run().add_picture(io.BytesIO(block.png), width=Cm(14))
    doc.add_paragraph(
        _("图%(n)d　%(title)s") % {"n": number, "title": block.title}, "Caption"
    )
    return True


def _signature(doc, organization: str, date: str) -> None:
    """The closing block: the organization and the date, flush right."""
    doc.add_paragraph()
    for text in (organization, date):
        p = doc.add_paragraph(text)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.first_line_indent = Pt(0)
        p.paragraph_format.right_indent = Pt(32)


def render(
    *,
    title: str,
    subtitle: str,
    sections: list[Section],
    opening: str = "",
    signature: tuple[str, str] | None = None,
) -> bytes:
    """Return the .docx bytes of the report; ``signature``: (organization, date)."""
    doc = Document()
    _setup(doc)
    doc.add_paragraph(title, "Title")
    p = doc.add_paragraph(subtitle, "Caption")
    p.paragraph_format.space_after = Pt(12)
    if opening:
        doc.add_paragraph(opening)
    tables = figures = 0
    missing_font = False
    for index, section in enumerate(sections):
        doc.add_heading(f"{numbered(index)}、{section.heading}", level=1)
        for block in section.blocks:
            if isinstance(block, Para):
                doc.add_paragraph(block.text)
            elif isinstance(block, Table):
                if block.rows:
                    tables += 1
                    _table(doc, block, tables)
            elif isinstance(block, Chart):
                if block.png is None:
                    missing_font = missing_font or charts.cjk_font() is None
                    continue
                figures += 1
                _chart(doc, block, figures)
    if missing_font:
        doc.add_paragraph(
            _(
                "（注：生成本报告的计算机未安装中文字体，统计图从略，数据见各表及统计附表。）"
            )
        )
    if signature and signature[0]:
        _signature(doc, *signature)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
