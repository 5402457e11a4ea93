"""Team building: the talent pool by tier, its lifecycle steps, training and
recommendations, the reserve roster, the new-member training classes and the
member certificates handed out.

The pool and the roster are stated as of the period's last day (placements
and entries open that day); ``talent.new_in_period`` counts the members whose
first placement in the pool starts in the period (a change of tier is not a
new entry); steps, training, recommendations, classes and
certificates count when dated in the period.
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.core.periods import Period
from tongxin.lifecycle.models import Attendee, Certificate, ClassSession, TrainingClass
from tongxin.lifecycle.policies import policy as lifecycle_policy
from tongxin.stats.drilling import Drill, UnknownFigure
from tongxin.stats.gates import Gate
from tongxin.stats.scope import Scope
from tongxin.stats.words import label  # noqa: F401  (the section's key names)
from tongxin.talent.models import (
    TIER_ORDER,
    Placement,
    Recommendation,
    ReserveEntry,
    Step,
    Training,
)
from tongxin.talent.policies import policy as talent_policy

#: Whose records each drill-down lists (see tongxin.stats.gates): the talent
#: pool and the reserve roster are confidential to their readers.
GATES = {
    "talent": Gate(talent_policy),
    "reserve": Gate(talent_policy),
    "classes": Gate(lifecycle_policy),
    "certificates": Gate(lifecycle_policy),
}

TITLE = gettext_lazy("队伍建设")


def _open_on(qs: QuerySet, day) -> QuerySet:
    return qs.filter(start_on__lte=day).filter(
        Q(end_on__isnull=True) | Q(end_on__gte=day)
    )


def _in(qs: QuerySet, field: str, period: Period) -> QuerySet:
    return qs.filter(**{f"{field}__gte": period.start, f"{field}__lte": period.as_of})


def entries_qs(scope: Scope, period: Period) -> QuerySet:
    """Members' first entries into the talent pool (本期新入库) in the period.

    An entry is a member's earliest placement; a later placement (a change of
    tier, a return) is not a new entry.
    """
    earlier = Placement.objects.filter(
        member_id=OuterRef("member_id"), start_on__lt=OuterRef("start_on")
    )
    return _in(Placement.objects.filter(scope.q("path")), "start_on", period).exclude(
        Exists(earlier)
    )


def placements_qs(scope: Scope, period: Period) -> QuerySet:
    return _open_on(
        Placement.objects.filter(scope.q("path")), period.as_of
    ).select_related("member")


def reserve_qs(scope: Scope, period: Period) -> QuerySet:
    return _open_on(
        ReserveEntry.objects.filter(scope.q("path")), period.as_of
    ).select_related("member", "organization")


def classes_qs(scope: Scope, period: Period) -> QuerySet:
    return _in(
        TrainingClass.objects.filter(scope.q("path")), "start_on", period
    ).order_by("start_on", "id")


def certificates_qs(scope: Scope, period: Period) -> QuerySet:
    return _in(
        Certificate.objects.filter(scope.q("path")), "issued_on", period
    ).select_related("member", "training_class")


def steps_qs(scope: Scope, period: Period) -> QuerySet:
    return _in(Step.objects.filter(scope.q("path")), "on", period).select_related(
        "member"
    )


def trainings_qs(scope: Scope, period: Period) -> QuerySet:
    return _in(
        Training.objects.filter(scope.q("path")), "start_on", period
    ).select_related("member")


def recommendations_qs(scope: Scope, period: Period) -> QuerySet:
    return _in(
        Recommendation.objects.filter(scope.q("path")), "recommended_on", period
    ).select_related("member")


def _counts(qs: QuerySet, field: str, choices) -> list[dict]:
    counts = dict(qs.order_by().values_list(field).annotate(n=Count("id")))
    return [
        {"value": value, "label": str(name), "count": counts.get(value, 0)}
        for value, name in choices
    ]


def compute(scope: Scope, period: Period) -> dict:
    placements = placements_qs(scope, period)
    tiers = _counts(placements, "tier", [(t.value, t.label) for t in TIER_ORDER])
    new_in_pool = entries_qs(scope, period)
    reserve = reserve_qs(scope, period)
    recommendations = recommendations_qs(scope, period)
    classes = []
    for k in classes_qs(scope, period).annotate(
        sessions_n=Count("sessions", distinct=True),
        attendees_n=Count("attendees", distinct=True),
    ):
        completed = Attendee.objects.filter(
            training_class=k, completed_on__isnull=False, completed_on__lte=period.as_of
        ).count()
        classes.append(
            {
                "id": k.pk,
                "name": k.name,
                "start_on": k.start_on.isoformat(),
                "end_on": k.end_on.isoformat(),
                "place": k.place,
                "sessions": k.sessions_n,
                "attendees": k.attendees_n,
                "completed": completed,
                "certificates": Certificate.objects.filter(
                    training_class=k,
                    issued_on__gte=period.start,
                    issued_on__lte=period.end,
                ).count(),
            }
        )
    # The reserve's entries, people and teams from one aggregate; the
    # certificates issued, issued at classes and voided from another.
    reserve_n = reserve.order_by().aggregate(
        entries=Count("id"),
        people=Count("member", distinct=True),
        teams=Count("organization", distinct=True),
    )
    # (issued as certificates_qs counts them, voided within the period's dates)
    issued = Q(issued_on__gte=period.start, issued_on__lte=period.as_of)
    voided = Q(voided_on__gte=period.start, voided_on__lte=period.end)
    certificates = (
        Certificate.objects.filter(scope.q("path"))
        .filter(issued | voided)
        .order_by()
        .aggregate(
            issued=Count("id", filter=issued),
            at_classes=Count("id", filter=issued & Q(training_class__isnull=False)),
            voided=Count("id", filter=voided),
        )
    )
    return {
        "talent": {
            "total": sum(t["count"] for t in tiers),
            "tiers": tiers,
            "new_in_period": new_in_pool.order_by().values("member").distinct().count(),
            "steps": _counts(steps_qs(scope, period), "kind", Step.Kind.choices),
            "trainings": _counts(
                trainings_qs(scope, period), "kind", Training.Kind.choices
            ),
            "recommendations": {
                "total": recommendations.count(),
                "by_target": [
                    r
                    for r in _counts(
                        recommendations, "target", Recommendation.Target.choices
                    )
                    if r["count"]
                ],
                "appointed": recommendations.filter(
                    outcome=Recommendation.Outcome.APPOINTED,
                    outcome_on__lte=period.as_of,
                ).count(),
            },
        },
        "reserve": {
            "entries": reserve_n["entries"],
            "people": reserve_n["people"],
            "teams": reserve_n["teams"],
            "readiness": _counts(reserve, "readiness", ReserveEntry.Readiness.choices),
        },
        "classes": {
            "count": len(classes),
            "attendees": sum(c["attendees"] for c in classes),
            "completed": sum(c["completed"] for c in classes),
            "sessions": sum(c["sessions"] for c in classes),
            "list": classes,
        },
        "certificates": {
            "issued": certificates["issued"],
            "at_classes": certificates["at_classes"],
            "voided": certificates["voided"],
        },
    }


# --- drill-down ---------------------------------------------------------------------


def _people(title: str, qs: QuerySet, columns: list[str], row) -> Drill:
    items = list(qs)
    return Drill(
        title=title,
        columns=[_("姓名"), *columns],
        rows=[[i.member.name, *row(i)] for i in items],
        links=[i.member.get_absolute_url() for i in items],
    )


def _drill(scope: Scope, period: Period, key: str) -> Drill:
    parts = key.split(".")
    head = parts[0]
    if head == "talent" and len(parts) >= 2:
        what = parts[1]
        if what in ("total", "tiers"):
            qs = placements_qs(scope, period).order_by("tier", "member__stroke_key")
            if len(parts) == 3:
                if parts[2].isdigit():
                    index = int(parts[2])
                    if index >= len(TIER_ORDER):
                        raise UnknownFigure(key)
                    tier = TIER_ORDER[index].value
                else:
                    tier = parts[2]
                qs = qs.filter(tier=tier)
            return _people(
                _("代表人物队伍"),
                qs,
                [_("类别"), _("入库日期")],
                lambda p: [p.get_tier_display(), p.start_on.isoformat()],
            )
        if what == "new_in_period":
            qs = entries_qs(scope, period)
            first = {}
            for p in qs.select_related("member").order_by("start_on", "id"):
                first.setdefault(p.member_id, p)
            return _people(
                _("本期入库人员"),
                list(first.values()),
                [_("类别"), _("入库日期")],
                lambda p: [p.get_tier_display(), p.start_on.isoformat()],
            )
        if what == "steps":
            return _people(
                _("培养环节"),
                steps_qs(scope, period).order_by("on", "id"),
                [_("环节"), _("日期")],
                lambda s: [s.get_kind_display(), s.on.isoformat()],
            )
        if what == "trainings":
            return _people(
                _("培养记录"),
                trainings_qs(scope, period).order_by("start_on", "id"),
                [_("类型"), _("名称"), _("开始日期")],
                lambda t: [t.get_kind_display(), t.title, t.start_on.isoformat()],
            )
        if what == "recommendations":
            qs = recommendations_qs(scope, period).order_by("recommended_on", "id")
            if len(parts) == 3 and parts[2] == "appointed":
                qs = qs.filter(
                    outcome=Recommendation.Outcome.APPOINTED,
                    outcome_on__lte=period.as_of,
                )
            return _people(
                _("推荐使用"),
                qs,
                [_("推荐方向"), _("推荐职务"), _("推荐日期"), _("结果")],
                lambda r: [
                    r.get_target_display(),
                    r.position,
                    r.recommended_on.isoformat(),
                    r.get_outcome_display(),
                ],
            )
    if head == "reserve" and key == "reserve.people":
        first = {}
        for e in reserve_qs(scope, period).order_by("member__stroke_key", "id"):
            first.setdefault(e.member_id, e)
        return _people(
            _("后备干部"),
            list(first.values()),
            [_("后备领导班子"), _("后备职务")],
            lambda e: [e.organization.name, e.post],
        )
    if head == "reserve" and key == "reserve.teams":
        teams: dict[int, list] = {}
        for e in reserve_qs(scope, period).order_by("organization__path", "id"):
            teams.setdefault(e.organization_id, [e.organization.name, 0])[1] += 1
        return Drill(
            title=_("有后备干部的领导班子"),
            columns=[_("领导班子"), _("后备干部人次")],
            rows=list(teams.values()),
            links=[None] * len(teams),
        )
    if head == "reserve":
        return _people(
            _("领导班子后备干部名册"),
            reserve_qs(scope, period).order_by("organization__path", "post", "id"),
            [_("后备领导班子"), _("后备职务"), _("成熟度")],
            lambda e: [e.organization.name, e.post, e.get_readiness_display()],
        )
    if head == "classes":
        if len(parts) == 3 and parts[1] == "list" and parts[2].isdigit():
            klass = list(classes_qs(scope, period))[int(parts[2]) :][:1]
            if not klass:
                raise UnknownFigure(key)
            qs = Attendee.objects.filter(training_class=klass[0]).select_related(
                "member"
            )
            return _people(
                klass[0].name,
                qs,
                [_("结业日期")],
                lambda a: [a.completed_on.isoformat() if a.completed_on else ""],
            )
        if key in ("classes.attendees", "classes.completed"):
            qs = Attendee.objects.filter(
                training_class__in=classes_qs(scope, period).values("pk")
            ).select_related("member", "training_class")
            if key == "classes.completed":
                qs = qs.filter(
                    completed_on__isnull=False, completed_on__lte=period.as_of
                )
            return _people(
                _("培训班学员"),
                qs.order_by("training_class__start_on", "member__stroke_key", "id"),
                [_("培训班"), _("结业日期")],
                lambda a: [
                    a.training_class.name,
                    a.completed_on.isoformat() if a.completed_on else "",
                ],
            )
        if key == "classes.sessions":
            sessions = list(
                ClassSession.objects.filter(
                    training_class__in=classes_qs(scope, period).values("pk")
                )
                .select_related("training_class")
                .order_by("on", "id")
            )
            return Drill(
                title=_("培训课次"),
                columns=[_("培训班"), _("日期"), _("内容"), _("主讲")],
                rows=[
                    [s.training_class.name, s.on.isoformat(), s.title, s.speaker]
                    for s in sessions
                ],
                links=[None] * len(sessions),
            )
        items = list(classes_qs(scope, period))
        return Drill(
            title=_("新会员培训班"),
            columns=[_("名称"), _("开班日期"), _("结业日期"), _("地点")],
            rows=[
                [k.name, k.start_on.isoformat(), k.end_on.isoformat(), k.place]
                for k in items
            ],
            links=[None] * len(items),
        )
    if head == "certificates":
        qs = certificates_qs(scope, period).order_by("issued_on", "number")
        if len(parts) == 2 and parts[1] == "at_classes":
            qs = qs.filter(training_class__isnull=False)
        elif len(parts) == 2 and parts[1] == "voided":
            qs = (
                Certificate.objects.filter(scope.q("path"))
                .filter(voided_on__gte=period.start, voided_on__lte=period.end)
                .select_related("member", "training_class")
            )
        return _people(
            _("会员证"),
            qs,
            [_("会员证号"), _("颁发日期"), _("颁证培训班"), _("状态")],
            lambda c: [
                c.number,
                c.issued_on.isoformat(),
                c.training_class.name if c.training_class_id else "",
                c.get_status_display(),
            ],
        )
    raise UnknownFigure(key)


def drill(scope: Scope, period: Period, key: str) -> Drill:
    """The records behind ``key``; one row per thing the figure counts."""
    result = _drill(scope, period, key)
    if result.total is None:
        result.total = len(result.rows)
    return result
