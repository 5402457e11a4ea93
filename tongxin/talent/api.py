"""API router: the talent pool (代表人物队伍) and the reserve roster.

Only the organization department and the leadership (or a ``talent_reader``
grant) see anything here: anyone else gets 403 on the lists and 404 on a
person.  Writes go through ``tongxin.talent.services``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from tongxin.core.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    Date,
    Id,
    InputSchema,
    PathId,
)
from tongxin.orgs.models import Organization
from tongxin.orgs.selectors import org_get
from tongxin.talent import selectors, services
from tongxin.talent.models import Recommendation
from tongxin.talent.policies import policy

router = Router(tags=["talent"])

Text = Annotated[str, Field(max_length=300)]


def _require_view(request: HttpRequest) -> None:
    if not policy.can(request.auth, "view"):
        raise PermissionDenied(_("代表人物队伍信息仅限组织部和领导查看。"))


class TierCountOut(Schema):
    tier: str
    label: str
    count: int


class OrgCountOut(Schema):
    organization: str
    count: int


class CountsOut(Schema):
    on: dt.date
    tiers: list[TierCountOut]
    total: int
    reserve: int
    organizations: list[OrgCountOut]
    summary: str


class OnQuery(Schema):
    on: Date | None = None


class PersonQuery(OnQuery):
    tier: Literal["leading", "key", "backbone", "reserve", ""] = ""


class PlacementOut(Schema):
    id: int
    member: int = Field(alias="member_id")
    name: str = Field(alias="member.name")
    tier: str
    start_on: dt.date
    end_on: dt.date | None
    reason: str


class TalentStepOut(Schema):
    id: int
    kind: str
    on: dt.date
    note: str


class TrainingOut(Schema):
    id: int
    kind: str
    title: str
    host: str
    start_on: dt.date
    end_on: dt.date | None


class RecommendationOut(Schema):
    id: int
    target: str
    position: str
    recommended_on: dt.date
    outcome: str
    outcome_on: dt.date | None


class ReviewOut(Schema):
    id: int
    year: int
    decision: str
    reason: str
    reviewed_on: dt.date
    from_tier: str
    to_tier: str


class ReserveOut(Schema):
    id: int
    member: int = Field(alias="member_id")
    name: str = Field(alias="member.name")
    organization: int = Field(alias="organization_id")
    organization_name: str = Field(alias="organization.name")
    post: str
    readiness: str
    start_on: dt.date
    end_on: dt.date | None
    reviewed_on: dt.date | None


class TalentPersonOut(Schema):
    member: int
    name: str
    placements: list[PlacementOut]
    steps: list[TalentStepOut]
    trainings: list[TrainingOut]
    recommendations: list[RecommendationOut]
    reviews: list[ReviewOut]
    reserve: list[ReserveOut]


class PlacementIn(InputSchema):
    tier: Literal["leading", "key", "backbone", "reserve"]
    start_on: Date
    end_on: Date | None = None
    reason: Annotated[str, Field(max_length=200)] = ""


class StepIn(InputSchema):
    kind: Literal["found", "assessed", "trained", "recommended", "appointed"]
    on: Date
    note: Text = ""


class TrainingIn(InputSchema):
    kind: Literal["course", "secondment", "practice"]
    title: Annotated[str, Field(min_length=1, max_length=200)]
    host: Annotated[str, Field(max_length=200)] = ""
    start_on: Date
    end_on: Date | None = None


class RecommendationIn(InputSchema):
    target: Literal["npc", "cppcc", "government", "party", "other"]
    position: Annotated[str, Field(min_length=1, max_length=200)]
    recommended_on: Date


class RecommendationOutcomeIn(InputSchema):
    outcome: Literal["appointed", "not_appointed"]
    on: Date


class ReviewIn(InputSchema):
    year: Annotated[int, Field(ge=1950, le=2100)]
    decision: Literal["keep", "up", "down", "remove"]
    reason: Annotated[str, Field(min_length=1, max_length=300)]
    reviewed_on: Date


class ReserveIn(InputSchema):
    organization: Id
    post: Annotated[str, Field(min_length=1, max_length=100)]
    readiness: Literal["now", "soon", "later"]
    start_on: Date


class ReserveReviewIn(InputSchema):
    readiness: Literal["now", "soon", "later"]
    reviewed_on: Date
    remove: bool = False


def _person(request: HttpRequest, member_id: int):
    return selectors.person_get(user=request.auth, pk=member_id)


def _file(request: HttpRequest, member) -> dict:
    f = selectors.person_file(user=request.auth, member=member)
    return {
        "member": member.pk,
        "name": member.name,
        "placements": f.placements,
        "steps": f.steps,
        "trainings": f.trainings,
        "recommendations": f.recommendations,
        "reviews": f.reviews,
        "reserve": f.reserve,
    }


@router.get("/counts", response={200: CountsOut, **READ_ERRORS}, summary="人才库统计")
def get_counts(request: HttpRequest, query: Query[OnQuery]) -> dict:
    """People per tier, the pool's and the reserve roster's size on a date."""
    _require_view(request)
    c = selectors.counts(user=request.auth, on=query.on or timezone.localdate())
    return {
        "on": c.on,
        "tiers": [{"tier": t, "label": label, "count": n} for t, label, n in c.tiers],
        "total": c.total,
        "reserve": c.reserve,
        "organizations": [
            {"organization": name, "count": n} for name, n in c.organizations
        ],
        "summary": c.summary,
    }


@router.get(
    "/people", response={200: list[PlacementOut], **READ_ERRORS}, summary="入库人员"
)
def list_people(request: HttpRequest, query: Query[PersonQuery]):
    """The placements in force on a date (today by default)."""
    _require_view(request)
    return list(
        selectors.person_list(
            user=request.auth, on=query.on or timezone.localdate(), tier=query.tier
        )
    )


@router.get(
    "/people/{member_id}",
    response={200: TalentPersonOut, **READ_ERRORS},
    summary="个人档案",
)
def get_person(request: HttpRequest, member_id: PathId) -> dict:
    return _file(request, _person(request, member_id))


def _created(request, member) -> Status:
    return Status(201, _file(request, member))


@router.post(
    "/people/{member_id}/placements",
    response={201: TalentPersonOut, **WRITE_ERRORS},
    summary="入库或调整类别",
)
def add_placement(request: HttpRequest, member_id: PathId, payload: PlacementIn):
    member = _person(request, member_id)
    services.placement_add(by=request.auth, member=member, **payload.dict())
    return _created(request, member)


@router.post(
    "/people/{member_id}/steps",
    response={201: TalentPersonOut, **WRITE_ERRORS},
    summary="记录培养环节",
)
def add_step(request: HttpRequest, member_id: PathId, payload: StepIn):
    member = _person(request, member_id)
    services.step_add(by=request.auth, member=member, **payload.dict())
    return _created(request, member)


@router.post(
    "/people/{member_id}/trainings",
    response={201: TalentPersonOut, **WRITE_ERRORS},
    summary="记录培训或挂职",
)
def add_training(request: HttpRequest, member_id: PathId, payload: TrainingIn):
    member = _person(request, member_id)
    services.training_add(by=request.auth, member=member, **payload.dict())
    return _created(request, member)


@router.post(
    "/people/{member_id}/recommendations",
    response={201: TalentPersonOut, **WRITE_ERRORS},
    summary="记录推荐",
)
def add_recommendation(
    request: HttpRequest, member_id: PathId, payload: RecommendationIn
):
    member = _person(request, member_id)
    services.recommendation_add(by=request.auth, member=member, **payload.dict())
    return _created(request, member)


@router.post(
    "/people/{member_id}/reviews",
    response={201: TalentPersonOut, **WRITE_ERRORS},
    summary="年度评议（动态管理）",
)
def add_review(request: HttpRequest, member_id: PathId, payload: ReviewIn):
    member = _person(request, member_id)
    services.review_add(by=request.auth, member=member, **payload.dict())
    return _created(request, member)


@router.post(
    "/people/{member_id}/reserve",
    response={201: TalentPersonOut, **WRITE_ERRORS},
    summary="列入后备干部名册",
)
def add_reserve(request: HttpRequest, member_id: PathId, payload: ReserveIn):
    member = _person(request, member_id)
    data = payload.dict()
    try:
        organization = org_get(user=request.auth, pk=data.pop("organization"))
    except Organization.DoesNotExist:
        from django.core.exceptions import ValidationError

        raise ValidationError({"organization": _("组织不存在或您无权查看。")}) from None
    services.reserve_add(
        by=request.auth, member=member, organization=organization, **data
    )
    return _created(request, member)


@router.post(
    "/recommendations/{recommendation_id}/outcome",
    response={200: RecommendationOut, **WRITE_ERRORS},
    summary="记录推荐结果",
)
def set_outcome(
    request: HttpRequest, recommendation_id: PathId, payload: RecommendationOutcomeIn
) -> Recommendation:
    rec = selectors.recommendation_get(user=request.auth, pk=recommendation_id)
    return services.recommendation_outcome(
        by=request.auth, recommendation=rec, outcome=payload.outcome, on=payload.on
    )


@router.get(
    "/reserve", response={200: list[ReserveOut], **READ_ERRORS}, summary="后备干部名册"
)
def list_reserve(request: HttpRequest, query: Query[OnQuery]):
    _require_view(request)
    return list(
        selectors.reserve_list(user=request.auth, on=query.on or timezone.localdate())
    )


@router.post(
    "/reserve/{entry_id}/review",
    response={200: ReserveOut, **WRITE_ERRORS},
    summary="审核后备干部（成熟度或移出名册）",
)
def review_reserve(request: HttpRequest, entry_id: PathId, payload: ReserveReviewIn):
    entry = selectors.reserve_get(user=request.auth, pk=entry_id)
    return services.reserve_review(by=request.auth, entry=entry, **payload.dict())
