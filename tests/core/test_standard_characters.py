"""The stroke data against independent sources, over all 8,105 characters of
the 通用规范汉字表.

``data/stroke_reference.tsv`` (sources and licences in its header) holds, for
each character of the table: its Unihan stroke count and radical-stroke
index, the sequence of cnchar-order and the pattern of Conway Stroke Data.
"""

import re
from pathlib import Path

import pytest

from tongxin.core import chinese
from tongxin.core.chinese import stroke_info, stroke_order

REFERENCE = Path(__file__).resolve().parent / "data" / "stroke_reference.tsv"

# Characters that the 通用规范汉字表 writes with a simplified component (钅 for
# 金, 纟 for 糸, 讠 for 言, 鸟 for 鳥, 鱼 for 魚, 车 for 車 …) at a code point
# whose Unicode glyph has the traditional one, so that Unihan counts the
# traditional strokes; or that Unihan counts one stroke more than the
# table's form. Their count is that of their stroke sequence (Conway).
SIMPLIFIED_FORMS = {
    "䥽": 10, "䦃": 16, "䜣": 6, "𫇭": 7, "䌹": 8, "䴓": 9, "䓖": 10, "䓫": 11,
    "䓬": 11, "䓨": 11, "䓛": 11, "䴕": 11, "𫟼": 11, "䴔": 11, "䴖": 13,
    "䲟": 13, "𫞩": 14, "𥔲": 14, "䴗": 14, "𨱏": 14, "䴘": 15, "𫟦": 16,
    "𨱑": 16, "㘎": 17, "䲠": 17, "䲢": 18, "䴙": 18, "𬙊": 18,
}  # fmt: skip
# Strokes of the simplified radicals (kRSUnicode marks them with ').
SIMPLIFIED_RADICALS = {"120'": 3, "149'": 2, "167'": 5, "195'": 8, "196'": 5}

# Where both independent sources differ from the data: the component 冓, which
# the data writes 一一丨丨一丨𠃌一一 (…211) in all its characters, as cnchar
# does in 篝 耩 遘 觏 鞲 and GB fonts draw it.
GOU_COMPONENT = {"媾", "偁", "斠"}


def _reference() -> list[tuple[str, int, int, str, str, str]]:
    rows = []
    for line in REFERENCE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        char, number, strokes, rs, cnchar, conway = line.split("\t")
        rows.append((char, int(number), int(strokes), rs, cnchar, conway))
    return rows


ROWS = _reference()


def test_reference_lists_the_whole_table():
    assert len(ROWS) == 8105
    assert [number for _, number, *_ in ROWS] == list(range(1, 8106))
    assert {char for char, *_ in ROWS} == chinese.standard_characters()


def test_standard_characters_are_the_numbered_ones():
    table = chinese._stroke_data()[1]
    assert {char: number for char, number, *_ in ROWS} == table
    assert not chinese.is_standard_character("張")
    assert chinese.is_standard_character("张")
    assert chinese.is_standard_character("昇")


def test_every_character_has_a_full_stroke_sequence():
    incomplete = []
    for char, *_ in ROWS:
        order = stroke_order(char)
        count, first = stroke_info(char)
        if not (order and set(order) <= set("12345") and len(order) == count):
            incomplete.append(char)
        elif int(order[0]) != first:
            incomplete.append(char)
    assert incomplete == []


def test_every_stroke_count_equals_unihan():
    differing = {}
    for char, _number, strokes, rs, _cnchar, _conway in ROWS:
        if stroke_info(char)[0] != strokes:
            differing[char] = (stroke_info(char)[0], strokes, rs)
    assert set(differing) == set(SIMPLIFIED_FORMS)
    for char, (ours, _unihan, rs) in differing.items():
        assert ours == SIMPLIFIED_FORMS[char]
        radical, residual = rs.split(".")
        if radical in SIMPLIFIED_RADICALS and char not in "䦃𫟼𨱏𫟦𨱑𬙊":
            # the simplified radical's strokes plus the rest, as Unihan counts it
            assert ours == SIMPLIFIED_RADICALS[radical] + int(residual), char


def _pattern(conway: str) -> str:
    """Conway's back-references are one digit: ``\\23`` is ``\\2`` then 3."""
    return re.sub(r"\\([1-9])", r"(?:\\\1)", conway)


def test_conway_patterns_read_one_digit_back_references():
    assert re.fullmatch(_pattern(r"(12|21)\13"), "12123")
    assert not re.fullmatch(_pattern(r"(12|21)\13"), "1221")


def test_every_sequence_agrees_with_an_independent_source():
    unconfirmed = []
    for char, _number, _strokes, _rs, cnchar, conway in ROWS:
        order = stroke_order(char)
        if order != cnchar and not re.fullmatch(_pattern(conway), order):
            unconfirmed.append(char)
    assert set(unconfirmed) == GOU_COMPONENT
    for char in "媾斠篝耩遘觏鞲":
        assert "1122125211" in stroke_order(char), char
    assert stroke_order("偁").endswith("25211")


@pytest.mark.parametrize(
    ("char", "order"),
    [
        ("德", "332122522114544"),  # 彳 十 罒 一 心: not 3321 3…
        ("炽", "433425134"),  # 火 只: 只 ends 丿丶, not 丶丶
        ("锺", "31115312511211"),  # 钅 重
        ("昇", "25113132"),  # 日 升, 8 strokes
        ("訚", "4254111251"),  # 门 言: had no sequence (a name in a real list)
        ("彧", "1251153334"),  # had no sequence
    ],
)
def test_corrected_and_completed_sequences(char, order):
    assert stroke_order(char) == order
    assert stroke_info(char) == (len(order), int(order[0]))
