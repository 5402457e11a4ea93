"""Regulations: the rules adopted and revised in the period, the rules in
force, and the liaison the rules define (leaders and departments each keeping
in touch with base organizations).

A regulation is *adopted* in the period when it took effect in it; *revised*
when a later version took effect in it. The status (in force, revised,
repealed) is the registry's current one. Liaison is stated as of the
period's last day.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.campaigns.models import LiaisonAssignment, Regulation, RegulationVersion
from tongxin.campaigns.policies import policy as campaign_policy
from tongxin.core.periods import Period
from tongxin.core.rates import rate
from tongxin.stats.drilling import Drill, UnknownFigure
from tongxin.stats.figures.campaigns import base_orgs_qs
from tongxin.stats.gates import Gate
from tongxin.stats.scope import Scope
from tongxin.stats.words import label  # noqa: F401  (the section's key names)

#: Whose records each drill-down lists (see tongxin.stats.gates).
GATES = {
    "adopted": Gate(campaign_policy, "view_regulations"),
    "adopted_count": Gate(campaign_policy, "view_regulations"),
    "revised": Gate(campaign_policy, "view_regulations"),
    "revised_count": Gate(campaign_policy, "view_regulations"),
    "in_force": Gate(campaign_policy, "view_regulations"),
    "liaison": Gate(campaign_policy, "view_liaison"),
}

TITLE = gettext_lazy("制度建设")


def _in_scope(scope: Scope) -> QuerySet:
    return Regulation.objects.filter(scope.q("path")).select_related("organization")


def adopted_qs(scope: Scope, period: Period) -> QuerySet:
    return (
        _in_scope(scope)
        .filter(effective_on__gte=period.start, effective_on__lte=period.end)
        .order_by("effective_on", "id")
    )


def revised_qs(scope: Scope, period: Period) -> QuerySet:
    """Regulations adopted before the period with a version that took effect in it."""
    versions = RegulationVersion.objects.filter(
        effective_on__gte=period.start, effective_on__lte=period.end
    )
    return (
        _in_scope(scope)
        .filter(effective_on__lt=period.start, pk__in=versions.values("regulation_id"))
        .order_by("effective_on", "id")
    )


def in_force_qs(scope: Scope, period: Period) -> QuerySet:
    return (
        _in_scope(scope)
        .filter(effective_on__lte=period.as_of, status=Regulation.Status.IN_FORCE)
        .order_by("effective_on", "id")
    )


def liaison_qs(scope: Scope, period: Period) -> QuerySet:
    day = period.as_of
    return (
        LiaisonAssignment.objects.filter(scope.q("path"))
        .filter(start_on__lte=day)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=day))
        .select_related("leader", "department", "organization")
    )


def _row(r: Regulation, period: Period) -> dict:
    version = (
        r.versions.filter(effective_on__lte=period.end)
        .order_by("-effective_on", "-id")
        .first()
    )
    return {
        "id": r.pk,
        "title": r.title,
        "number": r.number,
        "issuing_body": r.issuing_body,
        "effective_on": r.effective_on.isoformat(),
        "status": r.status,
        "status_label": str(r.get_status_display()),
        "version": version.label if version else "",
        "version_on": version.effective_on.isoformat() if version else "",
    }


def compute(scope: Scope, period: Period) -> dict:
    adopted = [_row(r, period) for r in adopted_qs(scope, period)]
    revised = [_row(r, period) for r in revised_qs(scope, period)]
    liaison = liaison_qs(scope, period)
    leader_rows = liaison.filter(kind=LiaisonAssignment.Kind.LEADER)
    department_rows = liaison.filter(kind=LiaisonAssignment.Kind.DEPARTMENT)
    base = base_orgs_qs(scope, period)
    covered = base.filter(pk__in=liaison.values("organization_id")).count()
    total = base.count()
    return {
        "adopted": adopted,
        "adopted_count": len(adopted),
        "revised": revised,
        "revised_count": len(revised),
        "in_force": in_force_qs(scope, period).count(),
        "liaison": {
            "leaders": leader_rows.order_by().values("leader").distinct().count(),
            "departments": department_rows.order_by()
            .values("department")
            .distinct()
            .count(),
            "assignments": liaison.count(),
            "organizations": covered,
            "base_organizations": total,
            "coverage_rate": rate(covered, total),
        },
    }


def _regulation_drill(title: str, qs: QuerySet, period: Period) -> Drill:
    items = list(qs)
    rows = []
    for r in items:
        row = _row(r, period)
        rows.append(
            [
                row["title"],
                row["number"],
                row["issuing_body"],
                row["effective_on"],
                row["version"],
                row["status_label"],
            ]
        )
    return Drill(
        title=title,
        columns=[
            _("名称"),
            _("文号"),
            _("制定机关"),
            _("施行日期"),
            _("版本"),
            _("状态"),
        ],
        rows=rows,
        links=[r.get_absolute_url() for r in items],
    )


def _drill(scope: Scope, period: Period, key: str) -> Drill:
    head = key.split(".")[0]
    if head in ("adopted", "adopted_count"):
        return _regulation_drill(_("本期制定的制度"), adopted_qs(scope, period), period)
    if head in ("revised", "revised_count"):
        return _regulation_drill(_("本期修订的制度"), revised_qs(scope, period), period)
    if head == "in_force":
        return _regulation_drill(
            _("现行有效的制度"), in_force_qs(scope, period), period
        )
    if key in ("liaison.organizations", "liaison.base_organizations"):
        orgs = base_orgs_qs(scope, period)
        if key == "liaison.organizations":
            orgs = orgs.filter(
                pk__in=liaison_qs(scope, period).values("organization_id")
            )
        orgs = list(orgs)
        return Drill(
            title=_("联系的基层组织")
            if key.endswith(".organizations")
            else _("基层组织"),
            columns=[_("组织"), _("代码")],
            rows=[[o.name, o.code] for o in orgs],
            links=[o.get_absolute_url() for o in orgs],
        )
    if key in ("liaison.leaders", "liaison.departments"):
        kind = "leader" if key == "liaison.leaders" else "department"
        people: dict[int, list] = {}
        for a in liaison_qs(scope, period).filter(kind=kind).order_by("path", "id"):
            who = a.leader if kind == "leader" else a.department
            people.setdefault(who.pk, [who.name, 0])[1] += 1
        return Drill(
            title=_("分工联系的领导班子成员")
            if kind == "leader"
            else _("分工联系的机关部室"),
            columns=[_("领导或部室"), _("联系的基层组织数")],
            rows=list(people.values()),
            links=[None] * len(people),
        )
    if head == "liaison":
        items = list(liaison_qs(scope, period).order_by("kind", "path", "id"))
        return Drill(
            title=_("联系基层组织"),
            columns=[_("类型"), _("领导或部室"), _("联系的基层组织"), _("开始日期")],
            rows=[
                [
                    a.get_kind_display(),
                    a.leader.name if a.leader_id else a.department.name,
                    a.organization.name,
                    a.start_on.isoformat(),
                ]
                for a in items
            ],
            links=[None] * len(items),
        )
    raise UnknownFigure(key)


def drill(scope: Scope, period: Period, key: str) -> Drill:
    """The records behind ``key``; one row per thing the figure counts."""
    result = _drill(scope, period, key)
    if result.total is None:
        result.total = len(result.rows)
    return result
