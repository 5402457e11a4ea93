"""Activities and social service (活动与社会服务).

Counted with the shared selectors of :mod:`tongxin.activities.selectors`
(``events_in_period``, ``attendance_in_period``, ``service_totals``).

Keys (every number drills down):

- ``events.held``: events organized in the scope that started in the
  period, not cancelled; ``events.by_kind.<kind>`` the same by event kind
  (codes of :class:`tongxin.activities.models.EventKind`; only kinds present).
- ``events.participants``: attendance at those events (person-times, 参加
  人次); ``events.members_attending``: distinct members who attended.
- ``social_service.activities``: service activities of programs owned in the
  scope, held in the period; ``social_service.volunteer_times``: volunteer
  records plus unnamed volunteers (志愿服务人次);
  ``social_service.volunteer_hours``: recorded hours (one decimal);
  ``social_service.beneficiaries``: people served, and
  ``social_service.beneficiaries_by_kind.<kind>``;
  ``social_service.donations.money`` / ``.goods`` / ``.total``: donations
  in yuan (two decimals, as a JSON number).
- ``programs``: a list, one row per program of the scope with an activity in
  the period: ``name``, ``years_running`` (consecutive years with an
  activity up to the period's end, as of that day, not today) and ``since``
  (the first of them), and the period's ``activities``, ``beneficiaries``
  and ``donations`` (yuan). A list, not a figure: it does not drill down.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.activities import selectors as acts
from tongxin.activities.models import (
    Beneficiary,
    Donation,
    EventKind,
    Program,
    ServiceActivity,
    VolunteerRecord,
)
from tongxin.activities.policies import policy as activity_policy
from tongxin.activities.selectors import CENT
from tongxin.core.periods import Period
from tongxin.members.models import Member
from tongxin.stats.drilling import (
    Drill,
    UnknownFigure,
    member_drill,
    record_drill,
    split_key,
    url_or_none,
)
from tongxin.stats.gates import Gate
from tongxin.stats.scope import Scope

#: Whose records each drill-down lists (see tongxin.stats.gates): events as
#: the activity lists show them, who attended as the attendance lists.
GATES = {
    "events": Gate(activity_policy),
    "events.participants": Gate(activity_policy, "view_attendance"),
    "events.members_attending": Gate(activity_policy, "view_attendance"),
    "social_service": Gate(activity_policy, "view_programs"),
    "social_service.volunteer_times": Gate(activity_policy, "view_attendance"),
    "social_service.volunteer_hours": Gate(activity_policy, "view_attendance"),
    "social_service.donations": Gate(activity_policy, "view_funds"),
}

TITLE = gettext_lazy("活动与社会服务")

_LABELS = {
    "events": gettext_lazy("活动"),
    "events.held": gettext_lazy("举办活动"),
    "events.by_kind": gettext_lazy("活动类型"),
    "events.participants": gettext_lazy("参加人次"),
    "events.members_attending": gettext_lazy("参加活动的会员"),
    "social_service": gettext_lazy("社会服务"),
    "social_service.activities": gettext_lazy("社会服务活动"),
    "social_service.volunteer_times": gettext_lazy("志愿服务人次"),
    "social_service.volunteer_hours": gettext_lazy("志愿服务时长（小时）"),
    "social_service.beneficiaries": gettext_lazy("受益人数"),
    "social_service.beneficiaries_by_kind": gettext_lazy("受益对象"),
    "social_service.donations": gettext_lazy("捐赠（元）"),
    "social_service.donations.money": gettext_lazy("捐款（元）"),
    "social_service.donations.goods": gettext_lazy("捐物折价（元）"),
    "social_service.donations.total": gettext_lazy("捐款捐物合计（元）"),
}


def label(key: str) -> str:
    if key in _LABELS:
        return str(_LABELS[key])
    if key.startswith("events.by_kind."):
        kind = key.removeprefix("events.by_kind.")
        return str(dict(EventKind.choices).get(kind, kind))
    if key.startswith("social_service.beneficiaries_by_kind."):
        kind = key.removeprefix("social_service.beneficiaries_by_kind.")
        return str(dict(Beneficiary.Kind.choices).get(kind, kind))
    return key


def _args(scope: Scope, period: Period) -> dict:
    return {"paths": scope.paths, "start": period.start, "end": period.as_of}


def compute(scope: Scope, period: Period) -> dict:
    events = acts.events_in_period(**_args(scope, period))
    by_kind = dict(
        events.order_by()
        .values("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    attendance = acts.attendance_in_period(**_args(scope, period))
    totals = acts.service_totals(**_args(scope, period))
    return {
        "programs": _programs(scope, period),
        "events": {
            "held": sum(by_kind.values()),
            "by_kind": {k: by_kind[k] for k in EventKind.values if k in by_kind},
            "participants": attendance.count(),
            "members_attending": attendance.order_by()
            .values("member_id")
            .distinct()
            .count(),
        },
        "social_service": {
            "activities": totals.activities,
            "volunteer_times": totals.volunteer_times,
            "volunteer_hours": float(totals.volunteer_hours),
            "beneficiaries": totals.beneficiaries,
            "beneficiaries_by_kind": {
                k: totals.by_kind[k]
                for k in Beneficiary.Kind.values
                if k in totals.by_kind
            },
            "donations": {
                "money": float(totals.money),
                "goods": float(totals.goods),
                "total": float(totals.donated),
            },
        },
    }


def _programs(scope: Scope, period: Period) -> list[dict]:
    """Each program of the scope active in the period: its years running as of
    the period's end and what it did in the period.

    The same figures as :func:`~tongxin.activities.selectors.service_totals`
    and :func:`~tongxin.activities.selectors.program_streak` per program,
    counted for every program at once (grouped by program).
    """
    activities = acts.service_activities_in_period(**_args(scope, period))
    programs = list(
        Program.objects.filter(pk__in=activities.values("program_id")).order_by("name")
    )
    if not programs:
        return []
    held = dict(
        activities.order_by()
        .values("program_id")
        .annotate(n=Count("id"))
        .values_list("program_id", "n")
    )
    served = dict(
        Beneficiary.objects.filter(activity__in=activities)
        .order_by()
        .values("activity__program_id")
        .annotate(n=Sum("count"))
        .values_list("activity__program_id", "n")
    )
    money: dict = {}
    goods: dict = {}
    for program_id, kind, value in (
        Donation.objects.filter(activity__in=activities)
        .order_by()
        .values("activity__program_id", "kind")
        .annotate(v=Sum("value"))
        .values_list("activity__program_id", "kind", "v")
        .order_by("activity__program_id", "kind")
    ):
        into = money if kind == Donation.Kind.MONEY else goods
        into[program_id] = Decimal(value or 0).quantize(CENT)
    years: dict = {}
    for program_id, year in (
        ServiceActivity.objects.filter(program__in=programs, held_on__lte=period.as_of)
        .order_by()
        .values_list("program_id", ExtractYear("held_on"))
        .distinct()
    ):
        years.setdefault(program_id, []).append(year)
    rows = []
    for program in programs:
        streak = acts.streak_of(years.get(program.pk, ()))
        donated = money.get(program.pk, CENT * 0) + goods.get(program.pk, CENT * 0)
        rows.append(
            {
                "id": program.pk,
                "name": program.name,
                "years_running": streak.current,
                "since": streak.current_from,
                "activities": held.get(program.pk, 0),
                "beneficiaries": served.get(program.pk) or 0,
                "donations": float(donated),
            }
        )
    return rows


def _event_drill(title: str, events: QuerySet) -> Drill:
    kinds = dict(EventKind.choices)
    return record_drill(
        title,
        [_("活动名称"), _("日期"), _("主办组织"), _("类型"), _("参加人次")],
        events.select_related("organization")
        .annotate(n=Count("attendances"))
        .order_by("-start_at", "-id"),
        lambda e: [
            e.title,
            e.start_at.date().isoformat(),
            e.organization.name,
            str(kinds.get(e.kind, e.kind)),
            e.n,
        ],
        lambda e: url_or_none("activities:event_detail", e.pk),
    )


def _activity_link(a) -> str | None:
    return url_or_none("activities:program_detail", a.program_id)


def drill(scope: Scope, period: Period, key: str) -> Drill:
    parts = split_key(key)
    key = ".".join(parts)
    title = f"{period.label} {scope.title} {label(key)}".strip()
    args = _args(scope, period)
    if key == "events.held":
        return _event_drill(title, acts.events_in_period(**args))
    if len(parts) == 3 and parts[:2] == ["events", "by_kind"]:
        return _event_drill(title, acts.events_in_period(**args).filter(kind=parts[2]))
    if key == "events.participants":
        return record_drill(
            title,
            [_("姓名"), _("活动"), _("日期"), _("未报名到场")],
            acts.attendance_in_period(**args)
            .select_related("member", "event")
            .order_by("-attended_on", "event_id", "member__stroke_key", "id"),
            lambda a: [
                a.member.name,
                a.event.title,
                a.attended_on.isoformat(),
                _("是") if a.walk_in else "",
            ],
            lambda a: url_or_none("activities:event_detail", a.event_id),
        )
    if key == "events.members_attending":
        ids = acts.attendance_in_period(**args).values("member_id")
        return member_drill(title, Member.objects.filter(pk__in=ids), scope=scope)
    activities = acts.service_activities_in_period(**args)
    if key == "social_service.activities":
        return record_drill(
            title,
            [_("活动名称"), _("服务项目"), _("日期"), _("地点")],
            activities.select_related("program").order_by("-held_on", "-id"),
            lambda a: [a.title, a.program.name, a.held_on.isoformat(), a.place],
            _activity_link,
        )
    if key in ("social_service.volunteer_times", "social_service.volunteer_hours"):
        records = VolunteerRecord.objects.filter(activity__in=activities)
        drill_ = record_drill(
            title,
            [_("志愿者"), _("服务活动"), _("日期"), _("时长（小时）")],
            records.select_related("member", "activity").order_by(
                "-activity__held_on", "activity_id", "member__stroke_key", "id"
            ),
            lambda r: [
                r.member.name,
                r.activity.title,
                r.activity.held_on.isoformat(),
                float(r.hours),
            ],
            lambda r: url_or_none("activities:program_detail", r.activity.program_id),
        )
        if key == "social_service.volunteer_times":
            for a in activities.filter(other_volunteers__gt=0).order_by("-held_on"):
                drill_.rows.append(
                    [
                        _("其他志愿者 %(n)d 人") % {"n": a.other_volunteers},
                        a.title,
                        a.held_on.isoformat(),
                        "",
                    ]
                )
                drill_.links.append(_activity_link(a))
        return drill_
    if key == "social_service.beneficiaries" or (
        len(parts) == 3 and parts[:2] == ["social_service", "beneficiaries_by_kind"]
    ):
        rows = Beneficiary.objects.filter(activity__in=activities)
        if len(parts) == 3:
            rows = rows.filter(kind=parts[2])
        kinds = dict(Beneficiary.Kind.choices)
        return record_drill(
            title,
            [_("服务活动"), _("日期"), _("受益对象"), _("人数")],
            rows.select_related("activity").order_by("-activity__held_on", "id"),
            lambda b: [
                b.activity.title,
                b.activity.held_on.isoformat(),
                str(kinds.get(b.kind, b.kind)),
                b.count,
            ],
            lambda b: url_or_none("activities:program_detail", b.activity.program_id),
        )
    if len(parts) == 3 and parts[:2] == ["social_service", "donations"]:
        where = {
            "money": Q(kind=Donation.Kind.MONEY),
            "goods": Q(kind=Donation.Kind.GOODS),
            "total": Q(),
        }.get(parts[2])
        if where is None:
            raise UnknownFigure(key)
        kinds = dict(Donation.Kind.choices)
        return record_drill(
            title,
            [
                _("服务活动"),
                _("日期"),
                _("类别"),
                _("捐赠方"),
                _("内容"),
                _("价值（元）"),
            ],
            Donation.objects.filter(where, activity__in=activities)
            .select_related("activity", "donor_org", "donor_member")
            .order_by("-activity__held_on", "id"),
            lambda d: [
                d.activity.title,
                d.activity.held_on.isoformat(),
                str(kinds.get(d.kind, d.kind)),
                (d.donor_org.name if d.donor_org else "")
                or (d.donor_member.name if d.donor_member else "")
                or d.donor_name,
                d.description,
                float(d.value),
            ],
            lambda d: url_or_none("activities:program_detail", d.activity.program_id),
        )
    raise UnknownFigure(key)


__all__ = ["TITLE", "compute", "drill", "label"]
