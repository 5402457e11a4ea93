"""API router: political participation (参政议政).

Suggestions, proposals, opinion reports and research topics (``{kind}`` is
``suggestions``, ``proposals``, ``opinions`` or ``research``), their workflow
transitions, attachments, proposal units and awards, adoptions and
instructions; drives and sessions; coverage, statistics and compilations.
Reads go through ``tongxin.participation.selectors`` (an item outside the
user's reach answers 404), writes through ``tongxin.participation.services``;
a refused transition answers 400 with the Chinese message.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal
from urllib.parse import quote

from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile

from tongxin.core import files
from tongxin.core.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    Date,
    Id,
    InputSchema,
    PathId,
    referenced,
)
from tongxin.members.selectors import member_get
from tongxin.orgs.selectors import org_get
from tongxin.participation import selectors, services
from tongxin.participation.compilation import compilation_build
from tongxin.participation.models import Drive, Item
from tongxin.participation.policies import policy
from tongxin.participation.services.items import can_edit

router = Router(tags=["participation"])

Kind = Literal["suggestions", "proposals", "opinions", "research"]


# --- shapes ---------------------------------------------------------------------------


class Ref(Schema):
    id: int
    name: str


class StepOut(Schema):
    action: str
    name: str
    from_state: str
    to_state: str
    actor: str | None
    at: dt.datetime
    recorded_at: dt.datetime
    comment: str


class ActionOut(Schema):
    action: str
    name: str
    required_fields: list[str]
    comment_required: bool


class AttachmentOut(Schema):
    id: int
    title: str
    size: int
    is_final_report: bool
    url: str


class ItemOut(Schema):
    id: int
    kind: str
    title: str
    state: str
    state_name: str
    date: dt.date
    organization: Ref
    authors: list[str]
    confidential: bool
    version: int
    extra: dict[str, Any] = Field(description="按类别的字段，如提案的会议、立案、答复")


class ItemDetailOut(ItemOut):
    text: str
    steps: list[StepOut]
    actions: list[ActionOut]
    attachments: list[AttachmentOut]


def _extra(item: Item) -> dict[str, Any]:
    if item.KIND == "suggestions":
        return {
            "author": item.author_id,
            "drive": item.drive_id,
            "proposal": item.proposal_id,
        }
    if item.KIND == "proposals":
        return {
            "proposal_kind": item.kind,
            "session": item.session.name,
            "member": item.member_id,
            "cosigners": [m.pk for m in item.cosigners.all()],
            "number": item.number,
            "not_filed_reason": item.not_filed_reason,
            "merged_into": item.merged_into_id,
            "units": [{"name": u.name, "role": u.role} for u in item.units.all()],
            "reply_on": item.reply_on,
            "reply_unit": item.reply_unit,
            "reply_text": item.reply_text,
            "satisfaction": item.satisfaction,
            "awards": [
                {"name": a.name, "body": a.body, "year": a.year}
                for a in item.awards.all()
            ],
        }
    if item.KIND == "opinions":
        return {
            "signed_off_at": item.signed_off_at,
            "targets": [t.body for t in item.targets.all()],
            "adoptions": [
                {"level": a.level, "body": a.body, "adopted_on": a.adopted_on}
                for a in item.adoptions.all()
            ],
            "instructions": [
                {"leader": i.leader, "content": i.content, "given_on": i.given_on}
                for i in item.instructions.all()
            ],
        }
    return {
        "target_body": item.target_body,
        "approved_on": item.approved_on,
        "funding": str(item.funding) if item.funding is not None else None,
        "deadline": item.deadline,
        "outcome": item.outcome,
        "members": [m.pk for m in item.members.all()],
    }


def _out(item: Item, names: dict[str, str]) -> dict:
    return {
        "id": item.pk,
        "kind": item.KIND,
        "title": item.title,
        "state": item.state,
        "state_name": names.get(item.state, item.state),
        "date": item.date,
        "organization": {"id": item.organization_id, "name": item.organization.name},
        "authors": item.author_names(),
        "confidential": item.confidential,
        "version": item.version,
        "extra": _extra(item),
    }


def _detail(request: HttpRequest, item: Item) -> dict:
    user = request.auth
    data = _out(item, selectors.state_names(item.KIND))
    data["text"] = item.text
    data["steps"] = [
        {
            "action": s.action,
            "name": s.name,
            "from_state": s.from_state,
            "to_state": s.to_state,
            "actor": str(s.actor) if s.actor else None,
            "at": s.at,
            "recorded_at": s.recorded_at,
            "comment": s.comment,
        }
        for s in selectors.item_steps(user=user, item=item)
    ]
    data["actions"] = [
        {
            "action": t.action,
            "name": t.name,
            "required_fields": t.field_list,
            "comment_required": t.comment_required,
        }
        for t in selectors.item_actions(user=user, item=item)
    ]
    data["attachments"] = [
        {
            "id": a.pk,
            "title": a.title,
            "size": a.size,
            "is_final_report": a.is_final_report,
            "url": f"/api/v1/participation/{item.KIND}/{item.pk}/attachments/{a.pk}",
        }
        for a in selectors.attachments_of(user=user, item=item)
    ]
    return data


def _item(request: HttpRequest, kind: str, pk: int) -> Item:
    return selectors.item_get(user=request.auth, kind=kind, pk=pk)


def _member(request, field, pk):
    return referenced(field, member_get, user=request.auth, pk=pk)


def _members(request, field, ids):
    return [_member(request, field, pk) for pk in ids or []]


def _require_creator(request: HttpRequest) -> None:
    """Refuse (403) a user who neither has a member record nor manages anywhere."""
    if not policy.member_id(request.auth) and not policy.scopes(request.auth, "manage"):
        raise PermissionDenied(_("只有会员本人或参政议政部可以提交。"))


# --- drives and sessions (before the {kind} routes) -------------------------------------


class DriveOut(Schema):
    id: int
    theme: str
    organization: Ref
    start_on: dt.date
    end_on: dt.date
    description: str


class DriveIn(InputSchema):
    theme: str = Field(max_length=100)
    organization: Id
    start_on: Date
    end_on: Date
    description: str = Field("", max_length=2000)


def _drive(d: Drive) -> dict:
    return {
        "id": d.pk,
        "theme": d.theme,
        "organization": {"id": d.organization_id, "name": d.organization.name},
        "start_on": d.start_on,
        "end_on": d.end_on,
        "description": d.description,
    }


@router.get(
    "/drives", response={200: list[DriveOut], **READ_ERRORS}, summary="征集活动"
)
def list_drives(request: HttpRequest):
    return [_drive(d) for d in selectors.drive_list(user=request.auth)[:500]]


@router.post(
    "/drives", response={201: DriveOut, **WRITE_ERRORS}, summary="发起征集活动"
)
def create_drive(request: HttpRequest, payload: DriveIn):
    policy.require_somewhere(request.auth, "manage")
    data = payload.dict()
    data["organization"] = referenced(
        "organization", org_get, user=request.auth, pk=data["organization"]
    )
    return Status(201, _drive(services.drive_create(by=request.auth, **data)))


class SessionOut(Schema):
    id: int
    name: str
    body: str
    level: str
    year: int
    held_on: dt.date | None


class SessionIn(InputSchema):
    name: str = Field(max_length=100)
    body: str = Field(max_length=50)
    level: Literal["city", "provincial", "national"]
    year: int = Field(ge=1950, le=2100)
    held_on: Date | None = None


@router.get(
    "/sessions", response={200: list[SessionOut], **READ_ERRORS}, summary="政协会议"
)
def list_sessions(request: HttpRequest):
    return list(selectors.session_list(user=request.auth)[:500])


@router.post(
    "/sessions", response={201: SessionOut, **WRITE_ERRORS}, summary="登记政协会议"
)
def create_session(request: HttpRequest, payload: SessionIn) -> tuple:
    policy.require_somewhere(request.auth, "manage")
    return Status(201, services.session_create(by=request.auth, **payload.dict()))


# --- coverage, statistics, compilations ---------------------------------------------------


class CoverageQuery(Schema):
    year: int = Field(ge=1950, le=2100)
    org: Id | None = None


class PersonOut(Schema):
    id: int
    name: str
    organization: str


class OrgCoverageOut(Schema):
    id: int
    name: str
    done: int
    not_yet: int


class CoverageOut(Schema):
    year: int
    as_of: dt.date = Field(description="统计截止日：该年末（当年为今天）")
    rate: float = Field(description="覆盖率（%），保留一位小数")
    members_done: list[PersonOut]
    members_not_yet: list[PersonOut]
    orgs_done: list[OrgCoverageOut]
    orgs_not_yet: list[OrgCoverageOut]


def _org_or_none(request, pk):
    return referenced("org", org_get, user=request.auth, pk=pk) if pk else None


@router.get(
    "/coverage", response={200: CoverageOut, **READ_ERRORS}, summary="一人一案覆盖情况"
)
def coverage(request: HttpRequest, query: Query[CoverageQuery]):
    """Return who contributed in the year and who has not yet, in the user's subtree."""
    policy.require_somewhere(request.auth, "view_stats")
    data = selectors.coverage(
        user=request.auth, year=query.year, org=_org_or_none(request, query.org)
    )

    def person(m):
        return {"id": m.pk, "name": m.name, "organization": m.organization.name}

    def org(r):
        return {
            "id": r["org"].pk,
            "name": r["org"].name,
            "done": r["done"],
            "not_yet": r["not_yet"],
        }

    return {
        "year": data["year"],
        "as_of": data["as_of"],
        "rate": data["rate"],
        "members_done": [person(m) for m in data["members_done"]],
        "members_not_yet": [person(m) for m in data["members_not_yet"]],
        "orgs_done": [org(r) for r in data["orgs_done"]],
        "orgs_not_yet": [org(r) for r in data["orgs_not_yet"]],
    }


class StatsQuery(Schema):
    start: dt.date | None = None
    end: dt.date | None = None
    org: Id | None = None


@router.get(
    "/stats", response={200: dict[str, Any], **READ_ERRORS}, summary="参政议政统计"
)
def stats(request: HttpRequest, query: Query[StatsQuery]):
    """Return counts by kind, state, level, body and organization for a period."""
    policy.require_somewhere(request.auth, "view_stats")
    data = selectors.statistics(
        user=request.auth,
        start=query.start,
        end=query.end,
        org=_org_or_none(request, query.org),
    )
    data.pop("state_names", None)
    return data


class CompilationIn(InputSchema):
    kind: Kind
    year: int | None = Field(None, ge=1950, le=2100)
    states: list[str] = []
    ids: list[Id] = []
    title: str = Field("", max_length=60)


@router.post(
    "/compilations",
    response={200: None, **WRITE_ERRORS},
    summary="生成汇编（返回 Word 文档）",
)
def compile_items(request: HttpRequest, payload: CompilationIn):
    """Return a Word compilation of the chosen items (cover, contents, texts, replies)."""
    policy.require_somewhere(request.auth, "compile")
    name, content = compilation_build(by=request.auth, **payload.dict())
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


# --- kind-specific writes ------------------------------------------------------------------


class ConvertIn(InputSchema):
    session: Id
    member: Id | None = None
    cosigners: list[Id] = []
    comment: str = Field("", max_length=1000)


@router.post(
    "/suggestions/{item_id}/proposal",
    response={201: ItemDetailOut, **WRITE_ERRORS},
    summary="建议转为委员提案",
)
def convert_suggestion(request: HttpRequest, item_id: PathId, payload: ConvertIn):
    suggestion = _item(request, "suggestions", item_id)
    proposal = services.suggestion_to_proposal(
        by=request.auth,
        suggestion=suggestion,
        session=referenced(
            "session", selectors.session_get, user=request.auth, pk=payload.session
        ),
        member=_member(request, "member", payload.member) if payload.member else None,
        cosigners=_members(request, "cosigners", payload.cosigners),
        comment=payload.comment,
    )
    return Status(201, _detail(request, proposal))


class UnitIn(InputSchema):
    name: str = Field(max_length=100)
    role: Literal["lead", "assist"]


@router.post(
    "/proposals/{item_id}/units",
    response={201: ItemDetailOut, **WRITE_ERRORS},
    summary="确定承办单位",
)
def add_unit(request: HttpRequest, item_id: PathId, payload: UnitIn):
    p = _item(request, "proposals", item_id)
    services.proposal_unit_add(by=request.auth, proposal=p, **payload.dict())
    return Status(201, _detail(request, _item(request, "proposals", item_id)))


class AwardIn(InputSchema):
    name: str = Field(max_length=100)
    body: str = Field(max_length=100)
    year: int = Field(ge=1950, le=2100)


@router.post(
    "/proposals/{item_id}/awards",
    response={201: ItemDetailOut, **WRITE_ERRORS},
    summary="记录提案获奖",
)
def add_award(request: HttpRequest, item_id: PathId, payload: AwardIn):
    p = _item(request, "proposals", item_id)
    services.proposal_award_add(by=request.auth, proposal=p, **payload.dict())
    return Status(201, _detail(request, _item(request, "proposals", item_id)))


class AdoptionIn(InputSchema):
    level: str = Field("", description="city、provincial 或 national；必填")
    body: str = Field(max_length=100)
    adopted_on: Date
    note: str = Field("", max_length=200)


@router.post(
    "/opinions/{item_id}/adoptions",
    response={201: ItemDetailOut, **WRITE_ERRORS},
    summary="记录采用",
)
def add_adoption(request: HttpRequest, item_id: PathId, payload: AdoptionIn):
    r = _item(request, "opinions", item_id)
    services.adoption_add(by=request.auth, report=r, **payload.dict())
    return Status(201, _detail(request, _item(request, "opinions", item_id)))


class InstructionIn(InputSchema):
    leader: str = Field(max_length=100)
    content: str = Field(max_length=1000)
    given_on: Date


@router.post(
    "/opinions/{item_id}/instructions",
    response={201: ItemDetailOut, **WRITE_ERRORS},
    summary="记录领导批示",
)
def add_instruction(request: HttpRequest, item_id: PathId, payload: InstructionIn):
    r = _item(request, "opinions", item_id)
    services.instruction_add(by=request.auth, report=r, **payload.dict())
    return Status(201, _detail(request, _item(request, "opinions", item_id)))


# --- creating -------------------------------------------------------------------------------


class ItemIn(InputSchema):
    title: str = Field(max_length=200)
    text: str = Field("", max_length=20000)
    date: Date | None = None
    confidential: bool = False
    submit: bool = False


class SuggestionIn(ItemIn):
    author: Id | None = Field(None, description="建议人；留空为本人")
    drive: Id | None = None


class ProposalIn(ItemIn):
    proposal_kind: Literal["group", "member"]
    session: Id
    organization: Id | None = None
    member: Id | None = Field(None, description="提案委员；留空为本人")
    cosigners: list[Id] = []


class OpinionIn(ItemIn):
    authors: list[Id] = Field([], description="作者；留空为本人")


class ResearchIn(ItemIn):
    organization: Id | None = Field(None, description="申报组织；留空为本人所在组织")
    members: list[Id] = []
    target_body: str = Field(max_length=100)
    deadline: Date | None = None
    funding: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)


def _common(payload: ItemIn) -> dict:
    return {
        k: getattr(payload, k)
        for k in ("title", "text", "date", "confidential", "submit")
    }


@router.post(
    "/suggestions", response={201: ItemDetailOut, **WRITE_ERRORS}, summary="提交建议"
)
def create_suggestion(request: HttpRequest, payload: SuggestionIn):
    _require_creator(request)
    author = _member(request, "author", payload.author) if payload.author else None
    drive = (
        referenced("drive", selectors.drive_get, user=request.auth, pk=payload.drive)
        if payload.drive
        else None
    )
    item = services.suggestion_create(
        by=request.auth, author=author, drive=drive, **_common(payload)
    )
    return Status(201, _detail(request, item))


@router.post(
    "/proposals", response={201: ItemDetailOut, **WRITE_ERRORS}, summary="提出提案"
)
def create_proposal(request: HttpRequest, payload: ProposalIn):
    _require_creator(request)
    member = None
    if payload.proposal_kind == "member" and payload.member:
        member = _member(request, "member", payload.member)
    item = services.proposal_create(
        by=request.auth,
        kind=payload.proposal_kind,
        session=referenced(
            "session", selectors.session_get, user=request.auth, pk=payload.session
        ),
        organization=_org_or_none(request, payload.organization),
        member=member,
        cosigners=_members(request, "cosigners", payload.cosigners),
        **_common(payload),
    )
    return Status(201, _detail(request, item))


@router.post(
    "/opinions",
    response={201: ItemDetailOut, **WRITE_ERRORS},
    summary="报送社情民意信息",
)
def create_opinion(request: HttpRequest, payload: OpinionIn):
    _require_creator(request)
    authors = _members(request, "authors", payload.authors)
    item = services.opinion_create(by=request.auth, authors=authors, **_common(payload))
    return Status(201, _detail(request, item))


@router.post(
    "/research", response={201: ItemDetailOut, **WRITE_ERRORS}, summary="申报调研课题"
)
def create_research(request: HttpRequest, payload: ResearchIn):
    _require_creator(request)
    members = _members(request, "members", payload.members)
    organization = _org_or_none(request, payload.organization)
    item = services.research_create(
        by=request.auth,
        organization=organization,
        members=members,
        target_body=payload.target_body,
        deadline=payload.deadline,
        funding=payload.funding,
        **_common(payload),
    )
    return Status(201, _detail(request, item))


# --- generic item routes ------------------------------------------------------------------


class ListQuery(Schema):
    year: int | None = Field(None, ge=1900, le=2100)
    state: str | None = Field(None, max_length=30)
    q: str | None = Field(None, max_length=50)
    mine: bool = False
    limit: int = Field(100, ge=1, le=500)


def _lister(kind: str):
    def list_items(request: HttpRequest, query: Query[ListQuery]):
        """Return the newest items of the kind the user may see (up to ``limit``)."""
        filters = selectors.ItemFilters(
            year=query.year, state=query.state, q=query.q, mine=query.mine
        )
        names = selectors.state_names(kind)
        items = selectors.item_list(user=request.auth, kind=kind, filters=filters)
        return [_out(i, names) for i in items[: query.limit]]

    list_items.__name__ = f"list_{kind}"
    return list_items


# One list per kind, on the same path as the kind's creation (``POST``).
for _kind_name, _title in (
    ("suggestions", "建议列表"),
    ("proposals", "提案列表"),
    ("opinions", "社情民意信息列表"),
    ("research", "调研课题列表"),
):
    router.get(
        f"/{_kind_name}",
        response={200: list[ItemOut], **READ_ERRORS},
        summary=_title,
        operation_id=f"participation_list_{_kind_name}",
    )(_lister(_kind_name))


@router.get(
    "/{kind}/{item_id}",
    response={200: ItemDetailOut, **READ_ERRORS},
    summary="事项详情",
)
def get_item(request: HttpRequest, kind: Kind, item_id: PathId):
    return _detail(request, _item(request, kind, item_id))


class ItemUpdateIn(InputSchema):
    version: int | None = Field(None, ge=1)
    title: str | None = Field(None, max_length=200)
    text: str | None = Field(None, max_length=20000)
    date: Date | None = None
    confidential: bool | None = None
    cosigners: list[Id] | None = None
    authors: list[Id] | None = None
    members: list[Id] | None = None
    target_body: str | None = Field(None, max_length=100)
    deadline: Date | None = None
    funding: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)


@router.patch(
    "/{kind}/{item_id}",
    response={200: ItemDetailOut, **WRITE_ERRORS},
    summary="修改事项",
)
def update_item(
    request: HttpRequest, kind: Kind, item_id: PathId, payload: ItemUpdateIn
):
    item = _item(request, kind, item_id)
    if not can_edit(request.auth, item):
        raise PermissionDenied(_("只有作者（草稿）或参政议政部可以修改。"))
    data = payload.dict(exclude_unset=True)
    version = data.pop("version", None)
    for key in ("cosigners", "authors", "members"):
        if key in data:
            data[key] = _members(request, key, data[key] or [])
    services.item_update(by=request.auth, item=item, version=version, **data)
    return _detail(request, _item(request, kind, item_id))


class TransitionIn(InputSchema):
    action: str = Field(max_length=30, description="操作代码，见详情中的 actions")
    comment: str = Field("", max_length=1000)
    values: dict[str, Any] = Field(
        {}, description="该操作须填写的字段，如答复的 reply_on、reply_text"
    )
    version: int | None = Field(None, ge=1)
    occurred_on: Date | None = Field(
        None,
        description="该步骤实际发生的日期（报送、签批等），默认现在；"
        "不能晚于今天，不能早于上一步；“采用”（adopt）的日期即采用日期 adopted_on，"
        "两者都填时须一致",
    )


def _values(request: HttpRequest, item: Item, values: dict[str, Any]) -> dict[str, Any]:
    """Turn the JSON values of a transition into what the model fields hold."""
    result = {}
    for key, value in values.items():
        if key == "merged_into":
            if not isinstance(value, int) or isinstance(value, bool):
                raise ValidationError({key: _("应为提案编号。")})
            result[key] = referenced(
                key, selectors.item_get, user=request.auth, kind="proposals", pk=value
            )
            continue
        try:
            field = type(item)._meta.get_field(key)
        except FieldDoesNotExist:
            result[key] = value
            continue
        if isinstance(field, models.DateField) and value is not None:
            try:
                value = dt.date.fromisoformat(str(value))
            except ValueError:
                raise ValidationError(
                    {key: _("日期应为 2013-12-31 这样的格式。")}
                ) from None
        elif isinstance(field, (models.CharField, models.TextField)) and not isinstance(
            value, str
        ):
            raise ValidationError({key: _("应为文本。")})
        result[key] = value
    return result


@router.post(
    "/{kind}/{item_id}/transitions",
    response={200: ItemDetailOut, **WRITE_ERRORS},
    summary="办理（流程操作）",
)
def transition_item(
    request: HttpRequest, kind: Kind, item_id: PathId, payload: TransitionIn
):
    """Take the item through a workflow action; refused (400) if the state does not allow it."""
    item = _item(request, kind, item_id)
    services.item_transition(
        by=request.auth,
        item=item,
        action=payload.action,
        comment=payload.comment,
        values=_values(request, item, payload.values),
        version=payload.version,
        occurred_on=payload.occurred_on,
    )
    return _detail(request, _item(request, kind, item_id))


@router.post(
    "/{kind}/{item_id}/attachments",
    response={201: AttachmentOut, **WRITE_ERRORS},
    summary="上传附件（multipart）",
)
def upload_attachment(
    request: HttpRequest,
    kind: Kind,
    item_id: PathId,
    file: File[UploadedFile],
    title: Form[str] = "",
    final_report: Form[bool] = False,
):
    item = _item(request, kind, item_id)
    a = services.attachment_add(
        by=request.auth, item=item, upload=file, title=title, final_report=final_report
    )
    return Status(
        201,
        {
            "id": a.pk,
            "title": a.title,
            "size": a.size,
            "is_final_report": a.is_final_report,
            "url": f"/api/v1/participation/{kind}/{item.pk}/attachments/{a.pk}",
        },
    )


@router.get(
    "/{kind}/{item_id}/attachments/{attachment_id}",
    response={200: None, **READ_ERRORS},
    summary="下载附件",
)
def download_attachment(
    request: HttpRequest, kind: Kind, item_id: PathId, attachment_id: PathId
):
    a = selectors.attachment_get(
        user=request.auth, kind=kind, item_pk=item_id, pk=attachment_id
    )
    return files.serve_file(a, _("附件文件已丢失。"))
