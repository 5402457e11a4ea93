"""Every write to campaigns, their documents, leading group, tasks and goals,
and the task reminders."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.activities.models import Event
from tongxin.activities.policies import policy as activity_policy
from tongxin.campaigns.models import (
    Campaign,
    CampaignDocument,
    Goal,
    GroupMember,
    Task,
    TaskEvidence,
)
from tongxin.campaigns.policies import policy
from tongxin.campaigns.services.common import _open_org, _store, _user
from tongxin.core import tree
from tongxin.core.dates import check_bounded
from tongxin.core.errors import PermissionDenied, ServiceError, ValidationError
from tongxin.core.policies import require
from tongxin.core.services import check_version, save_with_history
from tongxin.honors.models import Category, Level
from tongxin.members.models import Member
from tongxin.members.policies import policy as member_policy
from tongxin.orgs.models import Department, Organization, Post
from tongxin.workflows import engine

# --- campaigns -----------------------------------------------------------------------

CAMPAIGN_FIELDS = frozenset({"title", "start_on", "end_on", "description"})


def _apply_campaign(campaign: Campaign, fields: dict) -> None:
    unknown = set(fields) - CAMPAIGN_FIELDS
    if unknown:
        raise ServiceError(_("不能直接修改字段：%s") % ", ".join(sorted(unknown)))
    for key, value in fields.items():
        setattr(campaign, key, (value or "").strip() if key == "title" else value)
    if campaign.start_on and campaign.end_on and campaign.end_on < campaign.start_on:
        raise ValidationError({"end_on": _("结束日期不能早于开始日期。")})


@transaction.atomic
def campaign_create(
    *,
    by,
    organization: Organization,
    title: str,
    start_on: dt.date,
    end_on: dt.date,
    description: str = "",
) -> Campaign:
    """Create a campaign organized by ``organization`` for a period."""
    organization = Organization.objects.get(pk=organization.pk)
    require(policy, by, "manage", organization)
    _open_org(organization)
    campaign = Campaign(
        organization=organization, path=organization.path, created_by=_user(by)
    )
    _apply_campaign(
        campaign,
        {
            "title": title,
            "start_on": start_on,
            "end_on": end_on,
            "description": description or "",
        },
    )
    save_with_history(campaign, by=by, reason=_("新建专项活动"))
    return campaign


@transaction.atomic
def campaign_update(
    *, campaign: Campaign, by, version: int | None = None, **fields
) -> Campaign:
    """Change a campaign; its period must still hold all its tasks' due dates."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    require(policy, by, "manage", campaign)
    check_version(campaign, version)
    _apply_campaign(campaign, fields)
    outside = campaign.tasks.exclude(
        due_on__gte=campaign.start_on, due_on__lte=campaign.end_on
    )
    if outside.exists():
        raise ValidationError(
            {
                "end_on": _("有 %d 项任务的期限不在新的活动期间内，请先调整任务。")
                % outside.count()
            }
        )
    save_with_history(campaign, by=by, reason=_("修改专项活动"))
    return campaign


@transaction.atomic
def document_add(
    *, campaign: Campaign, by, upload, kind: str, title: str = ""
) -> CampaignDocument:
    """Attach a document (work plan, launch notice ...) checked by type and size."""
    campaign = Campaign.objects.get(pk=campaign.pk)
    require(policy, by, "manage", campaign)
    if kind not in CampaignDocument.Kind.values:
        raise ValidationError({"kind": _("请选择文件类型。")})
    record = CampaignDocument(campaign=campaign, kind=kind, title=title or "")
    return _store(upload, "campaigns", record, by=by, reason=_("上传活动文件"))


# --- leading group -------------------------------------------------------------------


def _group_candidates(campaign: Campaign, on: dt.date) -> list[tuple[Post, str]]:
    """Return the current posts that make a leading group, with the role each gives."""
    posts = (
        Post.objects.filter(start_on__lte=on)
        .exclude(end_on__lt=on)
        .filter(
            tree.subtree_q(campaign.path, "organization__path"),
            organization__closed_on__isnull=True,
            member__status=Member.Status.ACTIVE,
        )
        .select_related("organization", "member")
        .order_by("organization__path", "start_on", "id")
    )
    result = []
    for post in posts:
        if post.organization_id == campaign.organization_id:
            # The organizer's chair (a branch's head) leads, its deputies deputize.
            if post.title in Post.HEAD_TITLES:
                result.append((post, GroupMember.Role.LEADER))
            elif post.title in (Post.Title.VICE_CHAIR, Post.Title.DEPUTY_HEAD):
                result.append((post, GroupMember.Role.DEPUTY))
        elif post.title in Post.HEAD_TITLES and post.organization.is_base:
            result.append((post, GroupMember.Role.MEMBER))
    return result


@transaction.atomic
def group_fill_from_posts(*, campaign: Campaign, by, on: dt.date | None = None) -> int:
    """Fill the leading group from the posts held on ``on`` (default today).

    The chair becomes leader, the vice-chairs deputies, the heads of base
    organizations members.  Members already in the group keep their place;
    return how many were added.
    """
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    require(policy, by, "manage", campaign)
    on = on or timezone.localdate()
    have = set(campaign.group.values_list("member_id", flat=True))
    added = 0
    for post, role in _group_candidates(campaign, on):
        if post.member_id in have:
            continue
        have.add(post.member_id)
        row = GroupMember(
            campaign=campaign,
            member=post.member,
            role=role,
            post=post,
            note=f"{post.organization.name}{post.get_title_display()}",
        )
        save_with_history(row, by=by, reason=_("按职务生成领导小组"))
        added += 1
    if not added and not have:
        raise ServiceError(_("没有找到现任主委、副主委或基层组织负责人。"))
    return added


@transaction.atomic
def group_add(
    *, campaign: Campaign, by, member: Member, role: str, note: str = ""
) -> GroupMember:
    """Add a member to the leading group, or change their role in it."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    require(policy, by, "manage", campaign)
    if role not in GroupMember.Role.values:
        raise ValidationError({"role": _("请选择组内职务。")})
    if not member_policy.can(by, "view", member):
        raise PermissionDenied(_("您无权选择会员“%s”。") % member.name)
    row = GroupMember.objects.filter(campaign=campaign, member=member).first()
    if row is None:
        row = GroupMember(campaign=campaign, member=member)
    row.role = role
    row.note = (note or "").strip()
    save_with_history(row, by=by, reason=_("调整领导小组"))
    return row


@transaction.atomic
def group_remove(*, row: GroupMember, by) -> None:
    campaign = Campaign.objects.select_for_update().get(pk=row.campaign_id)
    require(policy, by, "manage", campaign)
    row.delete()


# --- tasks -----------------------------------------------------------------------------


def _month_start(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            year, month = value[:7].split("-")
            return dt.date(int(year), int(month), 1)
        except ValueError:
            raise ValidationError(
                {"month": _("月份应为 2014-03 这样的格式。")}
            ) from None
    return value.replace(day=1)


def _check_task(task: Task, campaign: Campaign) -> None:
    errors = {}
    if not task.title:
        errors["title"] = _("请填写任务。")
    if task.due_on is None:
        errors["due_on"] = _("请填写完成期限。")
    elif not campaign.start_on <= task.due_on <= campaign.end_on:
        errors["due_on"] = _(
            "完成期限 %(due)s 不在活动期间（%(start)s 至 %(end)s）内。"
        ) % {
            "due": task.due_on.isoformat(),
            "start": campaign.start_on.isoformat(),
            "end": campaign.end_on.isoformat(),
        }
    if task.month is None:
        errors["month"] = _("请选择月份。")
    elif not (
        campaign.start_on.replace(day=1) <= task.month <= campaign.end_on.replace(day=1)
    ):
        errors["month"] = _("月份不在活动期间内。")
    department = task.department if task.department_id else None
    if department is None:
        errors["department"] = _("请选择负责部室。")
    elif department.closed_on is not None:
        errors["department"] = _("部室“%s”已撤销。") % department.name
    if errors:
        raise ValidationError(errors)


TASK_FIELDS = frozenset(
    {"title", "description", "month", "department", "owner", "due_on"}
)


def _apply_task(task: Task, fields: dict) -> None:
    unknown = set(fields) - TASK_FIELDS
    if unknown:
        raise ServiceError(_("不能直接修改字段：%s") % ", ".join(sorted(unknown)))
    for key, value in fields.items():
        if key == "title":
            value = (value or "").strip()
        elif key == "description":
            value = value or ""
        elif key == "month":
            value = _month_start(value)
        setattr(task, key, value)
    if task.month is None and task.due_on is not None:
        task.month = task.due_on.replace(day=1)


@transaction.atomic
def task_create(
    *,
    campaign: Campaign,
    by,
    title: str,
    department: Department,
    due_on: dt.date,
    month: dt.date | str | None = None,
    owner=None,
    description: str = "",
) -> Task:
    """Add a task to a campaign's work plan; its due date must be in the period."""
    campaign = Campaign.objects.get(pk=campaign.pk)
    require(policy, by, "manage", campaign)
    task = Task(campaign=campaign, path=campaign.path)
    _apply_task(
        task,
        {
            "title": title,
            "department": department,
            "due_on": due_on,
            "month": month,
            "owner": owner,
            "description": description,
        },
    )
    _check_task(task, campaign)
    save_with_history(task, by=by, reason=_("新增工作任务"))
    return task


@transaction.atomic
def task_update(*, task: Task, by, version: int | None = None, **fields) -> Task:
    task = Task.objects.select_for_update().select_related("campaign").get(pk=task.pk)
    require(policy, by, "manage", task)
    check_version(task, version)
    _apply_task(task, fields)
    _check_task(task, task.campaign)
    save_with_history(task, by=by, reason=_("修改工作任务"))
    return task


def _check_task_day(task: Task, day: dt.date) -> None:
    """Refuse a status change's day in the future or before the plan started."""
    floors = [(task.campaign.start_on, _("活动开始"))]
    if task.status == Task.Status.DONE and task.done_on is not None:
        # Reopening cannot precede the completion it undoes.
        floors.append((task.done_on, _("任务完成")))
    check_bounded(day, field="occurred_on", what=_("发生日期"), floors=floors)


@transaction.atomic
def task_transition(
    *, task: Task, by, to: str, note: str = "", on: dt.date | None = None
) -> Task:
    """Move a task to another status along its workflow; record the dated step.

    The ``campaign_task`` workflow (:mod:`tongxin.workflows`) says which status
    may follow which and who may move it; the engine writes the change as a
    ``workflows.Step`` with the actor. ``on`` is the day the change happened
    (default today): not in the future, not before the campaign's start (a
    reopening not before the completion it undoes). A completion keeps it as
    the task's ``done_on``; the step keeps it (at noon for a past day) beside
    the entry time and the recorder.

    Refused: a status the workflow does not allow from the current one, and a
    user who is neither a manager, the owner, nor staff of its department.
    """
    task = (
        Task.objects.select_for_update()
        .select_related("department", "campaign")
        .get(pk=task.pk)
    )
    roles = policy.task_roles(by, task)
    if not roles:
        raise PermissionDenied(_("您没有权限更新该任务。"))
    move = next(
        (
            t
            for t in engine.transitions_from(Task.WORKFLOW, task.status)
            if t.target.code == to
        ),
        None,
    )
    if move is None:
        names = engine.state_names(Task.WORKFLOW)
        raise ServiceError(
            _("任务当前为“%(now)s”，不能改为“%(to)s”。")
            % {"now": names.get(task.status, task.status), "to": names.get(to, to)}
        )
    day = on or timezone.localdate()
    _check_task_day(task, day)
    task.done_on = day if to == Task.Status.DONE else None
    task.version += 1
    reason = _("任务状态：%(status)s（发生日期 %(day)s）") % {
        "status": move.target.name,
        "day": day.isoformat(),
    }
    engine.transition(
        workflow=Task.WORKFLOW,
        obj=task,
        action=move.action,
        by=by,
        roles=roles,
        comment=note,
        at=_step_at(day),
        reason=reason,
    )
    return task


def _step_at(day: dt.date) -> dt.datetime:
    """The time of a step on ``day``: now for today, noon for a past day."""
    if day == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


@transaction.atomic
def evidence_add(
    *,
    task: Task,
    by,
    kind: str,
    title: str = "",
    event: Event | None = None,
    document: CampaignDocument | None = None,
    url: str = "",
    upload=None,
) -> TaskEvidence:
    """Attach evidence to a task: an event, a campaign document, a file or a link."""
    task = Task.objects.select_related("department").get(pk=task.pk)
    if not policy.can_work_on(by, task):
        raise PermissionDenied(_("您没有权限更新该任务。"))
    evidence = TaskEvidence(task=task, kind=kind, title=(title or "").strip())
    if kind == TaskEvidence.Kind.EVENT:
        if event is None or not activity_policy.can(by, "view", event):
            raise ValidationError({"event": _("请选择一项您能查看的活动。")})
        evidence.event = event
        evidence.title = evidence.title or event.title
    elif kind == TaskEvidence.Kind.DOCUMENT:
        if document is None or document.campaign_id != task.campaign_id:
            raise ValidationError({"document": _("请选择本专项活动的文件。")})
        evidence.document = document
        evidence.title = evidence.title or document.title
    elif kind == TaskEvidence.Kind.FILE:
        if upload is None:
            raise ValidationError({"file": _("请选择要上传的文件。")})
        return _store(upload, "tasks", evidence, by=by, reason=_("上传任务佐证"))
    elif kind == TaskEvidence.Kind.LINK:
        evidence.url = (url or "").strip()
        if not evidence.url and not evidence.title:
            raise ValidationError({"url": _("请填写链接或文字说明。")})
        evidence.title = evidence.title or evidence.url[:200]
    else:
        raise ValidationError({"kind": _("请选择佐证类型。")})
    evidence.added_by = _user(by)
    save_with_history(evidence, by=by, reason=_("添加任务佐证"))
    return evidence


# --- goals -------------------------------------------------------------------------------


@transaction.atomic
def goal_add(
    *,
    campaign: Campaign,
    by,
    kind: str,
    level: str,
    count: int,
    category: str = "",
    strength: str = Goal.Strength.ENSURE,
    note: str = "",
) -> Goal:
    """Add a goal: at least ``count`` honors of ``level`` or above, for
    organizations or individuals, within the campaign's period."""
    campaign = Campaign.objects.get(pk=campaign.pk)
    require(policy, by, "manage", campaign)
    errors = {}
    try:
        count = int(count)
    except (TypeError, ValueError):
        errors["count"] = _("数量应为整数。")
    else:
        if count < 0:
            errors["count"] = _("目标数量不能为负数。")
    if kind not in Goal.Kind.values:
        errors["kind"] = _("请选择目标对象（集体或个人）。")
    if level not in Level.values:
        errors["level"] = _("请选择级别。")
    if category and category not in Category.values:
        errors["category"] = _("类别无效。")
    if errors:
        raise ValidationError(errors)
    goal = Goal(
        campaign=campaign,
        kind=kind,
        level=level,
        count=count,
        category=category or "",
        strength=strength or Goal.Strength.ENSURE,
        note=(note or "").strip(),
    )
    save_with_history(goal, by=by, reason=_("新增目标"))
    return goal


@transaction.atomic
def goal_remove(*, goal: Goal, by) -> None:
    require(policy, by, "manage", goal.campaign)
    goal.delete()


# --- reminders ---------------------------------------------------------------------------


def send_task_reminders(*, days: int = 3, today: dt.date | None = None) -> list[dict]:
    """Remind the owners of open tasks due within ``days`` days (today included).

    Each task is reminded once per due date: running again sends nothing new
    (a changed due date is reminded anew).  Return what was sent.
    """
    from django.urls import reverse

    from tongxin.notifications.services import notify

    today = today or timezone.localdate()
    if days < 0:
        raise ServiceError(_("天数不能为负数。"))
    due = (
        Task.objects.filter(
            status__in=Task.OPEN,
            owner__isnull=False,
            owner__is_active=True,
            due_on__gte=today,
            due_on__lte=today + dt.timedelta(days=days),
        )
        .select_related("owner", "campaign")
        .order_by("due_on", "id")
    )
    sent = []
    for task in due:
        left = (task.due_on - today).days
        _notice, created = notify(
            user=task.owner,
            key=f"task-due:{task.pk}:{task.due_on.isoformat()}",
            title=_("任务“%(task)s”将于 %(due)s 到期")
            % {
                "task": task.title,
                "due": task.due_on.isoformat(),
            },
            body=_("%(campaign)s；还剩 %(n)d 天。")
            % {
                "campaign": task.campaign.title,
                "n": left,
            },
            url=reverse("campaigns:task_detail", args=[task.pk]),
        )
        if created:
            sent.append(
                {
                    "task": task.pk,
                    "title": task.title,
                    "owner": task.owner.username,
                    "due_on": task.due_on.isoformat(),
                }
            )
    return sent
