"""Dates as they appear in Chinese rosters and spreadsheets.

Rosters write dates many ways: ``2013.05`` (the usual form for 入党时间 and
the like), ``2013年5月19日``, ``2013-5-19``, ``20130519``; Excel adds its
serial numbers and turns ``2013.05`` typed into a number cell into the float
``2013.05`` (and ``2013.10`` into ``2013.1``). :func:`parse_roster_date`
reads all of these; a value with only year and month gives the first day of
that month.
"""

from __future__ import annotations

import datetime
import math
import re
from decimal import Decimal

from django.utils.translation import gettext as _

from tongxin.core.text import clean_cell

__all__ = [
    "DottedMonthColumn",
    "RosterDateError",
    "check_bounded",
    "format_month",
    "parse_roster_date",
]

EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2100, 12, 31)

# Excel's 1900 date system counts 1900-01-01 as day 1 and, copying Lotus 1-2-3,
# has a day 60 for the non-existent 1900-02-29.
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_EXCEL_LEAP_BUG = 60
_EXCEL_LATEST = (LATEST - _EXCEL_EPOCH).days

_TIME_SUFFIX = re.compile(r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$")
_DIGITS = re.compile(r"^[0-9]+$")
_TEXT_SERIAL = re.compile(r"^[0-9]{5}(?:\.[0-9]+)?$")
_YEAR_MONTH_DAY = re.compile(
    r"""^(?P<year>[0-9]{4})\s*[年./\-]\s*
        (?P<month>[0-9]{1,2})\s*
        (?:
            月\s*(?:(?P<day_after_month>[0-9]{1,2})\s*[日号]?)?
            | [./\-]\s*(?P<day>[0-9]{1,2})\s*[日号]?
        )?$""",
    re.VERBOSE,
)


_DOTTED_MONTH = re.compile(r"^([0-9]{4})\.([0-9]{1,2})$")


class RosterDateError(ValueError):
    """A date that cannot be read; the message is shown to the user."""


def _ambiguous_tenth(text: str, year: int) -> RosterDateError:
    return RosterDateError(
        _(
            "日期“%(value)s”有歧义：Excel 会把 %(year)d.10 存成 %(year)d.1，"
            "无法区分 1 月和 10 月。请把该列设为文本后重新填写"
        )
        % {"value": text, "year": year}
    )


class DottedMonthColumn:
    """Watch one date column of a roster for ``yyyy.1`` cells that may be October.

    A spreadsheet saved as CSV writes the number ``2013.10`` as ``2013.1``.
    When a column holds both ``yyyy.m`` and ``yyyy.mm`` forms (``1965.3`` and
    ``1972.05``), its ``yyyy.1`` cells may be January or October: call
    :meth:`note` with each cell, then :meth:`ambiguous` lists those cells
    (with the error to report) once the column is read. A column written
    only one way keeps ``yyyy.1`` as January.
    """

    __slots__ = ("_one_digit", "_two_digits", "_tenths")

    def __init__(self) -> None:
        self._one_digit = False
        self._two_digits = False
        self._tenths: list = []

    def note(self, value: object, ref: object = None) -> None:
        """Look at one cell; ``ref`` is what :meth:`ambiguous` gives back."""
        if value.__class__ is not str:
            return
        match = _DOTTED_MONTH.match(value.strip())
        if match is None:
            return
        month = match[2]
        if len(month) == 2:
            self._two_digits = True
            return
        self._one_digit = True
        if month == "1":
            self._tenths.append((ref, value.strip(), int(match[1])))

    def ambiguous(self) -> list[tuple[object, RosterDateError]]:
        """Return ``(ref, error)`` for each ``yyyy.1`` cell of a mixed column."""
        if not (self._one_digit and self._two_digits):
            return []
        return [(ref, _ambiguous_tenth(text, year)) for ref, text, year in self._tenths]


def _unrecognised(text: str) -> RosterDateError:
    return RosterDateError(
        _("无法识别的日期“%(value)s”，应为 2013-05-19、2013.05 或 2013年5月 这样的格式")
        % {"value": text}
    )


def _checked(value: datetime.date, text: str) -> datetime.date:
    if not EARLIEST <= value <= LATEST:
        raise RosterDateError(
            _("日期“%(value)s”超出合理范围（1900 年至 2100 年）") % {"value": text}
        )
    return value


def _build(year: int, month: int, day: int, text: str) -> datetime.date:
    try:
        value = datetime.date(year, month, day)
    except ValueError:
        raise _unrecognised(text) from None
    return _checked(value, text)


def _from_excel_serial(serial: float, text: str) -> datetime.date:
    days = math.floor(serial)  # a fraction is the time of day
    if days < 1 or days == _EXCEL_LEAP_BUG or days > _EXCEL_LATEST:
        raise _unrecognised(text)
    if days < _EXCEL_LEAP_BUG:
        days += 1  # before the phantom 1900-02-29 the epoch is a day later
    return _EXCEL_EPOCH + datetime.timedelta(days=days)


def _missing_month(text: str) -> RosterDateError:
    return RosterDateError(
        _("日期“%(value)s”缺少月份，应为 2013-05-19、2013.05 或 2013年5月 这样的格式")
        % {"value": text}
    )


def _year_only(year: int, text: str) -> RosterDateError:
    if EARLIEST.year <= year <= LATEST.year:
        return _missing_month(text)
    return RosterDateError(
        _("日期“%(value)s”超出合理范围（1900 年至 2100 年）") % {"value": text}
    )


def _from_number(value: float, text: str) -> datetime.date:
    """Read a number cell: a year.month float, yyyymmdd, yyyymm or a serial."""
    whole = math.floor(value)
    if value == whole:
        return _from_digits(str(int(whole)), text)
    if not 1000 <= whole <= 2999:
        return _from_excel_serial(value, text)
    # 2013.05 typed into a number cell. Excel stores 2013.10 as 2013.1,
    # so a single digit 1 may be January or October.
    month_text = repr(float(value)).split(".")[1]
    if month_text == "1":
        raise _ambiguous_tenth(text, whole)
    if len(month_text) > 2:
        raise _unrecognised(text)
    return _build(int(whole), int(month_text), 1, text)


def _from_digits(digits: str, text: str) -> datetime.date:
    """Read yyyymmdd, yyyymm, a bare year (rejected) or an Excel serial."""
    if len(digits) == 8:
        return _build(int(digits[:4]), int(digits[4:6]), int(digits[6:]), text)
    if len(digits) == 6:
        return _build(int(digits[:4]), int(digits[4:]), 1, text)
    if len(digits) == 4 and digits[0] in "12":
        raise _year_only(int(digits), text)
    if len(digits) <= 5:
        return _from_excel_serial(int(digits), text)
    raise _unrecognised(text)


def parse_roster_date(value: object) -> datetime.date | None:
    """Return the date a roster cell means, or ``None`` for an empty cell.

    Accept ``date``/``datetime`` objects; Excel serial numbers (1900 date
    system, ``41409`` → 2013-05-15) as numbers or numeric text; numbers that
    Excel made of ``2013.05``; ``2013.05``, ``2013.5``, ``2013-05``,
    ``2013/5``, ``2013年5月`` (first day of the month); ``2013-5-19``,
    ``2013/5/19``, ``2013.5.19``, ``2013年5月19日``; ``20130519`` and
    ``201305``; full-width digits and surrounding spaces. A trailing time of
    day is ignored.

    Raise :class:`RosterDateError` with a Chinese message for dates outside
    1900–2100, for bare years (four digits starting with 1 or 2, which are
    therefore never read as serials), for the number ``2013.1``, which Excel
    also makes of ``2013.10``, and for anything else.
    """
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return _checked(value.date(), value.date().isoformat())
    if isinstance(value, datetime.date):
        return _checked(value, value.isoformat())
    if isinstance(value, bool):
        raise _unrecognised(str(value))
    if isinstance(value, int | float | Decimal):
        text = clean_cell(value)
        if isinstance(value, float | Decimal) and not math.isfinite(value):
            raise _unrecognised(text)
        return _from_number(float(value), text)
    text = clean_cell(value)
    if not text:
        return None
    body = _TIME_SUFFIX.sub("", text).strip().rstrip("./-日号 ")
    if _DIGITS.match(body):
        return _from_digits(body, text)
    if _TEXT_SERIAL.match(body):  # a serial with a time of day, as text
        return _from_excel_serial(float(body), text)
    if match := _YEAR_MONTH_DAY.match(body):
        day = match["day"] or match["day_after_month"]
        return _build(
            int(match["year"]), int(match["month"]), int(day) if day else 1, text
        )
    raise _unrecognised(text)


def format_month(d: datetime.date | None) -> str:
    """Write a date as year and month the way rosters do: ``2013.05``."""
    if d is None:
        return ""
    return f"{d.year:04d}.{d.month:02d}"


def check_bounded(
    day: datetime.date,
    *,
    field: str,
    what: str,
    floors: list[tuple[datetime.date | None, str]] = (),
    today: datetime.date | None = None,
) -> None:
    """Refuse a fact's date outside the time it can have happened in.

    A dated fact (a suggestion, an adoption...) is not in the future and not
    before what it depends on: ``floors`` are ``(date, reason)`` pairs such
    as ``(member.joined_on, "张三入会")``; a missing date is skipped. Raise
    a :class:`~django.core.exceptions.ValidationError` on ``field`` with a
    Chinese message (the services call this, so pages and API agree).
    """
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    if not isinstance(day, datetime.date):
        return
    today = today or timezone.localdate()
    if day > today:
        raise ValidationError(
            {
                field: _("%(what)s %(day)s 晚于今天（%(today)s），不能填写将来的日期。")
                % {"what": what, "day": day.isoformat(), "today": today.isoformat()}
            }
        )
    for floor, reason in floors:
        if floor is not None and day < floor:
            raise ValidationError(
                {
                    field: _("%(what)s %(day)s 早于%(reason)s的日期 %(floor)s。")
                    % {
                        "what": what,
                        "day": day.isoformat(),
                        "reason": reason,
                        "floor": floor.isoformat(),
                    }
                }
            )
    if day < EARLIEST:
        raise ValidationError(
            {
                field: _("%(what)s %(day)s 早于 %(first)s，不在合理范围内。")
                % {
                    "what": what,
                    "day": day.isoformat(),
                    "first": EARLIEST.isoformat(),
                }
            }
        )
