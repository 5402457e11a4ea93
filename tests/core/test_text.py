"""Half-width conversion and spreadsheet cell cleaning."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tongxin.core.text import clean_cell, to_halfwidth

PRINTABLE_ASCII = st.text(
    alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E)
)


def to_fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) for c in s)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("１２３", "123"),
        ("ＡＢＣｘｙｚ", "ABCxyz"),
        ("（０４１１）８２３４５６７８", "(0411)82345678"),
        ("张　三", "张 三"),
        ("ａ＠ｂ．ｃｎ", "a@b.cn"),
        ("，；：！？～", ",;:!?~"),
        ("＂＇＼｀", "\"'\\`"),
        ("￥100", "¥100"),
        ("。、“”《》", "。、“”《》"),
        ("", ""),
    ],
)
def test_to_halfwidth_converts_fullwidth_ascii(raw, expected):
    assert to_halfwidth(raw) == expected


@given(PRINTABLE_ASCII)
def test_to_halfwidth_inverts_fullwidth(s):
    assert to_halfwidth(to_fullwidth(s)) == s


@given(st.text())
def test_to_halfwidth_keeps_length_and_is_idempotent(s):
    once = to_halfwidth(s)
    assert len(once) == len(s)
    assert to_halfwidth(once) == once


@given(PRINTABLE_ASCII)
def test_to_halfwidth_leaves_ascii_alone(s):
    assert to_halfwidth(s) == s


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, ""),
        ("", ""),
        ("  张三  ", "张三"),
        ("\u3000张三\u3000", "张三"),
        ("\xa0张三\xa0", "张三"),
        ("\u200b\ufeff 张三 \u200b", "张三"),
        ("\u200b \u3000\u200b张三", "张三"),
        ("\t张三\r\n", "张三"),
        ("张　三", "张 三"),
        ("１３８ １２３４ ５６７８", "138 1234 5678"),
        (13812345678.0, "13812345678"),
        (1.5, "1.5"),
        (42, "42"),
        (Decimal("21"), "21"),
        (Decimal("21.000"), "21"),
        # More digits than the decimal context holds (a long number in a cell).
        (Decimal("10000000000000000000000000000"), "10000000000000000000000000000"),
        (Decimal("1.0E+28"), "10000000000000000000000000000"),
        (Decimal("2.50"), "2.50"),
        (True, "1"),
        (datetime.date(2013, 5, 19), "2013-05-19"),
        (datetime.datetime(2013, 5, 19), "2013-05-19"),
        (datetime.datetime(2013, 5, 19, 8, 30), "2013-05-19T08:30:00"),
    ],
)
def test_clean_cell(raw, expected):
    assert clean_cell(raw) == expected


@given(st.text())
def test_clean_cell_never_leaves_blank_ends(s):
    cleaned = clean_cell(s)
    assert cleaned == clean_cell(cleaned)
    if cleaned:
        for end in (cleaned[0], cleaned[-1]):
            assert not end.isspace()
            assert end not in "\u200b\ufeff"
    assert "\u3000" not in cleaned


class _Text(str):
    """A str subclass: clean_cell takes its general path, not the shortcut."""


@given(st.text())
def test_clean_cell_shortcut_agrees_with_cleaning(s):
    # An already clean cell is returned as it is; that shortcut must give
    # exactly what cleaning gives, for any text.
    assert clean_cell(s) == clean_cell(_Text(s))


@pytest.mark.parametrize(
    "s",
    [
        "张三",
        " 张三",
        "张三 ",
        "张\u3000三",
        "Ａ栋",
        "￥5",
        "a\tb",
        "a\r\nb",
        "\u200b张三",
        "张三\ufeff",
        "\xa0x",
        "x\x1f",
    ],
)
def test_clean_cell_shortcut_on_blanks_and_fullwidth(s):
    assert clean_cell(s) == clean_cell(_Text(s))
