"""API router: campaigns, work plan tasks, goals, inspections, liaison and
regulations (``/api/v1/campaigns``).

Reads go through ``tongxin.campaigns.selectors`` (a record outside the user's
reach answers 404), writes through ``tongxin.campaigns.services``.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from tongxin.accounts.models import User
from tongxin.activities.selectors import event_get
from tongxin.campaigns import services
from tongxin.campaigns.models import Campaign, Task
from tongxin.campaigns.policies import policy
from tongxin.campaigns.selectors import (
    assignable_users,
    campaign_documents,
    campaign_get,
    campaign_group,
    campaign_list,
    coverage,
    document_get,
    followup_get,
    goal_progress,
    liaison_list,
    overdue_tasks,
    regulation_get,
    regulation_list,
    regulation_versions,
    task_departments,
    task_evidence,
    task_get,
    task_list,
    team_get,
    visit_get,
    visit_list,
)
from tongxin.core.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    Date,
    Id,
    InputSchema,
    MemberRef,
    OrgRef,
    PathId,
    Version,
    referenced,
)
from tongxin.members.selectors import member_get
from tongxin.orgs.selectors import department_list, org_get

router = Router(tags=["campaigns"])


# --- shapes ----------------------------------------------------------------------------


class UserRef(Schema):
    id: int
    username: str
    name: str

    @staticmethod
    def resolve_name(obj) -> str:
        return str(obj)


class DepartmentRef(Schema):
    id: int
    name: str
    kind: str


class CampaignOut(Schema):
    id: int
    title: str
    organization: OrgRef
    start_on: dt.date
    end_on: dt.date
    description: str
    version: int


class GroupRowOut(Schema):
    id: int
    role: str
    member: MemberRef
    note: str


class GoalOut(Schema):
    id: int
    kind: str
    level: str
    category: str
    count: int
    strength: str
    achieved: int
    met: bool


class DocumentOut(Schema):
    id: int
    kind: str
    title: str
    size: int


class CampaignDetailOut(CampaignOut):
    group: list[GroupRowOut]
    goals: list[GoalOut]
    documents: list[DocumentOut]


class CampaignIn(InputSchema):
    organization: Id
    title: str = Field(max_length=200)
    start_on: Date
    end_on: Date
    description: str = ""


class CampaignUpdateIn(InputSchema):
    version: Version
    title: str | None = Field(None, max_length=200)
    start_on: Date | None = None
    end_on: Date | None = None
    description: str | None = None


class GroupIn(InputSchema):
    member: Id
    role: str = Field(description="leader、deputy 或 member")
    note: str = Field("", max_length=100)


class CampaignAddedOut(Schema):
    added: int


class EvidenceOut(Schema):
    id: int
    kind: str
    title: str
    url: str
    event_id: int | None
    document_id: int | None


class TaskOut(Schema):
    id: int
    campaign_id: int
    title: str
    month: str
    department: DepartmentRef
    owner: UserRef | None
    due_on: dt.date
    status: str
    done_on: dt.date | None
    overdue: bool
    version: int

    @staticmethod
    def resolve_month(obj: Task) -> str:
        return f"{obj.month:%Y-%m}"

    @staticmethod
    def resolve_overdue(obj: Task) -> bool:
        return obj.is_open and obj.due_on < timezone.localdate()


class TaskDetailOut(TaskOut):
    description: str
    evidence: list[EvidenceOut]

    @staticmethod
    def resolve_evidence(obj: Task) -> list:
        return list(task_evidence(task=obj))


class TaskIn(InputSchema):
    title: str = Field(max_length=200)
    month: str | None = Field(
        None, description="月份，如 2014-03；默认取完成期限的月份"
    )
    department: Id
    owner: Id | None = None
    due_on: Date
    description: str = ""


class TaskTransitionIn(InputSchema):
    to: str = Field(description="todo、doing、done 或 cancelled")
    note: str = Field("", max_length=200)
    occurred_on: Date | None = Field(
        None,
        description="变更实际发生的日期（如完成日期），默认今天；不能晚于今天，"
        "不能早于活动开始（重新打开不能早于完成日期）",
    )


class EvidenceIn(InputSchema):
    kind: str = Field(description="event、document 或 link（文件请用网页上传）")
    title: str = Field("", max_length=200)
    event: Id | None = None
    document: Id | None = None
    url: str = Field("", max_length=500)


class GoalIn(InputSchema):
    kind: str = Field(description="organization 或 individual")
    level: str
    count: int
    category: str = ""
    strength: str = "ensure"
    note: str = Field("", max_length=200)


class TeamIn(InputSchema):
    organization: Id
    name: str = Field(max_length=100)
    campaign: Id | None = None
    team: list[Id] = Field(default_factory=list, max_length=100)
    note: str = ""


class TeamOut(Schema):
    id: int
    name: str
    organization: OrgRef


class VisitIn(InputSchema):
    organization: Id
    visited_on: Date
    rating: str = Field(description="excellent、good、fair 或 poor")
    people_met: str = ""
    host_party_org: str = Field("", max_length=200)
    findings: str = ""


class VisitOut(Schema):
    id: int
    team_id: int
    organization: OrgRef
    visited_on: dt.date
    rating: str
    people_met: str
    host_party_org: str
    findings: str


class FollowUpIn(InputSchema):
    action: str = Field(max_length=300)
    owner: Id | None = None
    due_on: Date


class FollowUpOut(Schema):
    id: int
    action: str
    owner: UserRef | None
    due_on: dt.date
    done_on: dt.date | None


class FollowUpDoneIn(InputSchema):
    occurred_on: Date | None = Field(
        None, description="实际完成日期，默认今天；不能晚于今天，不能早于督查日期"
    )


class InspectionCoverageOut(Schema):
    start: dt.date
    end: dt.date
    total: int
    visited: list[OrgRef]
    not_visited: list[OrgRef]


class LiaisonIn(InputSchema):
    organization: Id
    start_on: Date
    leader: Id | None = None
    department: Id | None = None
    note: str = Field("", max_length=200)


class LiaisonOut(Schema):
    id: int
    kind: str
    leader: MemberRef | None
    department: DepartmentRef | None
    organization: OrgRef
    start_on: dt.date
    end_on: dt.date | None


class RegulationIn(InputSchema):
    organization: Id
    title: str = Field(max_length=200)
    number: str = Field("", max_length=100)
    issuing_body: str = Field(max_length=100)
    effective_on: Date
    note: str = ""


class VersionOut(Schema):
    id: int
    label: str
    effective_on: dt.date
    title: str
    size: int


class RegulationOut(Schema):
    id: int
    title: str
    number: str
    issuing_body: str
    effective_on: dt.date
    status: str
    version: int


class RegulationDetailOut(RegulationOut):
    versions: list[VersionOut]

    @staticmethod
    def resolve_versions(obj) -> list:
        return list(regulation_versions(regulation=obj))


# --- helpers -----------------------------------------------------------------------------


def _campaign(request: HttpRequest, pk: int) -> Campaign:
    return campaign_get(user=request.auth, pk=pk)


def _detail(request: HttpRequest, pk: int) -> dict:
    campaign = _campaign(request, pk)
    data = CampaignOut.from_orm(campaign).dict()
    data["group"] = campaign_group(campaign=campaign)
    data["documents"] = list(campaign_documents(campaign=campaign))
    data["goals"] = [
        {
            "id": p.goal.pk,
            "kind": p.goal.kind,
            "level": p.goal.level,
            "category": p.goal.category,
            "count": p.goal.count,
            "strength": p.goal.strength,
            "achieved": p.achieved,
            "met": p.met,
        }
        for p in goal_progress(campaign=campaign)
    ]
    return data


def _user(request: HttpRequest, field: str, pk: int | None) -> User | None:
    if pk is None:
        return None
    return referenced(
        field,
        lambda **kw: assignable_users(user=request.auth).get(pk=kw["pk"]),
        pk=pk,
    )


def _require(request: HttpRequest, action: str, obj) -> None:
    """Refuse (403) before resolving the ids a request body names."""
    if not policy.can(request.auth, action, obj):
        raise PermissionDenied(_("您没有权限执行此操作。"))


def _require_any(request: HttpRequest, action: str) -> None:
    if not policy.scopes(request.auth, action):
        raise PermissionDenied(_("您没有权限执行此操作。"))


# --- campaigns -----------------------------------------------------------------------


@router.get(
    "", response={200: list[CampaignOut], **READ_ERRORS}, summary="专项活动列表"
)
def list_campaigns(request: HttpRequest) -> list:
    return list(campaign_list(user=request.auth)[:500])


@router.post(
    "", response={201: CampaignDetailOut, **WRITE_ERRORS}, summary="新建专项活动"
)
def create_campaign(request: HttpRequest, payload: CampaignIn):
    _require_any(request, "manage")
    data = payload.dict()
    org = referenced(
        "organization", org_get, user=request.auth, pk=data.pop("organization")
    )
    campaign = services.campaign_create(by=request.auth, organization=org, **data)
    return Status(201, _detail(request, campaign.pk))


# Static paths before the ones with a campaign id.


@router.get(
    "/tasks/overdue", response={200: list[TaskOut], **READ_ERRORS}, summary="逾期任务"
)
def list_overdue(request: HttpRequest) -> list:
    return list(overdue_tasks(user=request.auth)[:1000])


@router.get(
    "/tasks/{task_id}", response={200: TaskDetailOut, **READ_ERRORS}, summary="任务详情"
)
def get_task(request: HttpRequest, task_id: PathId) -> Task:
    return task_get(user=request.auth, pk=task_id)


@router.post(
    "/tasks/{task_id}/transition",
    response={200: TaskDetailOut, **WRITE_ERRORS},
    summary="更新任务状态",
)
def transition_task(
    request: HttpRequest, task_id: PathId, payload: TaskTransitionIn
) -> Task:
    task = task_get(user=request.auth, pk=task_id)
    services.task_transition(
        task=task,
        by=request.auth,
        to=payload.to,
        note=payload.note,
        on=payload.occurred_on,
    )
    return task_get(user=request.auth, pk=task_id)


@router.post(
    "/tasks/{task_id}/evidence",
    response={201: EvidenceOut, **WRITE_ERRORS},
    summary="添加任务佐证",
)
def add_evidence(request: HttpRequest, task_id: PathId, payload: EvidenceIn):
    task = task_get(user=request.auth, pk=task_id)
    if not policy.can_work_on(request.auth, task):
        raise PermissionDenied(_("您没有权限更新该任务。"))
    event = (
        referenced("event", event_get, user=request.auth, pk=payload.event)
        if payload.event
        else None
    )
    document = (
        referenced(
            "document",
            lambda **kw: document_get(campaign=task.campaign, pk=kw["pk"]),
            pk=payload.document,
        )
        if payload.document
        else None
    )
    evidence = services.evidence_add(
        task=task,
        by=request.auth,
        kind=payload.kind,
        title=payload.title,
        event=event,
        document=document,
        url=payload.url,
    )
    return Status(201, evidence)


@router.get(
    "/inspections/coverage",
    response={200: InspectionCoverageOut, **READ_ERRORS},
    summary="督查覆盖情况",
)
def inspection_coverage(
    request: HttpRequest, since: Date, until: Date | None = None
) -> dict:
    """Base organizations visited, and not, between ``since`` and ``until``."""
    result = coverage(user=request.auth, start=since, end=until)
    return {
        "start": result.start,
        "end": result.end,
        "total": result.total,
        "visited": [o for o, _n, _last in result.visited],
        "not_visited": result.not_visited,
    }


@router.get(
    "/inspections/visits",
    response={200: list[VisitOut], **READ_ERRORS},
    summary="督查走访",
)
def list_visits(request: HttpRequest) -> list:
    return list(visit_list(user=request.auth)[:1000])


@router.post(
    "/inspections/teams", response={201: TeamOut, **WRITE_ERRORS}, summary="组建督查组"
)
def create_team(request: HttpRequest, payload: TeamIn):
    _require_any(request, "manage_inspections")
    org = referenced(
        "organization", org_get, user=request.auth, pk=payload.organization
    )
    campaign = (
        referenced("campaign", campaign_get, user=request.auth, pk=payload.campaign)
        if payload.campaign
        else None
    )
    team = services.team_create(
        by=request.auth,
        organization=org,
        name=payload.name,
        campaign=campaign,
        team=[_user(request, "team", pk) for pk in payload.team],
        note=payload.note,
    )
    return Status(201, team)


@router.post(
    "/inspections/teams/{team_id}/visits",
    response={201: VisitOut, **WRITE_ERRORS},
    summary="登记督查走访",
)
def create_visit(request: HttpRequest, team_id: PathId, payload: VisitIn):
    team = team_get(user=request.auth, pk=team_id)
    _require(request, "manage_inspections", team)
    data = payload.dict()
    org = referenced(
        "organization", org_get, user=request.auth, pk=data.pop("organization")
    )
    visit = services.visit_create(team=team, by=request.auth, organization=org, **data)
    return Status(201, visit)


@router.post(
    "/inspections/visits/{visit_id}/followups",
    response={201: FollowUpOut, **WRITE_ERRORS},
    summary="新增整改事项",
)
def create_followup(request: HttpRequest, visit_id: PathId, payload: FollowUpIn):
    visit = visit_get(user=request.auth, pk=visit_id)
    _require(request, "manage_inspections", visit)
    followup = services.followup_add(
        visit=visit,
        by=request.auth,
        action=payload.action,
        due_on=payload.due_on,
        owner=_user(request, "owner", payload.owner),
    )
    return Status(201, followup)


@router.post(
    "/inspections/visits/{visit_id}/followups/{followup_id}/done",
    response={200: FollowUpOut, **WRITE_ERRORS},
    summary="整改事项完成",
)
def followup_done(
    request: HttpRequest,
    visit_id: PathId,
    followup_id: PathId,
    payload: FollowUpDoneIn | None = None,
):
    """Mark a follow-up done on its real day (``occurred_on``, default today)."""
    visit = visit_get(user=request.auth, pk=visit_id)
    followup = followup_get(visit=visit, pk=followup_id)
    return services.followup_done(
        followup=followup,
        by=request.auth,
        on=payload.occurred_on if payload else None,
    )


@router.get(
    "/liaison", response={200: list[LiaisonOut], **READ_ERRORS}, summary="联系安排"
)
def list_liaison(request: HttpRequest) -> list:
    return list(liaison_list(user=request.auth)[:1000])


@router.post(
    "/liaison", response={201: LiaisonOut, **WRITE_ERRORS}, summary="安排联系基层组织"
)
def create_liaison(request: HttpRequest, payload: LiaisonIn):
    _require_any(request, "manage_liaison")
    org = referenced(
        "organization", org_get, user=request.auth, pk=payload.organization
    )
    leader = (
        referenced("leader", member_get, user=request.auth, pk=payload.leader)
        if payload.leader
        else None
    )
    department = (
        referenced(
            "department",
            lambda **kw: department_list(user=request.auth).get(pk=kw["pk"]),
            pk=payload.department,
        )
        if payload.department
        else None
    )
    record = services.liaison_assign(
        by=request.auth,
        organization=org,
        start_on=payload.start_on,
        leader=leader,
        department=department,
        note=payload.note,
    )
    return Status(201, record)


@router.get(
    "/regulations",
    response={200: list[RegulationOut], **READ_ERRORS},
    summary="制度列表",
)
def list_regulations(request: HttpRequest, status: str | None = None) -> list:
    return list(regulation_list(user=request.auth, status=status)[:1000])


@router.post(
    "/regulations", response={201: RegulationOut, **WRITE_ERRORS}, summary="登记制度"
)
def create_regulation(request: HttpRequest, payload: RegulationIn):
    """Register a regulation (its versions' files are uploaded on the web page)."""
    _require_any(request, "manage_regulations")
    data = payload.dict()
    org = referenced(
        "organization", org_get, user=request.auth, pk=data.pop("organization")
    )
    record = services.regulation_create(by=request.auth, organization=org, **data)
    return Status(201, record)


@router.get(
    "/regulations/{regulation_id}",
    response={200: RegulationDetailOut, **READ_ERRORS},
    summary="制度详情",
)
def get_regulation(request: HttpRequest, regulation_id: PathId):
    return regulation_get(user=request.auth, pk=regulation_id)


# --- one campaign ------------------------------------------------------------------------


@router.get(
    "/{campaign_id}",
    response={200: CampaignDetailOut, **READ_ERRORS},
    summary="专项活动详情",
)
def get_campaign(request: HttpRequest, campaign_id: PathId) -> dict:
    return _detail(request, campaign_id)


@router.patch(
    "/{campaign_id}",
    response={200: CampaignDetailOut, **WRITE_ERRORS},
    summary="修改专项活动",
)
def update_campaign(
    request: HttpRequest, campaign_id: PathId, payload: CampaignUpdateIn
):
    campaign = _campaign(request, campaign_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    services.campaign_update(
        campaign=campaign, by=request.auth, version=version, **data
    )
    return _detail(request, campaign_id)


@router.post(
    "/{campaign_id}/group/fill",
    response={200: CampaignAddedOut, **WRITE_ERRORS},
    summary="按现任职务生成领导小组",
)
def fill_group(request: HttpRequest, campaign_id: PathId) -> dict:
    campaign = _campaign(request, campaign_id)
    return {"added": services.group_fill_from_posts(campaign=campaign, by=request.auth)}


@router.post(
    "/{campaign_id}/group",
    response={200: GroupRowOut, **WRITE_ERRORS},
    summary="加入或调整领导小组成员",
)
def add_group_member(request: HttpRequest, campaign_id: PathId, payload: GroupIn):
    campaign = _campaign(request, campaign_id)
    _require(request, "manage", campaign)
    member = referenced("member", member_get, user=request.auth, pk=payload.member)
    return services.group_add(
        campaign=campaign,
        by=request.auth,
        member=member,
        role=payload.role,
        note=payload.note,
    )


@router.post(
    "/{campaign_id}/goals", response={201: GoalOut, **WRITE_ERRORS}, summary="新增目标"
)
def add_goal(request: HttpRequest, campaign_id: PathId, payload: GoalIn):
    campaign = _campaign(request, campaign_id)
    goal = services.goal_add(campaign=campaign, by=request.auth, **payload.dict())
    progress = next(p for p in goal_progress(campaign=campaign) if p.goal.pk == goal.pk)
    return Status(
        201,
        {
            "id": goal.pk,
            "kind": goal.kind,
            "level": goal.level,
            "category": goal.category,
            "count": goal.count,
            "strength": goal.strength,
            "achieved": progress.achieved,
            "met": progress.met,
        },
    )


@router.get(
    "/{campaign_id}/tasks",
    response={200: list[TaskOut], **READ_ERRORS},
    summary="工作任务",
)
def list_tasks(
    request: HttpRequest,
    campaign_id: PathId,
    month: str | None = None,
    department: Id | None = None,
) -> list:
    """Return a campaign's tasks, by month; ``month`` (2014-03) and ``department`` filter."""
    campaign = _campaign(request, campaign_id)
    qs = task_list(user=request.auth, campaign=campaign)
    if month:
        qs = qs.filter(month=services._month_start(month))
    if department:
        qs = qs.filter(department_id=department)
    return list(qs)


@router.post(
    "/{campaign_id}/tasks",
    response={201: TaskDetailOut, **WRITE_ERRORS},
    summary="新增任务",
)
def create_task(request: HttpRequest, campaign_id: PathId, payload: TaskIn):
    campaign = _campaign(request, campaign_id)
    _require(request, "manage", campaign)
    data = payload.dict()
    data["department"] = referenced(
        "department",
        lambda **kw: task_departments(user=request.auth, campaign=campaign).get(
            pk=kw["pk"]
        ),
        pk=data["department"],
    )
    data["owner"] = _user(request, "owner", data["owner"])
    task = services.task_create(campaign=campaign, by=request.auth, **data)
    return Status(201, task_get(user=request.auth, pk=task.pk))
