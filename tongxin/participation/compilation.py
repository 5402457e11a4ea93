"""Compilations (选编): a chosen set of items as an edited Word document.

The document has a cover, a table of contents (a Word TOC field, which Word
fills in when it opens the file, and a written list of the titles, which
every reader shows), then one section per item with its title, authors,
date, text and -- for proposals -- the handling and the reply; page numbers
in the footer.  Fonts are the Song/Fangsong faces Chinese offices expect
(SimSun/FangSong, which LibreOffice maps to an installed CJK font).
"""

from __future__ import annotations

import datetime as dt
import io

from django.db import transaction
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from tongxin.core.errors import PermissionDenied, ValidationError
from tongxin.participation import limits, selectors
from tongxin.participation.models import KINDS, Proposal
from tongxin.participation.policies import policy

KIND_TITLES = {
    "suggestions": _("建议选编"),
    "proposals": _("提案及答复文选"),
    "opinions": _("社情民意信息选编"),
    "research": _("调研成果选编"),
}
MAX_ITEMS = 500


def _font(run, name: str = "SimSun", size: float | None = None, bold: bool = False):
    run.font.name = name
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if size:
        run.font.size = Pt(size)
    run.bold = bold
    return run


def _field(paragraph, instruction: str, placeholder: str = "") -> None:
    """Append a Word field (``PAGE``, ``TOC``) to a paragraph."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run._r.append(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = instruction
    run._r.append(instr)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run._r.append(sep)
    shown = paragraph.add_run(placeholder)
    _font(shown)
    end_run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    end_run._r.append(end)


def _body(doc, text: str) -> None:
    for line in (text or "").splitlines() or [""]:
        if not line.strip():
            continue
        p = doc.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(32)
        p.paragraph_format.line_spacing = Pt(28)
        _font(p.add_run(line.strip()), "FangSong", 16)


def _heading(doc, text: str, level: int = 1):
    h = doc.add_heading(level=level)
    _font(h.add_run(text), "SimHei", 18 if level == 1 else 16, bold=True)
    return h


def render(*, title: str, items: list, subtitle: str = "") -> bytes:
    """Return the .docx bytes of a compilation of ``items`` (in order)."""
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for side in ("top_margin", "bottom_margin"):
        setattr(section, side, Cm(3.7 if side == "top_margin" else 3.5))
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    # Cover.
    for _i in range(6):
        doc.add_paragraph()
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run(title), "SimHei", 26, bold=True)
    if subtitle:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(p.add_run(subtitle), "SimSun", 16)
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run(dt.date.today().strftime("%Y年%m月")), "SimSun", 16)
    p.add_run().add_break(WD_BREAK.PAGE)
    # Contents: the field Word fills in, and the written list.
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run(_("目录")), "SimHei", 18, bold=True)
    _field(doc.add_paragraph(), r'TOC \o "1-1" \h \z \u', "")
    for n, item in enumerate(items, 1):
        _font(doc.add_paragraph().add_run(f"{n}. {item.title}"), "SimSun", 14)
    # Items, each starting on a new page; page numbers in the footer.
    new = doc.add_section(WD_SECTION.NEW_PAGE)
    footer = new.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(footer, "PAGE", "1")
    for n, item in enumerate(items, 1):
        if n > 1:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _heading(doc, item.title)
        meta = doc.add_paragraph()
        authors = "、".join(item.author_names())
        _font(meta.add_run(_("作者：%s") % authors), "KaiTi", 14)
        _font(meta.add_run("　" + item.date.strftime("%Y年%m月%d日")), "KaiTi", 14)
        if isinstance(item, Proposal):
            line = f"{item.session.name}　{item.get_kind_display()}"
            if item.number:
                line += _("　案号：%s") % item.number
            _font(doc.add_paragraph().add_run(line), "KaiTi", 14)
        _body(doc, item.text)
        if isinstance(item, Proposal) and item.reply_text:
            _heading(doc, _("答复"), level=2)
            who = item.reply_unit or "、".join(
                u.name for u in item.units.all() if u.role == "lead"
            )
            when = item.reply_on.strftime("%Y年%m月%d日") if item.reply_on else ""
            _font(doc.add_paragraph().add_run(f"{who}　{when}".strip()), "KaiTi", 14)
            _body(doc, item.reply_text)
        adoptions = list(item.adoptions.all()) if hasattr(item, "adoptions") else []
        if adoptions:
            _font(
                doc.add_paragraph().add_run(
                    _("采用情况：%s")
                    % "；".join(
                        f"{a.get_level_display()}（{a.body}）" for a in adoptions
                    )
                ),
                "KaiTi",
                14,
            )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@transaction.atomic
def compilation_build(
    *,
    by,
    kind: str,
    year: int | None = None,
    states: list[str] | None = None,
    ids: list[int] | None = None,
    title: str = "",
) -> tuple[str, bytes]:
    """Return the file name and bytes of a compilation of the chosen items.

    Only the participation department compiles; the export is audited.
    """
    from tongxin.audit.services import audit_record

    if not policy.scopes(by, "compile"):
        raise PermissionDenied(_("只有参政议政部可以生成汇编。"))
    if kind not in KINDS:
        raise ValidationError({"kind": _("汇编类别无效。")})
    states = [s.replace("\x00", "") for s in states or []]
    items = selectors.compilation_items(
        user=by, kind=kind, year=year, states=states or None, ids=ids or None
    )
    items = [i for i in items if policy.can(by, "compile", i)]
    if not items:
        raise ValidationError({"kind": _("所选范围内没有可汇编的事项。")})
    if len(items) > MAX_ITEMS:
        raise ValidationError(
            {"kind": _("一次最多汇编 %s 项，请缩小范围。") % MAX_ITEMS}
        )
    title = (title or "").strip() or (f"{year}年度" if year else "") + str(
        KIND_TITLES[kind]
    )
    limits.check_length("title", _("标题"), title, 60)
    data = render(title=title, items=items, subtitle=_("共 %s 篇") % len(items))
    audit_record(
        action="export",
        object_type=f"participation.{KINDS[kind]._meta.model_name}",
        object_repr=title,
        actor=by,
        detail={"what": "compilation", "rows": len(items), "year": year},
    )
    return f"{title}.docx", data
