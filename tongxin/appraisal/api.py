"""API router: duty records, points, rankings, organization scores and rules
(``/api/v1/appraisal``).

Reads go through ``tongxin.appraisal.selectors`` (a member outside the
user's reach answers 404), rule changes through ``tongxin.appraisal.services``.
A bad period or an organization code outside the user's reach answers 400
with the Chinese message.  Every figure carries its breakdown by rule.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from tongxin.appraisal import selectors, services
from tongxin.appraisal.models import Measure, PointRule, Scheme
from tongxin.appraisal.policies import policy
from tongxin.core.errors import ServiceError
from tongxin.core.periods import PeriodError, parse_period
from tongxin.core.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    InputSchema,
    PathId,
    Version,
    named_enum,
)
from tongxin.stats.scope import ScopeError

router = Router(tags=["appraisal"])

BAD_INPUT = {**READ_ERRORS, 400: WRITE_ERRORS[400]}


AppraisalScheme = named_enum("AppraisalScheme", Scheme)
AppraisalMeasure = named_enum("AppraisalMeasure", Measure)


class AppraisalPeriodQuery(Schema):
    year: str | None = Field(None, max_length=10, description="年度，如 2026")
    start: str | None = Field(None, max_length=20, description="开始日期")
    end: str | None = Field(None, max_length=20, description="结束日期")
    since: str | None = Field(None, max_length=20, description="某日以来")


class AppraisalScopeQuery(AppraisalPeriodQuery):
    org: str | None = Field(
        None, max_length=32, description="组织代码；缺省为本人可查看的全部组织"
    )


class AppraisalPeriodOut(Schema):
    kind: str
    start: str
    end: str
    as_of: str
    label: str


class AppraisalLineOut(Schema):
    code: str
    name: str
    measure: str
    measure_name: str
    units: float
    per_unit: float
    points: float
    capped: bool


class AppraisalPointsOut(Schema):
    total: float
    lines: list[AppraisalLineOut]


class AppraisalMemberOut(Schema):
    id: int
    name: str
    organization: str


class AppraisalSectionOut(Schema):
    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    summary: str


class AppraisalRecordOut(Schema):
    member: AppraisalMemberOut
    period: AppraisalPeriodOut
    figures: dict[str, float]
    points: AppraisalPointsOut
    sections: list[AppraisalSectionOut]


class AppraisalRankRowOut(Schema):
    rank: int
    member_id: int
    name: str
    organization: str
    total: float
    lines: list[AppraisalLineOut]


class AppraisalRankingOut(Schema):
    scope: str
    period: AppraisalPeriodOut
    rows: list[AppraisalRankRowOut]


class AppraisalScoreRowOut(Schema):
    rank: int
    org_id: int
    code: str
    name: str
    total: float
    coverage_done: int
    coverage_members: int
    lines: list[AppraisalLineOut]


class AppraisalScoresOut(Schema):
    scope: str
    period: AppraisalPeriodOut
    rows: list[AppraisalScoreRowOut]


class AppraisalRuleOut(Schema):
    id: int
    scheme: str
    code: str
    name: str
    measure: str
    measure_name: str
    points: float
    cap: float | None
    active: bool
    version: int

    @staticmethod
    def resolve_measure_name(obj: PointRule) -> str:
        return str(obj.get_measure_display())

    @staticmethod
    def resolve_points(obj: PointRule) -> float:
        return float(obj.points)

    @staticmethod
    def resolve_cap(obj: PointRule) -> float | None:
        return None if obj.cap is None else float(obj.cap)


class AppraisalRuleUpdateIn(InputSchema):
    name: str = Field(max_length=60)
    points: str = Field(max_length=12, description="每单位分值，扣分为负数")
    cap: str | None = Field(None, max_length=12, description="分值上限，空为不设")
    active: bool = True
    version: Version


class AppraisalRuleCreateIn(InputSchema):
    scheme: AppraisalScheme
    code: str = Field(max_length=40)
    name: str = Field(max_length=60)
    measure: AppraisalMeasure
    points: str = Field(max_length=12)
    cap: str | None = Field(None, max_length=12)


def _period(query: AppraisalPeriodQuery):
    try:
        return parse_period(
            year=query.year, start=query.start, end=query.end, since=query.since
        )
    except PeriodError as exc:
        raise ServiceError(str(exc)) from None


def _scope(request: HttpRequest, query: AppraisalScopeQuery, action: str):
    if not policy.scopes(request.auth, action):
        raise PermissionDenied(_("您没有权限查看履职积分与组织考核。"))
    period = _period(query)
    try:
        scope = selectors.scope_for(user=request.auth, code=query.org, action=action)
    except ScopeError as exc:
        raise ServiceError(str(exc)) from None
    return scope, period


@router.get(
    "/members/{member_id}/record",
    response={200: AppraisalRecordOut, **BAD_INPUT},
    summary="会员履职档案",
)
def record(request: HttpRequest, member_id: PathId, query: Query[AppraisalPeriodQuery]):
    """Everything the member did in the period, with the points it earns."""
    member = selectors.member_for_record(user=request.auth, pk=member_id)
    period = _period(query)
    return selectors.duty_record(
        user=request.auth, member=member, period=period
    ).as_dict()


@router.get(
    "/ranking", response={200: AppraisalRankingOut, **BAD_INPUT}, summary="履职积分排名"
)
def ranking(request: HttpRequest, query: Query[AppraisalScopeQuery]):
    """Points of the active members of an organization's subtree, highest first."""
    scope, period = _scope(request, query, "view_ranking")
    _rules, rows = selectors.ranking(user=request.auth, scope=scope, period=period)
    return {
        "scope": scope.title,
        "period": period.as_dict(),
        "rows": [r.as_dict() for r in rows],
    }


@router.get(
    "/scores", response={200: AppraisalScoresOut, **BAD_INPUT}, summary="基层组织考核"
)
def scores(request: HttpRequest, query: Query[AppraisalScopeQuery]):
    """The score of each base organization in the subtree, highest first."""
    scope, period = _scope(request, query, "view_scores")
    _rules, rows = selectors.org_scores(user=request.auth, scope=scope, period=period)
    return {
        "scope": scope.title,
        "period": period.as_dict(),
        "rows": [r.as_dict() for r in rows],
    }


@router.get(
    "/rules", response={200: list[AppraisalRuleOut], **READ_ERRORS}, summary="积分规则"
)
def rules(request: HttpRequest):
    return list(selectors.rule_list(user=request.auth))


@router.post(
    "/rules", response={201: AppraisalRuleOut, **WRITE_ERRORS}, summary="新增积分规则"
)
def rule_create(request: HttpRequest, payload: AppraisalRuleCreateIn):
    data = payload.dict()
    data["scheme"] = str(
        data["scheme"].value if hasattr(data["scheme"], "value") else data["scheme"]
    )
    data["measure"] = str(
        data["measure"].value if hasattr(data["measure"], "value") else data["measure"]
    )
    return Status(201, services.rule_create(by=request.auth, **data))


@router.put(
    "/rules/{rule_id}",
    response={200: AppraisalRuleOut, **WRITE_ERRORS},
    summary="修改积分规则",
)
def rule_update(request: HttpRequest, rule_id: PathId, payload: AppraisalRuleUpdateIn):
    if not policy.can_manage_rules(request.auth):
        raise PermissionDenied(_("只有市委会组织部或办公室可以修改积分规则。"))
    rule = selectors.rule_get(user=request.auth, pk=rule_id)
    return services.rule_update(by=request.auth, rule=rule, **payload.dict())
