"""The printable member card: CR80 card stock (85.6 × 54 mm), one card a page.

Every text is drawn run by run in a font that has its characters
(:mod:`tongxin.core.fonts`): a TrueType CJK font when one is found
(``settings.TONGXIN_CARD_FONT``, then Debian's), DejaVu Sans for Latin letters
and digits a CJK font lacks (Droid Sans Fallback has none), and ReportLab's
built-in CID font ``STSong-Light`` for the rest.  The text layer holds the
name, the number and the date.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils.translation import gettext as _

from tongxin.core import files, fonts
from tongxin.lifecycle.models import Certificate, MemberPhoto

CARD_WIDTH_MM = 85.6
CARD_HEIGHT_MM = 54.0
#: The photo box, 3:4 like the stored photo.
PHOTO_WIDTH_MM = 21.0
PHOTO_HEIGHT_MM = 28.0


def _title() -> str:
    from tongxin.orgs.models import Organization

    root = Organization.objects.filter(depth=0).order_by("path").first()
    return root.name if root else ""


def render_cards(certificates: Iterable[Certificate]) -> bytes:
    """Return a PDF with one CR80 card per certificate: photo, name, number."""
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    fonts.pdf_chain()
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(CARD_WIDTH_MM * mm, CARD_HEIGHT_MM * mm))
    pdf.setTitle(_("会员证"))
    title = _title()
    count = 0
    for cert in certificates:
        count += 1
        member = cert.member
        pdf.setStrokeColorRGB(0.6, 0.1, 0.1)
        pdf.setFillColorRGB(0.6, 0.1, 0.1)
        pdf.rect(0, (CARD_HEIGHT_MM - 10) * mm, CARD_WIDTH_MM * mm, 10 * mm, fill=1)
        pdf.setFillColorRGB(1, 1, 1)
        centre = CARD_WIDTH_MM / 2 * mm
        fonts.draw_text(pdf, centre, (CARD_HEIGHT_MM - 4.5) * mm, title, 8, "centre")
        fonts.draw_text(
            pdf, centre, (CARD_HEIGHT_MM - 8.5) * mm, _("会 员 证"), 10, "centre"
        )
        x, y = 5 * mm, 6 * mm
        photo = MemberPhoto.objects.filter(member_id=member.pk).first()
        pdf.setStrokeColorRGB(0.5, 0.5, 0.5)
        if photo is not None:
            try:
                pdf.drawImage(
                    ImageReader(str(files.resolve(photo.file))),
                    x,
                    y,
                    PHOTO_WIDTH_MM * mm,
                    PHOTO_HEIGHT_MM * mm,
                )
            except (FileNotFoundError, OSError):
                photo = None
        if photo is None:
            pdf.rect(x, y, PHOTO_WIDTH_MM * mm, PHOTO_HEIGHT_MM * mm)
            pdf.setFillColorRGB(0.5, 0.5, 0.5)
            fonts.draw_text(
                pdf,
                x + PHOTO_WIDTH_MM / 2 * mm,
                y + PHOTO_HEIGHT_MM / 2 * mm,
                _("照片"),
                7,
                "centre",
            )
        pdf.setFillColorRGB(0, 0, 0)
        left = x + (PHOTO_WIDTH_MM + 5) * mm
        rows = [
            (_("姓名"), member.name, 12),
            (_("编号"), cert.number, 10),
            (_("组织"), member.organization.name, 8),
            (
                _("颁发"),
                f"{cert.issued_on.year}年{cert.issued_on.month}月{cert.issued_on.day}日",
                8,
            ),
        ]
        top = (CARD_HEIGHT_MM - 17) * mm
        for index, (label, value, size) in enumerate(rows):
            fonts.draw_text(pdf, left, top - index * 8 * mm, label, 7)
            fonts.draw_text(pdf, left + 9 * mm, top - index * 8 * mm, value, size)
        pdf.showPage()
    if not count:
        raise ValueError("no certificates to render")
    pdf.save()
    return out.getvalue()
