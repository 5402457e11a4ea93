"""Every read of campaigns, tasks, goals, inspections, liaison and regulations,
scoped to the acting user."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from tongxin.campaigns.models import (
    Campaign,
    FollowUp,
    Goal,
    InspectionTeam,
    LiaisonAssignment,
    Regulation,
    Task,
    Visit,
)
from tongxin.campaigns.policies import ROLE_DEPARTMENT, policy
from tongxin.core import tree
from tongxin.core.policies import user_grants
from tongxin.honors.models import levels_at_least
from tongxin.honors.selectors import recipients_in_period
from tongxin.orgs.models import Organization
from tongxin.workflows import engine
from tongxin.workflows.models import Step

# --- campaigns ---------------------------------------------------------------------


def campaign_list(*, user) -> QuerySet:
    return policy.visible(user, Campaign.objects.all()).select_related("organization")


def campaign_get(*, user, pk: int, action: str = "view") -> Campaign:
    return (
        policy.visible(user, Campaign.objects.all(), action)
        .select_related("organization")
        .get(pk=pk)
    )


def campaign_group(*, campaign: Campaign) -> list:
    order = {"leader": 0, "deputy": 1, "member": 2}
    rows = campaign.group.select_related("member", "post__organization")
    return sorted(rows, key=lambda r: (order[r.role], r.note, r.pk))


def campaign_documents(*, campaign: Campaign) -> QuerySet:
    return campaign.documents.all()


def document_get(*, campaign: Campaign, pk: int):
    return campaign.documents.get(pk=pk)


# --- tasks -------------------------------------------------------------------------


def _department_q(user) -> Q:
    """Tasks of the departments the user works in, within their scopes."""
    q = Q(pk__in=[])
    for role, scope in user_grants(user):
        if role in ROLE_DEPARTMENT:
            q |= Q(department__kind=ROLE_DEPARTMENT[role]) & tree.subtree_q(scope)
    return q


def task_queryset(*, user) -> QuerySet:
    """Return the tasks the user may see: in their subtrees, their own, their
    departments'."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Task.objects.none()
    scopes = policy.scopes(user, "view")
    if scopes == [""]:
        return Task.objects.all()
    q = tree.subtrees_q(scopes) | Q(owner=user) | _department_q(user)
    return Task.objects.filter(q)


def task_list(
    *,
    user,
    campaign: Campaign | None = None,
    month: dt.date | None = None,
    department=None,
    status: str | None = None,
) -> QuerySet:
    qs = task_queryset(user=user).select_related("department", "owner", "campaign")
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    if month is not None:
        qs = qs.filter(month=month)
    if department is not None:
        qs = qs.filter(department=department)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("month", "due_on", "id")


def task_get(*, user, pk: int) -> Task:
    return (
        task_queryset(user=user)
        .select_related("department", "owner", "campaign")
        .get(pk=pk)
    )


def overdue_tasks(*, user, today: dt.date | None = None) -> QuerySet:
    """Return open tasks past their due date, most overdue first."""
    today = today or timezone.localdate()
    return (
        task_queryset(user=user)
        .filter(status__in=Task.OPEN, due_on__lt=today)
        .select_related("department", "owner", "campaign")
        .order_by("due_on", "id")
    )


def tasks_as_of(qs: QuerySet, day: dt.date) -> QuerySet:
    """Annotate tasks with their status on ``day`` and the completion day then.

    The one definition of a task's state at a period's end, read from its
    dated workflow steps (``workflows.Step.at``, when the change happened,
    not ``recorded_at`` when it was entered): ``status_on`` is the target of
    the latest step on or before ``day`` (ties in entry order), 未开始 when
    every step is later; ``done_on_then`` the day of that completion. A task without any
    recorded change keeps its own fields (done when ``done_on`` is on or
    before ``day``). So a completion recorded late inside the year counts in
    that year, a task done, reopened or cancelled after ``day`` counts as it
    stood on ``day``.
    """
    from django.db.models import Case, Exists, F, OuterRef, Subquery, Value, When
    from django.db.models.functions import TruncDate

    changes = Step.objects.filter(
        model=Task._meta.label_lower, object_id=OuterRef("pk")
    )
    then = changes.filter(at__date__lte=day).order_by("-at", "-id")
    done = Task.Status.DONE
    return qs.annotate(
        _changed=Exists(changes),
        _then=Subquery(then.values("to_state")[:1]),
        _then_on=Subquery(then.annotate(_day=TruncDate("at")).values("_day")[:1]),
    ).annotate(
        status_on=Case(
            When(_changed=True, _then__isnull=False, then=F("_then")),
            When(_changed=True, then=Value(Task.Status.TODO)),
            When(status=done, done_on__gt=day, then=Value(Task.Status.TODO)),
            default=F("status"),
        ),
        done_on_then=Case(
            When(_changed=True, _then=done, then=F("_then_on")),
            When(_changed=False, status=done, done_on__lte=day, then=F("done_on")),
            default=Value(None, output_field=Task._meta.get_field("done_on")),
        ),
    )


def tasks_grouped(tasks, by: str) -> list[tuple[str, list[Task]]]:
    """Group tasks by month (``2014-03``) or by department name, in order."""
    groups: dict[str, list[Task]] = {}
    for task in tasks:
        key = f"{task.month:%Y-%m}" if by == "month" else task.department.name
        groups.setdefault(key, []).append(task)
    return list(groups.items()) if by == "month" else sorted(groups.items())


def task_evidence(*, task: Task) -> QuerySet:
    return task.evidence.select_related("event", "document")


def task_moves(*, user, task: Task) -> list[tuple[str, str]]:
    """The statuses ``user`` may move ``task`` to: ``(code, name)``, in order.

    Read from the ``campaign_task`` workflow with the user's roles on the task.
    """
    roles = policy.task_roles(user, task)
    return [
        (t.target.code, t.target.name)
        for t in engine.available(Task.WORKFLOW, task.status, roles)
    ]


def task_changes(*, task: Task) -> list[Step]:
    """The task's dated status changes (workflow steps), oldest first."""
    return engine.steps_of(task)


def evidence_get(*, task: Task, pk: int):
    return task.evidence.get(pk=pk)


# --- goals -------------------------------------------------------------------------


@dataclass
class GoalProgress:
    goal: Goal
    achieved: int

    @property
    def met(self) -> bool:
        return self.achieved >= self.goal.count


def goal_progress(
    *, campaign: Campaign, within: QuerySet | None = None
) -> list[GoalProgress]:
    """Count, for each goal, the honors at its level or above recorded within the
    campaign's period and subtree: organizations or individuals as it asks.

    ``within`` bounds the count to a report's period: the honor recipients the
    report counts (its honors section's queryset), so a goal never counts an
    honor the same report does not.
    """
    base = recipients_in_period(
        path=campaign.path, start=campaign.start_on, end=campaign.end_on
    )
    if within is not None:
        base = base & within
    result = []
    for goal in campaign.goals.all():
        recipients = base.filter(honor__level__in=levels_at_least(goal.level))
        if goal.category:
            recipients = recipients.filter(honor__category=goal.category)
        if goal.kind == Goal.Kind.ORGANIZATION:
            recipients = recipients.filter(organization__isnull=False)
        else:
            recipients = recipients.filter(member__isnull=False)
        result.append(GoalProgress(goal=goal, achieved=recipients.count()))
    return result


# --- inspections -------------------------------------------------------------------


def team_list(*, user) -> QuerySet:
    return policy.visible(
        user, InspectionTeam.objects.all(), "view_inspections"
    ).prefetch_related("team")


def team_get(*, user, pk: int) -> InspectionTeam:
    return team_list(user=user).get(pk=pk)


def visit_queryset(*, user) -> QuerySet:
    return policy.visible(user, Visit.objects.all(), "view_inspections")


def visit_list(*, user, team: InspectionTeam | None = None) -> QuerySet:
    qs = visit_queryset(user=user).select_related("organization", "team")
    if team is not None:
        qs = qs.filter(team=team)
    return qs


def visit_get(*, user, pk: int) -> Visit:
    return visit_list(user=user).get(pk=pk)


def visit_followups(*, visit: Visit) -> QuerySet:
    return visit.followups.select_related("owner", "done_by")


def followup_get(*, visit: Visit, pk: int) -> FollowUp:
    return visit.followups.get(pk=pk)


@dataclass
class Coverage:
    start: dt.date
    end: dt.date
    visited: list[tuple[Organization, int, dt.date]]
    not_visited: list[Organization]

    @property
    def total(self) -> int:
        return len(self.visited) + len(self.not_visited)


def coverage(*, user, start: dt.date, end: dt.date | None = None) -> Coverage:
    """Return the base organizations existing on ``end``
    (:func:`tongxin.orgs.selectors.existing_q`) the user may see, split into
    visited in the period or not."""
    from django.db.models import Count, Max

    from tongxin.orgs.selectors import existing_q, org_list

    end = end or timezone.localdate()
    orgs = (
        org_list(user=user, include_closed=True)
        .exclude(kind=Organization.Kind.COMMITTEE)
        .filter(existing_q(end))
        .filter(policy.scope_q(user, "view_inspections", field="path"))
    )
    counts = {
        row["organization"]: (row["n"], row["last"])
        for row in visit_queryset(user=user)
        .filter(visited_on__gte=start, visited_on__lte=end)
        .values("organization")
        .annotate(n=Count("id"), last=Max("visited_on"))
    }
    visited, not_visited = [], []
    for org in orgs:
        if org.pk in counts:
            visited.append((org, *counts[org.pk]))
        else:
            not_visited.append(org)
    return Coverage(start=start, end=end, visited=visited, not_visited=not_visited)


# --- liaison -----------------------------------------------------------------------


def liaison_list(*, user, current: bool = True) -> QuerySet:
    qs = policy.visible(
        user, LiaisonAssignment.objects.all(), "view_liaison"
    ).select_related("leader", "department", "organization")
    if current:
        qs = qs.filter(end_on__isnull=True)
    return qs.order_by("kind", "leader__stroke_key", "department__sort_order", "path")


def liaison_get(*, user, pk: int) -> LiaisonAssignment:
    return liaison_list(user=user, current=False).get(pk=pk)


def leader_assignments(*, user, member) -> QuerySet:
    return liaison_list(user=user).filter(leader=member)


def recent_happenings(*, user, organizations, days: int = 365) -> dict:
    """Return, per organization, recent events (organized in its subtree) and
    honors given within it, as far as the user may see them."""
    from tongxin.activities.selectors import event_list
    from tongxin.honors.selectors import honor_queryset

    since = timezone.now() - dt.timedelta(days=days)
    result = {}
    for org in organizations:
        events = list(
            event_list(user=user)
            .filter(tree.subtree_q(org.path), start_at__gte=since)
            .order_by("-start_at")[:5]
        )
        honors = list(
            honor_queryset(user=user)
            .filter(recipients__org_path__gte=org.path)
            .filter(tree.subtree_q(org.path, "recipients__org_path"))
            .filter(year__gte=since.year)
            .distinct()
            .order_by("-year", "-id")[:5]
        )
        visits = list(
            visit_queryset(user=user)
            .filter(organization=org)
            .order_by("-visited_on")[:3]
        )
        result[org.pk] = {"events": events, "honors": honors, "visits": visits}
    return result


# --- regulations -------------------------------------------------------------------


def regulation_list(*, user, status: str | None = None) -> QuerySet:
    qs = policy.visible(user, Regulation.objects.all(), "view_regulations")
    if status:
        qs = qs.filter(status=status)
    return qs


def regulation_get(*, user, pk: int) -> Regulation:
    return regulation_list(user=user).get(pk=pk)


def regulation_versions(*, regulation: Regulation) -> QuerySet:
    return regulation.versions.all()


def version_get(*, regulation: Regulation, pk: int):
    return regulation.versions.get(pk=pk)


# --- choices for forms -------------------------------------------------------------


def assignable_users(*, user) -> QuerySet:
    """Return active users holding a staff, leader or head role within the
    user's reach: owners of tasks and follow-ups, inspection team members."""
    from tongxin.accounts.models import User
    from tongxin.core.policies import READ_ROLES

    scopes = policy.scopes(user, "view")
    if not scopes:
        return User.objects.none()
    q = Q(grants__role__in=READ_ROLES, is_active=True)
    if scopes != [""]:
        q &= tree.subtrees_q(scopes, "grants__organization__path")
    ids = User.objects.filter(q).values("pk")
    return User.objects.filter(pk__in=ids).order_by("username")


def leader_choices(*, user) -> QuerySet:
    """Return members holding a current leadership post of a committee."""
    from tongxin.members.selectors import member_queryset
    from tongxin.orgs.models import Post

    ids = Post.objects.filter(
        end_on__isnull=True,
        organization__kind=Organization.Kind.COMMITTEE,
        title__in=[
            Post.Title.CHAIR,
            Post.Title.VICE_CHAIR,
            Post.Title.SECRETARY_GENERAL,
        ],
    ).values("member_id")
    return member_queryset(user=user).filter(pk__in=ids).order_by("stroke_key")


def task_departments(*, user, campaign: Campaign) -> QuerySet:
    """Return the open departments of the campaign's organizer and its ancestors
    (a branch's campaign may give tasks to the committee's departments)."""
    from tongxin.core.tree import ancestor_paths
    from tongxin.orgs.selectors import department_list

    return department_list(user=user).filter(
        organization__path__in=ancestor_paths(campaign.path)
    )
