"""Fonts of the PDFs and charts: every character drawn in a font that has it.

Checked with fontTools on the fonts actually installed, and on a machine
whose only TrueType CJK font is Droid Sans Fallback (no Latin letters, no
digits): the real file when Debian's ``fonts-droid-fallback`` is installed,
otherwise a stand-in made here from matplotlib's DejaVu Sans with the same
gap (Chinese characters mapped, every ASCII character removed).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import warnings
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from tongxin.core import fonts
from tongxin.lifecycle import services

DROID = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"
CARD_TEXT = "民进测试市委员会 会 员 证 照片 姓名 孙学员 编号 20240001 组织 教育一支部 颁发 2024年5月12日"
CHART_TEXT = (
    "会员年龄结构（人） 35岁及以下 36至45岁 2025年ABC 人数 女性 类别构成 领军 重点 骨干"
)


def _droid_like(path: Path) -> str:
    """A TrueType font with Droid's gap: Chinese characters, no ASCII at all."""
    font = TTFont(fonts.latin_font_file())
    glyph = font.getBestCmap()[ord("A")]
    chinese = {ord(c) for c in CARD_TEXT + CHART_TEXT if ord(c) > 0x2E80}
    for table in font["cmap"].tables:
        if not table.isUnicode():
            continue
        table.cmap = {cp: g for cp, g in table.cmap.items() if cp > 0x7F}
        table.cmap.update({cp: glyph for cp in chinese})
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = "Droid Like Fallback"
        elif record.nameID == 6:
            record.string = "DroidLikeFallback"
    font.save(path)
    return str(path)


@pytest.fixture
def droid_only(settings, monkeypatch, tmp_path):
    """Fonts as on a machine whose only TrueType CJK font is Droid's."""
    path = DROID if Path(DROID).is_file() else _droid_like(tmp_path / "droid.ttf")
    assert fonts.covers(path, "会员编号年月日")
    assert not fonts.covers(path, "0") and not fonts.covers(path, "A")
    settings.TONGXIN_CARD_FONT = ""
    settings.TONGXIN_REPORT_FONT = ""
    monkeypatch.setattr(fonts, "PDF_CJK_CANDIDATES", [(path, 0)])
    monkeypatch.setattr(fonts, "CHART_CJK_FILES", [path])
    fonts.clear_caches()
    yield path
    fonts.clear_caches()


@pytest.fixture(autouse=True)
def _fresh_fonts():
    fonts.clear_caches()
    yield
    fonts.clear_caches()


def _runs_are_covered() -> None:
    """Each run of the card's text is in a font whose character map holds it."""
    chain = {f.name: f for f in fonts.pdf_chain()}
    for name, run in fonts.pdf_runs(CARD_TEXT):
        assert all(chain[name].has(c) for c in run if not c.isspace()), (name, run)
    drawn = "".join(run for _name, run in fonts.pdf_runs(CARD_TEXT))
    assert drawn == CARD_TEXT


def test_the_installed_fonts_cover_every_character_of_a_card():
    _runs_are_covered()
    chain = fonts.pdf_chain()
    # The embedded Latin fallback really has the digits the card draws.
    assert any(
        f.chars and fonts.covers(fonts.latin_font_file(), "20240001") for f in chain
    )


def test_with_droid_only_digits_and_latin_come_from_another_font(droid_only):
    runs = fonts.pdf_runs("编号 DL2024-0001")
    droid = fonts.pdf_chain()[0]
    assert fonts.covers(droid_only, "编号")
    assert runs[0] == (droid.name, "编号 ")
    assert all(name != droid.name for name, _run in runs[1:])
    assert "".join(run for _n, run in runs[1:]) == "DL2024-0001"
    _runs_are_covered()


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "card.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def test_with_droid_only_the_card_keeps_its_number_and_date(
    droid_only, people, org, make_member, tmp_path
):
    member = make_member(org.edu1, "孙学员")
    cert = services.certificate_issue(
        by=people.staff, member=member, issued_on=dt.date(2024, 5, 12)
    )
    text = _pdf_text(services.render_cards([cert]), tmp_path)
    assert "孙学员" in text
    assert cert.number in text.replace(" ", "")
    assert "2024年5月12日" in text.replace(" ", "")


def _missing_glyph_warnings(draw) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        draw()
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


@pytest.mark.parametrize("only_droid", [False, True])
def test_charts_find_a_glyph_for_every_character(only_droid, request):
    from tongxin.reports import charts

    if only_droid:
        request.getfixturevalue("droid_only")
    if charts.cjk_font() is None:
        pytest.skip("no font with Chinese glyphs installed")
    families = fonts.chart_families()
    assert families[-1] == fonts.LATIN_FAMILY

    def draw():
        assert charts.bar_chart(
            "会员年龄结构（人）",
            ["35岁及以下", "36至45岁", "2025年ABC"],
            [("人数", [12, 3, 40]), ("女性", [5, 1, 20])],
        )
        assert charts.pie_chart("类别构成", ["领军", "重点", "骨干"], [1, 12, 30])

    assert _missing_glyph_warnings(draw) == []
