"""Statistics of activities for a period and subtrees (used by stats)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import (
    Count,
    Q,
    QuerySet,
    Sum,
)
from django.utils import timezone

from tongxin.activities.models import (
    Attendance,
    Beneficiary,
    Donation,
    Event,
    Program,
    ServiceActivity,
    VolunteerRecord,
)
from tongxin.activities.selectors.common import TENTH, Streak, _money, streak_of
from tongxin.activities.selectors.social import Totals
from tongxin.core import tree

# --- statistics for a period and subtrees --------------------------------------------
# Not scoped to a user: the caller (the statistics app) has checked the user's
# reach with tongxin.stats.scope.resolve_scope and passes the subtrees' paths.


def _paths_q(paths, field: str = "path") -> Q:
    paths = list(paths)
    if "" in paths:
        return Q()
    return tree.subtrees_q(paths, field)


def _day_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    first = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    after = timezone.make_aware(
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min)
    )
    return first, after


def events_in_period(*, paths, start: dt.date, end: dt.date) -> QuerySet:
    """Events organized in the subtrees that started in the period, not cancelled."""
    first, after = _day_bounds(start, end)
    return Event.objects.filter(
        _paths_q(paths),
        start_at__gte=first,
        start_at__lt=after,
        status=Event.Status.ACTIVE,
    )


def program_streak(*, program: Program, on: dt.date) -> Streak:
    """The years a program ran (had an activity) up to ``on``: its years
    running as of that day, not as of today."""
    return streak_of(
        d.year
        for d in ServiceActivity.objects.filter(program=program, held_on__lte=on).dates(
            "held_on", "year"
        )
    )


def attendance_in_period(*, paths, start: dt.date, end: dt.date) -> QuerySet:
    """Attendance (person-times) at :func:`events_in_period`."""
    return Attendance.objects.filter(
        event__in=events_in_period(paths=paths, start=start, end=end)
    )


def service_activities_in_period(*, paths, start: dt.date, end: dt.date) -> QuerySet:
    """Service activities of programs owned in the subtrees, held in the period."""
    return ServiceActivity.objects.filter(
        _paths_q(paths), held_on__gte=start, held_on__lte=end
    )


def service_totals(
    *, paths, start: dt.date, end: dt.date, program: Program | None = None
) -> Totals:
    """What the programs of the subtrees (or one ``program`` of them) did in
    the period, summed like :func:`program_summary` sums a program's year."""
    activities = service_activities_in_period(paths=paths, start=start, end=end)
    if program is not None:
        activities = activities.filter(program=program)
    t = Totals(year=None)
    agg = activities.order_by().aggregate(n=Count("id"), others=Sum("other_volunteers"))
    t.activities = agg["n"] or 0
    t.volunteer_times = agg["others"] or 0
    vol = VolunteerRecord.objects.filter(activity__in=activities).aggregate(
        n=Count("id"), hours=Sum("hours")
    )
    t.volunteer_times += vol["n"] or 0
    t.volunteer_hours = Decimal(vol["hours"] or 0).quantize(TENTH)
    for kind, n in (
        Beneficiary.objects.filter(activity__in=activities)
        .order_by()
        .values("kind")
        .annotate(n=Sum("count"))
        .values_list("kind", "n")
    ):
        t.beneficiaries += n or 0
        t.by_kind[kind] = n or 0
    for kind, value in (
        Donation.objects.filter(activity__in=activities)
        .order_by()
        .values("kind")
        .annotate(v=Sum("value"))
        .values_list("kind", "v")
    ):
        if kind == Donation.Kind.MONEY:
            t.money = _money(value)
        else:
            t.goods = _money(value)
    return t
