"""Reporting periods: a calendar year, a date range, or "since" a date.

Statistics, the duty record, organization scores and the annual report all
count records *in a period* and state figures *as of its end*. A period is
inclusive at both ends. One that reaches past today is counted up to today
(:attr:`Period.as_of`): tomorrow's memberships are not yet facts.

:func:`parse_period` reads the choices a user makes (on a page, in the API or
on the command line) and refuses, with a message in Chinese, a period that
ends before it starts, a year that has not begun, or a date it cannot read.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core.dates import RosterDateError, parse_roster_date

__all__ = [
    "Period",
    "PeriodError",
    "clean_param",
    "parse_period",
    "period_from_params",
]

EARLIEST_YEAR = 1950


class PeriodError(ValueError):
    """A period that cannot be used; the message is shown to the user."""


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    kind: str = "range"  # "year", "range" or "since"
    today: datetime.date | None = None

    @classmethod
    def for_year(cls, year: int, *, today: datetime.date | None = None) -> Period:
        today = today or timezone.localdate()
        if year > today.year:
            raise PeriodError(
                _("%(year)d 年尚未到来，不能统计未来的年份") % {"year": year}
            )
        if year < EARLIEST_YEAR:
            raise PeriodError(
                _("年份 %(year)d 不在可统计的范围内（%(first)d 年起）")
                % {"year": year, "first": EARLIEST_YEAR}
            )
        return cls(
            datetime.date(year, 1, 1), datetime.date(year, 12, 31), "year", today
        )

    @classmethod
    def between(
        cls,
        start: datetime.date,
        end: datetime.date,
        *,
        today: datetime.date | None = None,
    ) -> Period:
        today = today or timezone.localdate()
        if end < start:
            raise PeriodError(
                _("结束日期 %(end)s 早于开始日期 %(start)s，请检查统计时段")
                % {"start": start.isoformat(), "end": end.isoformat()}
            )
        if start > today:
            raise PeriodError(
                _("开始日期 %(start)s 尚未到来，不能统计未来的时段")
                % {"start": start.isoformat()}
            )
        return cls(start, end, "range", today)

    @classmethod
    def since(
        cls, start: datetime.date, *, today: datetime.date | None = None
    ) -> Period:
        today = today or timezone.localdate()
        if start > today:
            raise PeriodError(
                _("开始日期 %(start)s 尚未到来，不能统计未来的时段")
                % {"start": start.isoformat()}
            )
        return cls(start, today, "since", today)

    @property
    def as_of(self) -> datetime.date:
        """The day figures are stated at: the end, or today if that is sooner."""
        today = self.today or timezone.localdate()
        return min(self.end, today)

    @property
    def year(self) -> int | None:
        return self.start.year if self.kind == "year" else None

    @property
    def label(self) -> str:
        if self.kind == "year":
            return _("%(year)d年") % {"year": self.start.year}
        if self.kind == "since":
            return _("%(start)s 以来") % {"start": self.start.isoformat()}
        return _("%(start)s 至 %(end)s") % {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
        }

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "as_of": self.as_of.isoformat(),
            "label": self.label,
        }


def clean_param(value):
    """A chosen value without control characters (NUL...) and spaces; ``None`` if empty.

    Query parameters come from anywhere: ``since=%00`` is a choice of
    nothing, not a date to parse.
    """
    if value is None or isinstance(value, (datetime.date, int)):
        return value
    text = "".join(ch for ch in str(value) if ch.isprintable()).strip()
    return text or None


def _date(value, what: str) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        day = parse_roster_date(text)
    except RosterDateError:
        day = None
    if day is None:
        raise PeriodError(
            _("无法识别的%(what)s“%(value)s”，应为 2026-01-31 这样的日期")
            % {"what": what, "value": text[:20]}
        )
    return day


def _year(value) -> int:
    try:
        return int(str(value).strip().removesuffix("年"))
    except ValueError:
        raise PeriodError(
            _("无法识别的年份“%(value)s”，应为 2026 这样的四位数字")
            % {"value": str(value)[:20]}
        ) from None


def parse_period(
    *,
    year=None,
    start=None,
    end=None,
    since=None,
    today: datetime.date | None = None,
) -> Period:
    """The period the user chose; the current year so far when none was chosen.

    Give a year, or a start and an end, or a "since" date — not two of these.
    """
    today = today or timezone.localdate()
    year, start, end, since = (clean_param(v) for v in (year, start, end, since))
    chosen = [
        name
        for name, value in (
            ("year", year),
            ("range", start or end),
            ("since", since),
        )
        if value not in (None, "")
    ]
    if len(chosen) > 1:
        raise PeriodError(_("请只选择一种统计时段：年份、起止日期或“某日以来”"))
    if year not in (None, ""):
        return Period.for_year(_year(year), today=today)
    if since not in (None, ""):
        return Period.since(_date(since, _("起始日期")), today=today)
    if start not in (None, "") or end not in (None, ""):
        if start in (None, "") or end in (None, ""):
            raise PeriodError(_("按起止日期统计时，开始日期和结束日期都要填写"))
        return Period.between(
            _date(start, _("开始日期")), _date(end, _("结束日期")), today=today
        )
    return Period.for_year(today.year, today=today)


def period_from_params(
    params: Mapping, *, today: datetime.date | None = None
) -> Period:
    """:func:`parse_period` over query parameters ``year``, ``start``, ``end``, ``since``."""
    return parse_period(
        year=params.get("year"),
        start=params.get("start"),
        end=params.get("end"),
        since=params.get("since"),
        today=today,
    )
