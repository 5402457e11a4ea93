"""Roster dates: the many ways Chinese spreadsheets write a date."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tongxin.core.dates import (
    DottedMonthColumn,
    RosterDateError,
    format_month,
    parse_roster_date,
)

D = datetime.date
MAY_19 = D(2013, 5, 19)
MAY = D(2013, 5, 1)


def excel_serial(d: datetime.date) -> int:
    """Excel's 1900-system serial of a date from 1900-03-01 on."""
    return (d - D(1899, 12, 30)).days


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # objects
        (MAY_19, MAY_19),
        (datetime.datetime(2013, 5, 19, 8, 30), MAY_19),
        # Excel serial numbers
        (41409, D(2013, 5, 15)),
        (41409.0, D(2013, 5, 15)),
        (41409.75, D(2013, 5, 15)),
        ("41409", D(2013, 5, 15)),
        ("41409.5", D(2013, 5, 15)),
        (7306, D(1920, 1, 1)),
        (Decimal("41409"), D(2013, 5, 15)),
        (1, D(1900, 1, 1)),
        (59, D(1900, 2, 28)),
        (61, D(1900, 3, 1)),
        (73415, D(2100, 12, 31)),
        # year and month
        ("2013.05", MAY),
        ("2013.5", MAY),
        ("2013-05", MAY),
        ("2013/5", MAY),
        ("2013年5月", MAY),
        ("2013年05月", MAY),
        ("2013 年 5 月", MAY),
        ("2013年5", MAY),
        ("201305", MAY),
        ("2013.05.", MAY),
        ("2013.12", D(2013, 12, 1)),
        ("2013.1", D(2013, 1, 1)),
        # Excel made numbers of year.month
        (2013.05, MAY),
        (2013.5, MAY),
        (2013.12, D(2013, 12, 1)),
        (Decimal("2013.05"), MAY),
        (201305, MAY),
        (201305.0, MAY),
        # full dates
        ("2013-5-19", MAY_19),
        ("2013-05-19", MAY_19),
        ("2013/5/19", MAY_19),
        ("2013.5.19", MAY_19),
        ("2013.05.19", MAY_19),
        ("2013年5月19日", MAY_19),
        ("2013年05月19号", MAY_19),
        ("2013年5月19", MAY_19),
        ("2013 - 05 - 19", MAY_19),
        ("20130519", MAY_19),
        (20130519, MAY_19),
        (20130519.0, MAY_19),
        ("2013-05-19 00:00:00", MAY_19),
        ("2013-05-19T08:30", MAY_19),
        ("2013/5/19 8:30:15", MAY_19),
        # full-width digits and blanks
        ("２０１３．０５", MAY),
        ("２０１３年５月１９日", MAY_19),
        ("\u3000 2013.5.19 \xa0", MAY_19),
        ("2000-02-29", D(2000, 2, 29)),
        ("1900-01-01", D(1900, 1, 1)),
        ("2100-12-31", D(2100, 12, 31)),
    ],
)
def test_parse_roster_date(value, expected):
    assert parse_roster_date(value) == expected


@pytest.mark.parametrize("value", [None, "", "   ", "\u3000", "\xa0"])
def test_empty_values_give_none(value):
    assert parse_roster_date(value) is None


@pytest.mark.parametrize(
    "value",
    [
        "2013.13",
        "2013-00",
        "2013-02-30",
        "1900-02-29",
        "2013.051",
        "13.5",
        "41409.5.1",
        "5/19/2013",
        "二〇一三年五月",
        "abc",
        "2013-05-19-01",
        "2013年13月",
        "201313",
        "20131301",
        "2013051",
        "123456789",
        0,
        60,  # Excel's phantom 1900-02-29
        73416,
        -1,
        2013.051,
        float("nan"),
        float("inf"),
        True,
    ],
)
def test_unrecognised_values_raise(value):
    with pytest.raises(RosterDateError) as excinfo:
        parse_roster_date(value)
    message = str(excinfo.value)
    assert "无法识别的日期" in message
    assert "2013-05-19、2013.05 或 2013年5月" in message


def test_message_quotes_the_value():
    with pytest.raises(RosterDateError) as excinfo:
        parse_roster_date(" 2013.13 ")
    assert str(excinfo.value) == (
        "无法识别的日期“2013.13”，应为 2013-05-19、2013.05 或 2013年5月 这样的格式"
    )


@pytest.mark.parametrize("value", ["2013", 2013, 2013.0, "２０１３"])
def test_a_bare_year_asks_for_the_month(value):
    with pytest.raises(RosterDateError, match="缺少月份"):
        parse_roster_date(value)


def test_serials_that_look_like_years_are_refused():
    # Serial 2923 is 1907-12-31, but a roster's 2923 is a mistyped year.
    with pytest.raises(RosterDateError, match="超出合理范围"):
        parse_roster_date(2923)
    assert parse_roster_date(3000) == D(1908, 3, 18)


@pytest.mark.parametrize("value", [2013.1, 1999.1, Decimal("2013.10")])
def test_year_dot_one_as_a_number_is_ambiguous(value):
    # Excel stores 2013.10 (October) typed into a number cell as 2013.1.
    with pytest.raises(RosterDateError) as excinfo:
        parse_roster_date(value)
    assert "有歧义" in str(excinfo.value)
    assert "设为文本" in str(excinfo.value)


def test_year_dot_one_as_text_is_january():
    assert parse_roster_date("2013.1") == D(2013, 1, 1)
    assert parse_roster_date("2013.10") == D(2013, 10, 1)


@pytest.mark.parametrize(
    "value",
    [
        "1899-12-31",
        "1850.01",
        1850.01,
        "1850",
        1850,
        "2101-01-01",
        D(1899, 12, 31),
        D(2101, 1, 1),
        "21010519",
    ],
)
def test_dates_outside_1900_to_2100_raise(value):
    with pytest.raises(RosterDateError, match="超出合理范围"):
        parse_roster_date(value)


def test_roster_date_error_is_a_value_error():
    assert issubclass(RosterDateError, ValueError)


DATES = st.dates(min_value=D(1900, 3, 1), max_value=D(2100, 12, 31))


@given(DATES)
def test_every_written_form_of_a_date_parses_back(d):
    forms = [
        d,
        datetime.datetime.combine(d, datetime.time(12)),
        d.isoformat(),
        f"{d.year}-{d.month}-{d.day}",
        f"{d.year}/{d.month}/{d.day}",
        f"{d.year}.{d.month}.{d.day}",
        f"{d.year}.{d.month:02d}.{d.day:02d}",
        f"{d.year}年{d.month}月{d.day}日",
        f"{d:%Y%m%d}",
        int(f"{d:%Y%m%d}"),
    ]
    if excel_serial(d) >= 3000:  # 1000..2999 look like years and are refused
        forms += [excel_serial(d), float(excel_serial(d)) + 0.25, str(excel_serial(d))]
    for form in forms:
        assert parse_roster_date(form) == d, form


@given(DATES)
def test_every_written_form_of_a_month_parses_to_its_first_day(d):
    first = d.replace(day=1)
    forms = [
        f"{d.year}.{d.month:02d}",
        f"{d.year}.{d.month}",
        f"{d.year}-{d.month:02d}",
        f"{d.year}/{d.month}",
        f"{d.year}年{d.month}月",
        f"{d:%Y%m}",
        format_month(d),
    ]
    if d.month != 10:  # 2013.10 as a number is 2013.1, which is ambiguous
        forms.append(float(f"{d.year}.{d.month:02d}"))
    for form in forms:
        assert parse_roster_date(form) == first, form


@given(st.text(max_size=12))
def test_arbitrary_text_gives_a_date_none_or_a_roster_date_error(text):
    try:
        result = parse_roster_date(text)
    except RosterDateError:
        return
    assert result is None or D(1900, 1, 1) <= result <= D(2100, 12, 31)


def test_format_month():
    assert format_month(MAY_19) == "2013.05"
    assert format_month(D(1999, 12, 31)) == "1999.12"
    assert format_month(datetime.datetime(2013, 5, 19, 8)) == "2013.05"
    assert format_month(None) == ""


def _ambiguous(cells: list) -> list:
    column = DottedMonthColumn()
    for i, cell in enumerate(cells):
        column.note(cell, i)
    return [(ref, str(error)) for ref, error in column.ambiguous()]


def test_a_dotted_column_mixing_month_widths_flags_its_yyyy_1_cells():
    found = _ambiguous(["1965.1", "1972.05", "1980.3", " 1991.1 ", "1965.10"])
    assert [ref for ref, _ in found] == [0, 3]
    assert "有歧义" in found[0][1] and "1965.1" in found[0][1]
    assert "1 月和 10 月" in found[1][1]


@pytest.mark.parametrize(
    "cells",
    [
        ["1965.1", "1980.3", "1991.1"],  # one digit throughout
        ["1965.01", "1972.05", "1980.10"],  # two digits throughout
        ["1965.1", "1972年5月", "1980-10"],  # other forms do not count
        ["1965.1", 1972.05, None],  # numbers are the .xlsx path's business
    ],
)
def test_a_column_written_one_way_keeps_yyyy_1_as_january(cells):
    assert _ambiguous(cells) == []
    assert parse_roster_date("1965.1") == datetime.date(1965, 1, 1)
