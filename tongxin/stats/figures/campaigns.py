"""Campaigns and leadership: the leading groups, the work plans and how far
they were carried out, and the inspection visits with their coverage of the
base organizations.

A campaign counts when its dates overlap the period; a task when its due date
falls in the period, done when it was marked done by the period's end; a visit
when it was made in the period. Coverage is over the base organizations of
the scope that existed on the period's last day.
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.campaigns.models import (
    Campaign,
    FollowUp,
    GroupMember,
    InspectionTeam,
    Task,
    Visit,
)
from tongxin.campaigns.policies import policy as campaign_policy
from tongxin.campaigns.selectors import goal_progress, tasks_as_of
from tongxin.core.periods import Period
from tongxin.core.rates import rate
from tongxin.orgs.models import Organization
from tongxin.orgs.selectors import existing_q
from tongxin.stats.drilling import Drill, UnknownFigure
from tongxin.stats.figures.honors import period_recipients
from tongxin.stats.gates import Gate
from tongxin.stats.scope import Scope
from tongxin.stats.words import label  # noqa: F401  (the section's key names)

#: Whose records each drill-down lists (see tongxin.stats.gates).
GATES = {
    "campaign_count": Gate(campaign_policy),
    "campaigns": Gate(campaign_policy),
    "tasks": Gate(campaign_policy),
    "inspections": Gate(campaign_policy, "view_inspections"),
}

TITLE = gettext_lazy("专项活动与组织领导")

ROLE_ORDER = ("leader", "deputy", "member")


def _rate(part: int, whole: int) -> float | None:
    return rate(part, whole)


# --- the querysets every figure and its drill share ---------------------------------


def campaigns_qs(scope: Scope, period: Period) -> QuerySet:
    return (
        Campaign.objects.filter(scope.q("path"))
        .filter(start_on__lte=period.end, end_on__gte=period.start)
        .select_related("organization")
        .order_by("start_on", "id")
    )


def tasks_qs(scope: Scope, period: Period) -> QuerySet:
    """Tasks due in the period, each with its status at the period's end
    (``status_on``, ``done_on_then``: :func:`campaigns.selectors.tasks_as_of`)."""
    return tasks_as_of(
        Task.objects.filter(scope.q("path"))
        .filter(due_on__gte=period.start, due_on__lte=period.end)
        .select_related("department", "campaign", "owner")
        .order_by("month", "due_on", "id"),
        period.as_of,
    )


def task_subset(qs: QuerySet, which: str, period: Period) -> QuerySet:
    """``qs`` (from :func:`tasks_qs`) narrowed to one figure, by the status
    each task had at the period's end."""
    if which == "total":
        return qs
    if which == "done":
        return qs.filter(status_on=Task.Status.DONE)
    if which == "cancelled":
        return qs.filter(status_on=Task.Status.CANCELLED)
    if which == "open":
        return qs.filter(status_on__in=Task.OPEN)
    if which == "overdue":
        return qs.filter(status_on__in=Task.OPEN, due_on__lt=period.as_of)
    raise UnknownFigure(which)


def visits_qs(scope: Scope, period: Period) -> QuerySet:
    return (
        Visit.objects.filter(scope.q("path"))
        .filter(visited_on__gte=period.start, visited_on__lte=period.end)
        .select_related("organization", "team")
        .order_by("visited_on", "id")
    )


def base_orgs_qs(scope: Scope, period: Period) -> QuerySet:
    """Base organizations of the scope existing on the period's last day
    (:func:`tongxin.orgs.selectors.existing_q`, as 基本情况 counts them)."""
    return (
        Organization.objects.filter(scope.q("path"))
        .exclude(kind=Organization.Kind.COMMITTEE)
        .filter(existing_q(period.as_of))
        .order_by("path")
    )


def followups_qs(scope: Scope, period: Period) -> QuerySet:
    return FollowUp.objects.filter(
        visit__in=visits_qs(scope, period).values("pk")
    ).select_related("visit__organization", "owner")


# --- figures ------------------------------------------------------------------------


def _group(campaign: Campaign) -> dict:
    return _groups([campaign])[campaign.pk]


def _groups(campaigns) -> dict[int, dict]:
    """Each campaign's leading group by role (leader, deputies, members), from one
    query for all of them."""
    by_campaign: dict[int, list] = {c.pk: [] for c in campaigns}
    for row in GroupMember.objects.filter(
        campaign_id__in=list(by_campaign)
    ).select_related("member"):
        by_campaign[row.campaign_id].append(row)
    result = {}
    for pk, rows in by_campaign.items():
        names: dict[str, list[str]] = {role: [] for role in ROLE_ORDER}
        for row in sorted(rows, key=lambda r: (ROLE_ORDER.index(r.role), r.pk)):
            names[row.role].append(row.member.name)
        result[pk] = {
            "leader": names["leader"],
            "deputy": names["deputy"],
            "member": names["member"],
            "size": sum(len(v) for v in names.values()),
        }
    return result


def _task_rows(qs: QuerySet) -> list[tuple]:
    """``(campaign id, status at the period's end, due date, month, count)`` of
    ``qs``."""
    return list(
        qs.order_by()
        .values("campaign_id", "status_on", "due_on", "month")
        .annotate(n=Count("id"))
        .values_list("campaign_id", "status_on", "due_on", "month", "n")
    )


def _counted(rows, period: Period) -> dict:
    """The counts of :func:`task_subset` for each subset, from the grouped
    ``(status, due date, count)`` rows of :func:`_task_rows` (the same
    conditions, evaluated on the grouped values)."""
    counts = dict.fromkeys(("total", "done", "open", "overdue", "cancelled"), 0)
    for status, due_on, n in rows:
        counts["total"] += n
        if status == Task.Status.DONE:
            counts["done"] += n
        elif status == Task.Status.CANCELLED:
            counts["cancelled"] += n
        if status in Task.OPEN:
            counts["open"] += n
            if due_on is not None and due_on < period.as_of:
                counts["overdue"] += n
    counts["completion_rate"] = _rate(
        counts["done"], counts["total"] - counts["cancelled"]
    )
    return counts


def _goals(campaign: Campaign, honors: QuerySet) -> list[dict]:
    """The campaign's goals, counted from the period's honors (``honors``)."""
    return [
        {
            "text": _("%(strength)s%(level)s%(kind)s%(count)d个")
            % {
                "strength": g.goal.get_strength_display(),
                "level": g.goal.get_level_display(),
                "kind": g.goal.get_kind_display(),
                "count": g.goal.count,
            },
            "strength": g.goal.strength,
            "level": g.goal.level,
            "level_label": str(g.goal.get_level_display()),
            "kind": g.goal.kind,
            "kind_label": str(g.goal.get_kind_display()),
            "target": g.goal.count,
            "achieved": g.achieved,
            "met": g.met,
        }
        for g in goal_progress(campaign=campaign, within=honors)
    ]


def compute(scope: Scope, period: Period) -> dict:
    campaigns = []
    tasks = tasks_qs(scope, period)
    honors = period_recipients(scope, period)
    # The tasks' counts of every campaign and of the whole scope come from one
    # grouped query; the leading groups from one query for all campaigns.
    task_rows = _task_rows(tasks)
    listed = list(campaigns_qs(scope, period))
    groups = _groups(listed)
    for c in listed:
        campaigns.append(
            {
                "id": c.pk,
                "title": c.title,
                "organization": c.organization.name,
                "start_on": c.start_on.isoformat(),
                "end_on": c.end_on.isoformat(),
                "group": groups[c.pk],
                "tasks": _counted(
                    [row[1:3] + row[4:] for row in task_rows if row[0] == c.pk], period
                ),
                "goals": _goals(c, honors),
            }
        )
    by_department = []
    for row in (
        tasks.values("department__name", "department__sort_order")
        .annotate(
            total=Count("id"), done=Count("id", filter=Q(status_on=Task.Status.DONE))
        )
        .order_by("department__sort_order", "department__name")
    ):
        by_department.append(
            {
                "department": row["department__name"],
                "total": row["total"],
                "done": row["done"],
            }
        )
    months: dict = {}
    for _campaign, status, _due, month, n in task_rows:
        row = months.setdefault(month, {"total": 0, "done": 0})
        row["total"] += n
        if status == Task.Status.DONE:
            row["done"] += n
    by_month = [
        {"month": f"{month:%Y-%m}", "total": row["total"], "done": row["done"]}
        for month, row in sorted(months.items())
    ]
    task_figures = _counted([row[1:3] + row[4:] for row in task_rows], period)
    task_figures["by_department"] = by_department
    task_figures["by_month"] = by_month
    return {
        "campaign_count": len(campaigns),
        "campaigns": campaigns,
        "tasks": task_figures,
        "inspections": _inspections(scope, period),
    }


def _inspections(scope: Scope, period: Period) -> dict:
    visits = visits_qs(scope, period)
    base = base_orgs_qs(scope, period)
    visited_ids = set(visits.values_list("organization_id", flat=True))
    base_ids = list(base.values_list("pk", flat=True))
    covered = [pk for pk in base_ids if pk in visited_ids]
    not_visited = list(base.exclude(pk__in=visited_ids).values_list("name", flat=True))
    ratings = []
    counts = dict(
        visits.order_by()
        .values_list("rating")
        .annotate(n=Count("id"))
        .values_list("rating", "n")
    )
    for value, name in Visit.Rating.choices:
        if counts.get(value):
            ratings.append(
                {"rating": value, "label": str(name), "count": counts[value]}
            )
    followups = followups_qs(scope, period).aggregate(
        total=Count("id"),
        done=Count("id", filter=Q(done_on__isnull=False, done_on__lte=period.as_of)),
    )
    done, total_followups = followups["done"], followups["total"]
    return {
        "visits": sum(counts.values()),
        "teams": visits.order_by().values("team").distinct().count(),
        "organizations_visited": len(visited_ids),
        "base_organizations": len(base_ids),
        "base_organizations_visited": len(covered),
        "coverage_rate": _rate(len(covered), len(base_ids)),
        "not_visited": not_visited,
        "host_party_talks": visits.exclude(host_party_org="").count(),
        "ratings": ratings,
        "followups": {
            "total": total_followups,
            "done": done,
            "open": total_followups - done,
        },
    }


# --- drill-down ---------------------------------------------------------------------


def _task_drill(title: str, qs: QuerySet, period: Period) -> Drill:
    rows, links = [], []
    for t in qs:
        rows.append(
            [
                t.campaign.title,
                f"{t.month:%Y-%m}",
                t.title,
                t.department.name,
                t.due_on.isoformat(),
                str(Task.Status(t.status_on).label),
                t.done_on_then.isoformat() if t.done_on_then else "",
            ]
        )
        links.append(t.get_absolute_url())
    return Drill(
        title=title,
        columns=[
            _("专项活动"),
            _("月份"),
            _("任务"),
            _("负责部室"),
            _("完成期限"),
            _("状态"),
            _("完成日期"),
        ],
        rows=rows,
        links=links,
    )


def _org_drill(title: str, orgs) -> Drill:
    orgs = list(orgs)
    return Drill(
        title=title,
        columns=[_("组织"), _("代码"), _("类型")],
        rows=[[o.name, o.code, o.get_kind_display()] for o in orgs],
        links=[o.get_absolute_url() for o in orgs],
    )


TASK_TITLES = {
    "total": gettext_lazy("工作任务"),
    "done": gettext_lazy("已完成的工作任务"),
    "open": gettext_lazy("未完成的工作任务"),
    "overdue": gettext_lazy("逾期未完成的工作任务"),
    "cancelled": gettext_lazy("已取消的工作任务"),
}


def _drill(scope: Scope, period: Period, key: str) -> Drill:
    if key in ("campaign_count", "campaigns"):
        rows, links = [], []
        for c in campaigns_qs(scope, period):
            group = _group(c)
            rows.append(
                [
                    c.title,
                    c.organization.name,
                    c.start_on.isoformat(),
                    c.end_on.isoformat(),
                    "、".join(group["leader"]),
                    group["size"],
                ]
            )
            links.append(c.get_absolute_url())
        return Drill(
            title=_("专项活动"),
            columns=[
                _("活动名称"),
                _("主办组织"),
                _("开始日期"),
                _("结束日期"),
                _("组长"),
                _("领导小组人数"),
            ],
            rows=rows,
            links=links,
        )
    parts = key.split(".")
    if key == "tasks.completion_rate":
        parts = ["tasks", "total"]
    if parts[0] == "tasks" and len(parts) == 2 and parts[1] in TASK_TITLES:
        qs = task_subset(tasks_qs(scope, period), parts[1], period)
        return _task_drill(str(TASK_TITLES[parts[1]]), qs, period)
    if parts[0] == "inspections" and len(parts) >= 2:
        what = ".".join(parts[1:])
        if what == "teams":
            visits = visits_qs(scope, period)
            teams = (
                InspectionTeam.objects.filter(pk__in=visits.values("team_id"))
                .annotate(
                    n=Count(
                        "visits",
                        filter=Q(
                            visits__visited_on__gte=period.start,
                            visits__visited_on__lte=period.end,
                        ),
                    )
                )
                .order_by("name", "id")
            )
            return Drill(
                title=_("督查组"),
                columns=[_("督查组"), _("本期督查走访次数")],
                rows=[[t.name, t.n] for t in teams],
                links=[t.get_absolute_url() for t in teams],
            )
        if what in ("visits", "host_party_talks", "ratings"):
            visits = visits_qs(scope, period)
            if what == "host_party_talks":
                visits = visits.exclude(host_party_org="")
            return Drill(
                title=_("督查走访"),
                columns=[
                    _("督查日期"),
                    _("督查组"),
                    _("被督查组织"),
                    _("所在单位党组织"),
                    _("评价"),
                ],
                rows=[
                    [
                        v.visited_on.isoformat(),
                        v.team.name,
                        v.organization.name,
                        v.host_party_org,
                        v.get_rating_display(),
                    ]
                    for v in visits
                ],
                links=[v.get_absolute_url() for v in visits],
            )
        if what in ("organizations_visited", "base_organizations_visited"):
            ids = visits_qs(scope, period).values("organization_id")
            orgs = Organization.objects.filter(pk__in=ids).order_by("path")
            if what == "base_organizations_visited":
                orgs = base_orgs_qs(scope, period).filter(pk__in=ids)
            return _org_drill(_("督查走访到的组织"), orgs)
        if what == "not_visited":
            ids = visits_qs(scope, period).values("organization_id")
            return _org_drill(
                _("尚未督查走访的基层组织"),
                base_orgs_qs(scope, period).exclude(pk__in=ids),
            )
        if what in ("base_organizations", "coverage_rate"):
            return _org_drill(_("基层组织"), base_orgs_qs(scope, period))
        if what.startswith("followups"):
            qs = followups_qs(scope, period).order_by("due_on", "id")
            if what == "followups.done":
                qs = qs.filter(done_on__isnull=False, done_on__lte=period.as_of)
            elif what == "followups.open":
                qs = qs.exclude(done_on__isnull=False, done_on__lte=period.as_of)
            return Drill(
                title=_("整改事项"),
                columns=[_("被督查组织"), _("整改事项"), _("完成期限"), _("完成日期")],
                rows=[
                    [
                        f.visit.organization.name,
                        f.action,
                        f.due_on.isoformat(),
                        f.done_on.isoformat() if f.done_on else "",
                    ]
                    for f in qs
                ],
                links=[f.visit.get_absolute_url() for f in qs],
            )
    raise UnknownFigure(key)


def drill(scope: Scope, period: Period, key: str) -> Drill:
    """The records behind ``key``; one row per thing the figure counts."""
    result = _drill(scope, period, key)
    if result.total is None:
        result.total = len(result.rows)
    return result
