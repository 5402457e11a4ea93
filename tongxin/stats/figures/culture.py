"""Culture and education: lectures (文化讲堂), forums (教育论坛), study sessions,
seminars, performances and sports, and the event series held year after year.

An event counts when it was organized within the scope, was not cancelled and
started in the period; its attendance is the members who signed in. A
series' streak is the number of consecutive years, up to the period's last
year, in which one of its events was held (anywhere: a series is one
tradition), so "the seventh year running" is computed, not typed.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, DateField, QuerySet
from django.db.models.functions import TruncYear
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.activities.models import Attendance, Event, EventKind, Series
from tongxin.activities.policies import policy as activity_policy
from tongxin.core.periods import Period
from tongxin.stats.drilling import Drill, UnknownFigure
from tongxin.stats.gates import Gate
from tongxin.stats.scope import Scope
from tongxin.stats.words import label  # noqa: F401  (the section's key names)

#: Whose records each drill-down lists (see tongxin.stats.gates).
GATES = {
    "events": Gate(activity_policy),
    "highlights": Gate(activity_policy),
    "by_kind": Gate(activity_policy),
    "series": Gate(activity_policy),
    "attendance": Gate(activity_policy, "view_attendance"),
    "participants": Gate(activity_policy, "view_attendance"),
}

TITLE = gettext_lazy("文化教育")

#: The kinds of event this section counts, in the order the report lists them.
CULTURE_KINDS = (
    EventKind.LECTURE,
    EventKind.FORUM,
    EventKind.STUDY,
    EventKind.SEMINAR,
    EventKind.PERFORMANCE,
    EventKind.SPORTS,
)
HIGHLIGHTS = 10


def _bounds(period: Period) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(period.start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(
        period.as_of + dt.timedelta(days=1), dt.time.min, tzinfo=tz
    )
    return start, end


def events_qs(scope: Scope, period: Period) -> QuerySet:
    """Every active event organized in the scope that started in the period."""
    start, end = _bounds(period)
    return (
        Event.objects.filter(scope.q("path"))
        .filter(start_at__gte=start, start_at__lt=end, status=Event.Status.ACTIVE)
        .select_related("organization", "series")
        .order_by("start_at", "id")
    )


def culture_events_qs(scope: Scope, period: Period) -> QuerySet:
    return events_qs(scope, period).filter(kind__in=CULTURE_KINDS)


def _attendance(events: QuerySet) -> QuerySet:
    return Attendance.objects.filter(event__in=events.values("pk"))


def _streak(series: Series, last_year: int) -> tuple[int | None, int]:
    """The first year of ``series`` and how many years up to ``last_year`` in a row
    it held an event."""
    return _streaks([series.pk], last_year).get(series.pk, (None, 0))


def _streaks(series_ids, last_year: int) -> dict[int, tuple[int | None, int]]:
    """:func:`_streak` of each series in ``series_ids``, from one query."""
    years: dict[int, set[int]] = {}
    for series_id, day in (
        Event.objects.filter(series_id__in=series_ids, status=Event.Status.ACTIVE)
        .order_by()
        .annotate(year=TruncYear("start_at", output_field=DateField()))
        .values_list("series_id", "year")
        .distinct()
    ):
        years.setdefault(series_id, set()).add(day.year)
    result: dict[int, tuple[int | None, int]] = {}
    for series_id, held in years.items():
        run = 0
        year = last_year
        while year in held:
            run += 1
            year -= 1
        result[series_id] = (min(held), run)
    return result


def compute(scope: Scope, period: Period) -> dict:
    events = culture_events_qs(scope, period)
    attendance = _attendance(events)
    counts = {
        row["kind"]: row["n"]
        for row in events.order_by().values("kind").annotate(n=Count("id"))
    }
    present = {
        row["event__kind"]: row["n"]
        for row in attendance.order_by().values("event__kind").annotate(n=Count("id"))
    }
    by_kind = [
        {
            "kind": kind.value,
            "label": str(kind.label),
            "events": counts[kind.value],
            "attendance": present.get(kind.value, 0),
        }
        for kind in CULTURE_KINDS
        if counts.get(kind.value)
    ]
    # Every series' events, editions, attendance and streak from three
    # queries for all of them (not four per series).
    series = []
    all_events = events_qs(scope, period)
    in_series = all_events.filter(series__isnull=False)
    held: dict[int, list] = {}
    for series_id, edition in in_series.order_by().values_list("series_id", "edition"):
        held.setdefault(series_id, []).append(edition)
    present_by_series = {
        row["event__series_id"]: row["n"]
        for row in _attendance(in_series)
        .order_by()
        .values("event__series_id")
        .annotate(n=Count("id"))
    }
    streaks = _streaks(list(held), period.end.year) if held else {}
    for s in Series.objects.filter(pk__in=list(held)).order_by("name"):
        editions = held[s.pk]
        first_year, streak = streaks.get(s.pk, (None, 0))
        series.append(
            {
                "id": s.pk,
                "name": s.name,
                "kind": s.kind,
                "kind_label": str(s.get_kind_display()),
                "events": len(editions),
                "editions": sorted(e for e in editions if e),
                "attendance": present_by_series.get(s.pk, 0),
                "first_year": first_year,
                "streak_years": streak,
            }
        )
    highlights = [
        {
            "title": e.title,
            "date": timezone.localtime(e.start_at).date().isoformat(),
            "kind_label": str(e.get_kind_display()),
            "series": e.series.name if e.series_id else "",
            "attendance": e.n,
        }
        for e in events.annotate(n=Count("attendances")).order_by(
            "-n", "start_at", "id"
        )[:HIGHLIGHTS]
    ]
    return {
        "events": events.count(),
        "attendance": attendance.count(),
        "participants": attendance.order_by().values("member").distinct().count(),
        "by_kind": by_kind,
        "series": series,
        "highlights": highlights,
    }


def _event_drill(title: str, events: QuerySet) -> Drill:
    events = list(events.annotate(n=Count("attendances")))
    return Drill(
        title=title,
        columns=[_("日期"), _("活动名称"), _("活动类型"), _("主办组织"), _("签到人数")],
        rows=[
            [
                timezone.localtime(e.start_at).date().isoformat(),
                e.title,
                e.get_kind_display(),
                e.organization.name,
                e.n,
            ]
            for e in events
        ],
        links=[e.get_absolute_url() for e in events],
    )


def _drill(scope: Scope, period: Period, key: str) -> Drill:
    parts = key.split(".")
    events = culture_events_qs(scope, period)
    if key in ("events", "highlights"):
        return _event_drill(_("文化教育活动"), events)
    if key in ("attendance", "participants"):
        rows = (
            _attendance(events)
            .select_related("member", "event")
            .order_by("attended_on", "event_id", "member__stroke_key", "id")
        )
        if key == "participants":
            seen: dict[int, list] = {}
            for a in rows:
                seen.setdefault(a.member_id, [a.member.name, 0])[1] += 1
            return Drill(
                title=_("参加文化教育活动的会员"),
                columns=[_("姓名"), _("参加次数")],
                rows=list(seen.values()),
                links=[None] * len(seen),
            )
        return Drill(
            title=_("文化教育活动签到"),
            columns=[_("日期"), _("活动名称"), _("姓名")],
            rows=[
                [a.attended_on.isoformat(), a.event.title, a.member.name] for a in rows
            ],
            links=[a.event.get_absolute_url() for a in rows],
        )
    if parts[0] == "by_kind" and len(parts) >= 2:
        kind = parts[1]
        if kind.isdigit():
            kinds = [k.value for k in CULTURE_KINDS]
            present = [k for k in kinds if events.filter(kind=k).exists()]
            kind = present[int(kind)] if int(kind) < len(present) else ""
        if kind not in {k.value for k in CULTURE_KINDS}:
            raise UnknownFigure(key)
        return _event_drill(EventKind(kind).label, events.filter(kind=kind))
    if parts[0] == "series" and len(parts) >= 2:
        all_events = events_qs(scope, period).filter(series__isnull=False)
        if parts[1].isdigit() and len(parts) == 2:
            ids = list(
                Series.objects.filter(pk__in=all_events.values("series_id"))
                .order_by("name")
                .values_list("pk", flat=True)
            )
            index = int(parts[1])
            if index >= len(ids):
                raise UnknownFigure(key)
            s = Series.objects.get(pk=ids[index])
            return _event_drill(s.name, all_events.filter(series=s))
        if len(parts) == 1 or not parts[1]:
            raise UnknownFigure(key)
    if key == "series":
        return _event_drill(
            _("系列活动"), events_qs(scope, period).filter(series__isnull=False)
        )
    raise UnknownFigure(key)


def drill(scope: Scope, period: Period, key: str) -> Drill:
    """The records behind ``key``; one row per thing the figure counts."""
    result = _drill(scope, period, key)
    if result.total is None:
        result.total = len(result.rows)
    return result
