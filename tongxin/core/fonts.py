"""Fonts for every PDF and chart Tongxin writes: each character in a font that has it.

A CJK font is not enough by itself: Debian's ``DroidSansFallbackFull.ttf``
(installed with LibreOffice) has Chinese glyphs but no Latin letters or
digits, so a card drawn in it alone loses its number and the digits of its
date.  The rule, for PDFs and charts alike: a font is used for a character
only if its character map holds it (read with fontTools), and text is drawn
run by run, each run in the first font of the chain that covers it.

- PDFs (ReportLab): :func:`pdf_chain` registers the TrueType fonts found
  (``TONGXIN_CARD_FONT``, then Debian's TrueType CJK fonts, then DejaVu Sans,
  which matplotlib always ships) and ends with ReportLab's built-in CID font
  ``STSong-Light`` (Adobe-GB1: Chinese, Latin and digits; not embedded, viewers
  substitute a Song face) for anything else.  :func:`draw_text` draws a string
  run by run.
- Charts (matplotlib): :func:`chart_families` is a family list (CJK fonts
  found, then DejaVu Sans); matplotlib falls back along it glyph by glyph.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

#: TrueType CJK fonts tried in order (Debian paths), each ``(path, subfont)``.
#: OpenType/CFF collections (Debian's ``fonts-noto-cjk``) cannot be embedded
#: by ReportLab; charts use them (see :data:`CHART_CJK_FILES`).
PDF_CJK_CANDIDATES: list[tuple[str, int]] = [
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
]
#: Font files with Chinese glyphs tried for charts, in order.
CHART_CJK_FILES: list[str] = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
]
#: Family names that hold Chinese glyphs, for fonts found elsewhere.
CJK_FAMILY_HINTS = (
    "CJK SC",
    "WenQuanYi",
    "WQY",
    "Droid Sans Fallback",
    "SimHei",
    "Source Han Sans",
)
#: The Latin fallback: DejaVu Sans, shipped with matplotlib.
LATIN_FAMILY = "DejaVu Sans"
CID_FONT = "STSong-Light"
#: A sample every CJK font must hold to count as one.
CJK_SAMPLE = "会员证编号年月日"


@functools.cache
def coverage(path: str, index: int = 0) -> frozenset[int]:
    """The code points a font file's character map holds (empty if unreadable)."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(path, fontNumber=index, lazy=True) as font:
            return frozenset(font.getBestCmap() or {})
    except (TTLibError, OSError, AssertionError, KeyError):
        return frozenset()


def covers(path: str, text: str, index: int = 0) -> bool:
    """Whether the font at ``path`` has a glyph for every character of ``text``."""
    held = coverage(path, index)
    return all(ord(c) in held for c in text if not c.isspace())


def latin_font_file() -> str:
    """DejaVu Sans from matplotlib's own data (always installed with it)."""
    import matplotlib

    return str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf")


# --- PDFs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PdfFont:
    """A font registered with ReportLab; ``chars`` ``None``: takes any character."""

    name: str
    chars: frozenset[int] | None

    def has(self, char: str) -> bool:
        return self.chars is None or ord(char) in self.chars


def _truetype_candidates() -> list[tuple[str, int]]:
    configured = getattr(settings, "TONGXIN_CARD_FONT", "")
    cjk = ([(configured, 0)] if configured else []) + list(PDF_CJK_CANDIDATES)
    return cjk + [(latin_font_file(), 0)]


@functools.cache
def pdf_chain() -> tuple[PdfFont, ...]:
    """Register and return the fonts PDFs draw with, in the order tried."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    chain: list[PdfFont] = []
    seen: set[frozenset[int]] = set()
    for path, index in _truetype_candidates():
        if not Path(path).is_file():
            continue
        chars = coverage(path, index)
        if not chars or chars in seen:
            continue
        # ReportLab never replaces a registered name: one name per file, so a
        # chain built again (another font installed) draws with its own files.
        name = "Tongxin-" + hashlib.sha1(f"{path}:{index}".encode()).hexdigest()[:12]
        try:
            pdfmetrics.registerFont(TTFont(name, path, subfontIndex=index))
        except (TTFError, OSError):
            continue
        seen.add(chars)
        chain.append(PdfFont(name, chars))
    pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
    chain.append(PdfFont(CID_FONT, None))
    return tuple(chain)


def pdf_runs(text: str) -> list[tuple[str, str]]:
    """Split ``text`` into ``(font name, run)``: each character in the first
    font of :func:`pdf_chain` that has it (spaces stay with their run)."""
    chain = pdf_chain()
    runs: list[tuple[str, str]] = []
    for char in text:
        if char.isspace() and runs:
            font = runs[-1][0]
        else:
            font = next(f.name for f in chain if f.has(char))
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + char)
        else:
            runs.append((font, char))
    return runs


def text_width(text: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return sum(stringWidth(run, font, size) for font, run in pdf_runs(text))


def draw_text(
    canvas, x: float, y: float, text: str, size: float, align: str = "left"
) -> None:
    """Draw ``text`` at ``(x, y)`` run by run; ``align``: left, centre or right."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if align == "centre":
        x -= text_width(text, size) / 2
    elif align == "right":
        x -= text_width(text, size)
    for font, run in pdf_runs(text):
        canvas.setFont(font, size)
        canvas.drawString(x, y, run)
        x += stringWidth(run, font, size)


# --- charts -------------------------------------------------------------------------------


def _family(path: str) -> str | None:
    from matplotlib import font_manager

    try:
        font_manager.fontManager.addfont(path)
        return font_manager.FontProperties(fname=path).get_name()
    except (OSError, RuntimeError, ValueError):
        return None


@functools.cache
def chart_families() -> tuple[str, ...]:
    """The font families charts use, CJK first, DejaVu Sans last; empty when
    no font with Chinese glyphs is installed (charts are left out then)."""
    from matplotlib import font_manager

    configured = getattr(settings, "TONGXIN_REPORT_FONT", "")
    files = ([configured] if configured else []) + list(CHART_CJK_FILES)
    families: list[str] = []
    for path in files:
        if Path(path).is_file() and covers(path, CJK_SAMPLE):
            name = _family(path)
            if name and name not in families:
                families.append(name)
    if not families:
        for entry in font_manager.fontManager.ttflist:
            if any(h.lower() in entry.name.lower() for h in CJK_FAMILY_HINTS):
                if covers(entry.fname, CJK_SAMPLE) and entry.name not in families:
                    families.append(entry.name)
                    break
    if not families:
        return ()
    _family(latin_font_file())
    return (*families, LATIN_FAMILY)


def clear_caches() -> None:
    """Forget the fonts found (after installing one, or in tests)."""
    coverage.cache_clear()
    pdf_chain.cache_clear()
    chart_families.cache_clear()
