import datetime

import pytest

from tongxin.core.periods import Period, PeriodError, parse_period, period_from_params

TODAY = datetime.date(2026, 11, 27)


def test_a_year_is_its_calendar_days():
    period = parse_period(year="2025", today=TODAY)
    assert (period.start, period.end, period.as_of) == (
        datetime.date(2025, 1, 1),
        datetime.date(2025, 12, 31),
        datetime.date(2025, 12, 31),
    )
    assert period.year == 2025
    assert period.label == "2025年"


def test_the_current_year_is_counted_up_to_today():
    period = parse_period(today=TODAY)
    assert period.year == 2026
    assert period.as_of == TODAY
    assert period.contains(datetime.date(2026, 1, 1))
    assert not period.contains(datetime.date(2025, 12, 31))


def test_a_future_year_is_refused_in_chinese():
    with pytest.raises(PeriodError, match="2027 年尚未到来"):
        parse_period(year=2027, today=TODAY)


def test_a_range_that_ends_before_it_starts_is_refused():
    with pytest.raises(PeriodError, match="早于开始日期"):
        parse_period(start="2026-05-01", end="2026-04-30", today=TODAY)


def test_a_range_needs_both_ends_and_readable_dates():
    with pytest.raises(PeriodError, match="都要填写"):
        parse_period(start="2026-05-01", today=TODAY)
    with pytest.raises(PeriodError, match="无法识别的开始日期"):
        parse_period(start="五月", end="2026-06-01", today=TODAY)


def test_since_runs_to_today_and_accepts_roster_dates():
    period = period_from_params({"since": "2026.03"}, today=TODAY)
    assert (period.start, period.end) == (datetime.date(2026, 3, 1), TODAY)
    assert period.kind == "since"
    assert "以来" in period.label


def test_a_range_past_today_is_stated_as_of_today():
    period = Period.between(
        datetime.date(2026, 7, 1), datetime.date(2026, 12, 31), today=TODAY
    )
    assert period.as_of == TODAY
    assert period.as_dict()["as_of"] == "2026-11-27"


def test_two_kinds_of_period_at_once_are_refused():
    with pytest.raises(PeriodError, match="只选择一种"):
        parse_period(year=2025, since="2025-03-01", today=TODAY)
    with pytest.raises(PeriodError, match="四位数字"):
        parse_period(year="二〇二五", today=TODAY)
