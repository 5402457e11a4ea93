"""API router: broadcasts (群发) with their delivery status, magazine
subscriptions (杂志发行) with totals, articles (稿件) with their review
workflow and publications, columns (栏目), journal issues (会刊) with their
table of contents, counts of published articles per author or
organization, and the organizations' group robots (企业微信/钉钉; the webhook
and secret are write-only: reads give the webhook's host and whether a secret
is set).

Reads go through ``tongxin.publicity.selectors``; writes through
``tongxin.publicity.services``, which check the policy and refuse bad input
(unknown placeholder, no recipients, an over-long SMS) with Chinese messages
by field, writing nothing.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field as NinjaField
from ninja import Query, Router, Schema, Status

from tongxin.activities.selectors import event_get
from tongxin.core.schemas import READ_ERRORS, WRITE_ERRORS, Id, PathId, referenced
from tongxin.orgs.selectors import org_get
from tongxin.publicity import selectors, services
from tongxin.publicity.models import Broadcast, Delivery
from tongxin.publicity.policies import policy
from tongxin.publicity.services import channels as channel_services

router = Router(tags=["publicity"])


class ProgressOut(Schema):
    total: int
    queued: int
    sending: int
    sent: int
    delivered: int
    failed: int
    skipped: int
    opted_out: int
    percent: int


class BroadcastOut(Schema):
    id: int
    title: str
    body: str
    send_sms: bool
    send_email: bool
    #: "message" (written by staff) or "event" (an event's notice to robots).
    kind: str
    organization: int = NinjaField(..., alias="organization_id")
    event: int | None = NinjaField(None, alias="event_id")
    filters: dict
    status: str
    created_at: dt.datetime
    finished_at: dt.datetime | None
    progress: ProgressOut


class DeliveryOut(Schema):
    id: int
    member: int | None = NinjaField(..., alias="member_id")
    #: The member's name, or the group robot's for a message to a group.
    member_name: str
    channel: str
    address: str = NinjaField(..., alias="address_masked")
    status: str
    reason: str
    attempts: int
    sent_at: dt.datetime | None


class BroadcastIn(Schema):
    title: str = NinjaField(..., max_length=100)
    body: str = NinjaField(
        ..., max_length=2000, description="可用占位符：{姓名}、{组织}"
    )
    send_sms: bool = False
    send_email: bool = False
    organization: Id | None = NinjaField(None, description="收件组织（含下级）")
    event: Id | None = NinjaField(None, description="或：该活动的参加者")
    gender: str | None = NinjaField(None, max_length=1, description="M 或 F")
    age: str | None = NinjaField(None, max_length=10, description="年龄段，如 36-45")
    edu_level: str | None = NinjaField(None, max_length=20)
    education: str | None = NinjaField(None, max_length=2)
    sector: str | None = NinjaField(None, max_length=4)
    join_year: int | None = NinjaField(None, ge=1900, le=2100)
    post: str | None = NinjaField(
        None, max_length=10, description="npc、cppcc 或 special"
    )
    q: str | None = NinjaField(None, max_length=50)


class RetryOut(Schema):
    queued: int


def _out(b: Broadcast) -> Broadcast:
    """Attach the broadcast's progress (one aggregate query)."""
    p = selectors.broadcast_progress(broadcast=b)
    b.progress = {**vars(p), "percent": p.percent}
    return b


def _broadcast(request: HttpRequest, pk: int) -> Broadcast:
    policy.require_somewhere(request.auth, "view_broadcasts")
    return selectors.broadcast_get(user=request.auth, pk=pk)


@router.get(
    "/broadcasts", response={200: list[BroadcastOut], **READ_ERRORS}, summary="群发列表"
)
def list_broadcasts(request: HttpRequest):
    """Return the latest 100 broadcasts the user may see, with their progress."""
    policy.require_somewhere(request.auth, "view_broadcasts")
    return [_out(b) for b in selectors.broadcast_list(user=request.auth)[:100]]


@router.post(
    "/broadcasts", response={201: BroadcastOut, **WRITE_ERRORS}, summary="新建群发"
)
def create_broadcast(request: HttpRequest, payload: BroadcastIn):
    """Queue a broadcast; it is sent in the background (see its progress)."""
    policy.require_somewhere(request.auth, "send")
    data = payload.dict()
    organization = event = None
    if data["event"]:
        event = referenced("event", event_get, user=request.auth, pk=data["event"])
    elif data["organization"]:
        organization = referenced(
            "organization", org_get, user=request.auth, pk=data["organization"]
        )
    b = services.broadcast_create(
        by=request.auth,
        title=data["title"],
        body=data["body"],
        send_sms=data["send_sms"],
        send_email=data["send_email"],
        organization=organization,
        event=event,
        filters={
            k: str(data[k]) for k in selectors.FILTER_PARAMS if data.get(k) is not None
        },
    )
    return Status(201, _out(b))


@router.get(
    "/broadcasts/{broadcast_id}",
    response={200: BroadcastOut, **READ_ERRORS},
    summary="群发详情与进度",
)
def get_broadcast(request: HttpRequest, broadcast_id: PathId):
    return _out(_broadcast(request, broadcast_id))


class DeliveryQuery(Schema):
    status: str | None = None


@router.get(
    "/broadcasts/{broadcast_id}/deliveries",
    response={200: list[DeliveryOut], **READ_ERRORS},
    summary="逐人发送状态",
)
def list_deliveries(
    request: HttpRequest, broadcast_id: PathId, query: Query[DeliveryQuery]
):
    b = _broadcast(request, broadcast_id)
    if query.status and query.status not in Delivery.Status.values:
        raise ValidationError(
            {"status": _("状态取值应为：%s。") % "、".join(Delivery.Status.values)}
        )
    rows = list(selectors.delivery_list(broadcast=b, status=query.status or "")[:1000])
    for r in rows:
        r.member_name = r.member.name if r.member_id else r.robot.name
    return rows


@router.post(
    "/broadcasts/{broadcast_id}/retry",
    response={200: RetryOut, **WRITE_ERRORS},
    summary="重发失败的消息",
)
def retry_broadcast(request: HttpRequest, broadcast_id: PathId):
    b = _broadcast(request, broadcast_id)
    return {"queued": services.broadcast_retry(by=request.auth, broadcast=b)}


# --- subscriptions ----------------------------------------------------------------


class SubscriptionOut(Schema):
    id: int
    organization: int = NinjaField(..., alias="organization_id")
    organization_name: str = NinjaField(..., alias="organization.name")
    year: int
    copies: int
    note: str


class SubscriptionIn(Schema):
    organization: Id
    year: int = NinjaField(..., ge=1950, le=2100)
    copies: int = NinjaField(..., ge=0, le=100000)
    note: str = NinjaField("", max_length=200)


class SubscriptionQuery(Schema):
    year: int | None = NinjaField(None, ge=1950, le=2100)
    org: Id | None = NinjaField(None, description="组织（含下级）")


class TotalOut(Schema):
    year: int
    copies: int
    organizations: int


def _scope_org(request: HttpRequest, org_id: int | None):
    return referenced("org", org_get, user=request.auth, pk=org_id) if org_id else None


@router.get(
    "/subscriptions",
    response={200: list[SubscriptionOut], **READ_ERRORS},
    summary="杂志订阅",
)
def list_subscriptions(request: HttpRequest, query: Query[SubscriptionQuery]):
    policy.require_somewhere(request.auth, "view_subscriptions")
    return list(
        selectors.subscription_list(
            user=request.auth, year=query.year, org=_scope_org(request, query.org)
        )[:2000]
    )


@router.get(
    "/subscriptions/totals",
    response={200: list[TotalOut], **READ_ERRORS},
    summary="杂志订阅逐年合计",
)
def subscription_totals(request: HttpRequest, query: Query[SubscriptionQuery]):
    policy.require_somewhere(request.auth, "view_subscriptions")
    totals = selectors.subscription_totals(
        user=request.auth, org=_scope_org(request, query.org)
    )
    return [t for t in totals if not query.year or t["year"] == query.year]


@router.put(
    "/subscriptions",
    response={200: SubscriptionOut, **WRITE_ERRORS},
    summary="登记杂志订阅",
)
def set_subscription(request: HttpRequest, payload: SubscriptionIn):
    policy.require_somewhere(request.auth, "manage_subscriptions")
    organization = referenced(
        "organization", org_get, user=request.auth, pk=payload.organization
    )
    return services.subscription_set(
        by=request.auth,
        organization=organization,
        year=payload.year,
        copies=payload.copies,
        note=payload.note,
    )


# --- the member's own channel preferences --------------------------------------------


class PreferenceIO(Schema):
    sms_opt_out: bool = False
    email_opt_out: bool = False


def _own_member(request: HttpRequest):
    from tongxin.members.models import Member

    member_id = getattr(request.auth, "member_id", None)
    if member_id is None:
        raise PermissionDenied(_("您的账户没有关联会员，无需设置。"))
    return Member.objects.get(pk=member_id)


@router.get(
    "/preferences",
    response={200: PreferenceIO, **READ_ERRORS},
    summary="本人的群发接收设置",
)
def get_preferences(request: HttpRequest):
    from tongxin.publicity.models import ChannelPreference

    member = _own_member(request)
    pref = ChannelPreference.objects.filter(member=member).first()
    return pref or PreferenceIO()


@router.put(
    "/preferences",
    response={200: PreferenceIO, **WRITE_ERRORS},
    summary="修改本人的群发接收设置",
)
def set_preferences(request: HttpRequest, payload: PreferenceIO):
    member = _own_member(request)
    return services.preference_set(
        by=request.auth,
        member=member,
        sms_opt_out=payload.sms_opt_out,
        email_opt_out=payload.email_opt_out,
    )


# --- articles, columns, journal issues ------------------------------------------------


class PublicityColumnOut(Schema):
    id: int
    name: str
    slug: str
    description: str
    is_public: bool
    order: int


class PublicityColumnIn(Schema):
    name: str = NinjaField(..., max_length=50)
    slug: str = NinjaField(..., max_length=50, description="公开网址标识，如 xianjin")
    description: str = NinjaField("", max_length=200)
    is_public: bool = False
    order: int = NinjaField(0, ge=0, le=32767)


class PublicityAuthorOut(Schema):
    id: int
    name: str


class PublicityPublicationOut(Schema):
    id: int
    outlet: str
    outlet_label: str
    issue: int | None = NinjaField(None, alias="issue_id")
    outlet_name: str
    published_on: dt.date
    position: int


class PublicityArticleOut(Schema):
    id: int
    title: str
    body: str
    column: int = NinjaField(..., alias="column_id")
    column_name: str
    organization: int = NinjaField(..., alias="organization_id")
    state: str
    state_name: str
    version: int
    published_on: dt.date | None
    authors: list[PublicityAuthorOut]
    organizations: list[int]
    members: list[int]
    events: list[int]
    publications: list[PublicityPublicationOut]


class PublicityArticleIn(Schema):
    title: str = NinjaField(..., max_length=200)
    body: str = NinjaField("", max_length=200_000, description="HTML，保存前清理")
    column: Id
    organization: Id
    authors: list[Id] = NinjaField(..., max_length=50)
    organizations: list[Id] = NinjaField([], max_length=200)
    members: list[Id] = NinjaField([], max_length=200)
    events: list[Id] = NinjaField([], max_length=200)
    submit: bool = False


class PublicityArticleUpdate(Schema):
    title: str | None = NinjaField(None, max_length=200)
    body: str | None = NinjaField(None, max_length=200_000)
    column: Id | None = None
    organization: Id | None = None
    authors: list[Id] | None = NinjaField(None, max_length=50)
    organizations: list[Id] | None = NinjaField(None, max_length=200)
    members: list[Id] | None = NinjaField(None, max_length=200)
    events: list[Id] | None = NinjaField(None, max_length=200)
    version: int | None = None


class PublicityTransitionIn(Schema):
    action: str = NinjaField(..., max_length=30, description="submit、review 或 return")
    comment: str = NinjaField("", max_length=1000)


class PublicityStepOut(Schema):
    action: str
    name: str
    from_state: str
    to_state: str
    at: dt.datetime
    comment: str


class PublicityPublishIn(Schema):
    outlet: str = NinjaField(
        ..., max_length=10, description="journal、website 或 other"
    )
    issue: Id | None = None
    outlet_name: str = NinjaField("", max_length=100)
    published_on: dt.date | None = None


class PublicityArticleQuery(Schema):
    state: str | None = NinjaField(None, max_length=30)
    column: str | None = NinjaField(None, max_length=50, description="栏目网址标识")
    q: str | None = NinjaField(None, max_length=50)
    org: Id | None = NinjaField(None, description="组织（含下级）")
    author: Id | None = None
    year: int | None = NinjaField(None, ge=1950, le=2100, description="首次发表年份")


class PublicityCountQuery(Schema):
    by: str = NinjaField("author", description="author 或 organization")
    year: str | None = NinjaField(None, max_length=10)
    start: str | None = NinjaField(None, max_length=20)
    end: str | None = NinjaField(None, max_length=20)
    since: str | None = NinjaField(None, max_length=20)
    org: Id | None = None


class PublicityCountRow(Schema):
    id: int
    name: str
    count: int


class PublicityCountsOut(Schema):
    by: str
    period: dict
    total: int
    rows: list[PublicityCountRow]


class PublicityIssueOut(Schema):
    id: int
    year: int
    number: int
    published_on: dt.date
    theme: str
    label: str


class PublicityIssueIn(Schema):
    year: int = NinjaField(..., ge=1950, le=2100)
    number: int = NinjaField(..., ge=1, le=999)
    published_on: dt.date
    theme: str = NinjaField("", max_length=100)


class PublicityTocRow(Schema):
    position: int
    article: int
    column: str
    title: str
    authors: str


class PublicityIssueDetail(PublicityIssueOut):
    toc: list[PublicityTocRow]


class PublicityOrderIn(Schema):
    articles: list[Id] = NinjaField(
        ..., max_length=500, description="本期稿件编号，按目录顺序"
    )


def _article_out(a) -> dict:
    from tongxin.workflows import engine

    return {
        "id": a.pk,
        "title": a.title,
        "body": a.body,
        "column_id": a.column_id,
        "column_name": a.column.name,
        "organization_id": a.organization_id,
        "state": a.state,
        "state_name": engine.state_names(a.WORKFLOW).get(a.state, a.state),
        "version": a.version,
        "published_on": a.published_on,
        "authors": [
            {"id": link.member_id, "name": link.member.name}
            for link in a.author_links.select_related("member")
        ],
        "organizations": list(a.organizations.values_list("pk", flat=True)),
        "members": list(a.members.values_list("pk", flat=True)),
        "events": list(a.events.values_list("pk", flat=True)),
        "publications": list(a.publications.select_related("issue")),
    }


def _article(request: HttpRequest, pk: int):
    return selectors.article_get(user=request.auth, pk=pk)


def _issue_out(i):
    i.label = str(i)
    return i


def _column(request: HttpRequest, pk: int):
    from tongxin.publicity.models import Column

    try:
        return Column.objects.get(pk=pk)
    except Column.DoesNotExist:
        raise ValidationError({"column": _("栏目不存在。")}) from None


def _members(request: HttpRequest, ids, field: str):
    from tongxin.members.selectors import member_get

    return [referenced(field, member_get, user=request.auth, pk=i) for i in ids]


def _orgs(request: HttpRequest, ids, field: str):
    return [referenced(field, org_get, user=request.auth, pk=i) for i in ids]


def _events(request: HttpRequest, ids, field: str):
    return [referenced(field, event_get, user=request.auth, pk=i) for i in ids]


@router.get(
    "/columns", response={200: list[PublicityColumnOut], **READ_ERRORS}, summary="栏目"
)
def list_columns(request: HttpRequest):
    policy.require_somewhere(request.auth, "view_articles")
    return list(selectors.column_list())


@router.post(
    "/columns", response={201: PublicityColumnOut, **WRITE_ERRORS}, summary="新建栏目"
)
def create_column(request: HttpRequest, payload: PublicityColumnIn):
    policy.require_somewhere(request.auth, "manage_articles")
    return Status(201, services.column_save(by=request.auth, **payload.dict()))


@router.get(
    "/articles",
    response={200: list[PublicityArticleOut], **READ_ERRORS},
    summary="稿件列表",
)
def list_articles(request: HttpRequest, query: Query[PublicityArticleQuery]):
    """The articles the user may see (editors and leaders: their subtree;
    members: those they wrote), newest first, at most 200."""
    from tongxin.core.periods import Period, PeriodError
    from tongxin.members.selectors import member_get
    from tongxin.publicity.models import Column

    column = None
    # A NUL byte cannot reach PostgreSQL (a text field never holds one).
    slug, q = ((v or "").replace("\x00", "") for v in (query.column, query.q))
    if query.column:
        column = Column.objects.filter(slug=slug).first()
        if column is None:
            raise ValidationError({"column": _("栏目不存在。")})
    try:
        period = Period.for_year(query.year) if query.year else None
    except PeriodError as e:
        raise ValidationError({"year": str(e)}) from None
    rows = selectors.article_list(
        user=request.auth,
        state=(query.state or "").replace("\x00", ""),
        column=column,
        q=q,
        org=_scope_org(request, query.org),
        author=referenced("author", member_get, user=request.auth, pk=query.author)
        if query.author
        else None,
        period=period,
    )[:200]
    return [_article_out(a) for a in rows]


@router.post(
    "/articles",
    response={201: PublicityArticleOut, **WRITE_ERRORS},
    summary="新建稿件",
)
def create_article(request: HttpRequest, payload: PublicityArticleIn):
    policy.require_somewhere(request.auth, "manage_articles")
    a = services.article_create(
        by=request.auth,
        title=payload.title,
        body=payload.body,
        column=_column(request, payload.column),
        organization=referenced(
            "organization", org_get, user=request.auth, pk=payload.organization
        ),
        authors=_members(request, payload.authors, "authors"),
        organizations=_orgs(request, payload.organizations, "organizations"),
        members=_members(request, payload.members, "members"),
        events=_events(request, payload.events, "events"),
        submit=payload.submit,
    )
    return Status(201, _article_out(a))


@router.get(
    "/articles/counts",
    response={200: PublicityCountsOut, **READ_ERRORS},
    summary="发稿统计（按作者或组织）",
)
def article_counts(request: HttpRequest, query: Query[PublicityCountQuery]):
    """Published articles per author or per linked organization in a period
    (``year``, ``start``+``end`` or ``since``; default: this year so far)."""
    from tongxin.core.periods import PeriodError, parse_period

    policy.require_somewhere(request.auth, "view_articles")
    try:
        period = parse_period(
            year=query.year, start=query.start, end=query.end, since=query.since
        )
    except PeriodError as e:
        raise ValidationError({"period": str(e)}) from None
    rows = selectors.article_counts(
        user=request.auth,
        period=period,
        by=query.by,
        org=_scope_org(request, query.org),
    )
    return {
        "by": query.by,
        "period": period.as_dict(),
        "total": sum(r["count"] for r in rows),
        "rows": rows,
    }


@router.get(
    "/articles/{article_id}",
    response={200: PublicityArticleOut, **READ_ERRORS},
    summary="稿件详情",
)
def get_article(request: HttpRequest, article_id: PathId):
    return _article_out(_article(request, article_id))


@router.put(
    "/articles/{article_id}",
    response={200: PublicityArticleOut, **WRITE_ERRORS},
    summary="修改稿件",
)
def update_article(
    request: HttpRequest, article_id: PathId, payload: PublicityArticleUpdate
):
    a = _article(request, article_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version", None)
    fields = {}
    for key, value in data.items():
        if key == "column":
            fields[key] = _column(request, value) if value else None
        elif key == "organization":
            if value:
                fields[key] = referenced(
                    "organization", org_get, user=request.auth, pk=value
                )
        elif key in ("authors", "members"):
            fields[key] = _members(request, value or [], key)
        elif key == "organizations":
            fields[key] = _orgs(request, value or [], key)
        elif key == "events":
            fields[key] = _events(request, value or [], key)
        else:
            fields[key] = value
    a = services.article_update(by=request.auth, article=a, version=version, **fields)
    return _article_out(a)


@router.post(
    "/articles/{article_id}/transition",
    response={200: PublicityStepOut, **WRITE_ERRORS},
    summary="投稿、审核通过或退回",
)
def transition_article(
    request: HttpRequest, article_id: PathId, payload: PublicityTransitionIn
):
    a = _article(request, article_id)
    return services.article_transition(
        by=request.auth, article=a, action=payload.action, comment=payload.comment
    )


@router.post(
    "/articles/{article_id}/publications",
    response={201: PublicityPublicationOut, **WRITE_ERRORS},
    summary="发表（会刊、网站或其他媒体）",
)
def publish_article(
    request: HttpRequest, article_id: PathId, payload: PublicityPublishIn
):
    from tongxin.publicity.models import JournalIssue

    a = _article(request, article_id)
    issue = None
    if payload.issue:
        issue = JournalIssue.objects.filter(pk=payload.issue).first()
        if issue is None:
            raise ValidationError({"issue": _("会刊期号不存在。")})
    p = services.article_publish(
        by=request.auth,
        article=a,
        outlet=payload.outlet,
        issue=issue,
        outlet_name=payload.outlet_name,
        published_on=payload.published_on,
    )
    return Status(201, p)


@router.get(
    "/issues",
    response={200: list[PublicityIssueOut], **READ_ERRORS},
    summary="会刊期号",
)
def list_issues(request: HttpRequest):
    policy.require_somewhere(request.auth, "view_articles")
    return [_issue_out(i) for i in selectors.issue_list()]


@router.post(
    "/issues",
    response={201: PublicityIssueOut, **WRITE_ERRORS},
    summary="新建会刊期号",
)
def create_issue(request: HttpRequest, payload: PublicityIssueIn):
    policy.require_somewhere(request.auth, "manage_articles")
    return Status(
        201, _issue_out(services.issue_create(by=request.auth, **payload.dict()))
    )


def _journal_issue(request: HttpRequest, pk: int):
    from tongxin.publicity.models import JournalIssue

    policy.require_somewhere(request.auth, "view_articles")
    return JournalIssue.objects.get(pk=pk)


@router.get(
    "/issues/{issue_id}",
    response={200: PublicityIssueDetail, **READ_ERRORS},
    summary="会刊期号与目录",
)
def get_issue(request: HttpRequest, issue_id: PathId):
    issue = _issue_out(_journal_issue(request, issue_id))
    issue.toc = selectors.issue_toc(issue=issue)
    return issue


@router.put(
    "/issues/{issue_id}/order",
    response={200: PublicityIssueDetail, **WRITE_ERRORS},
    summary="调整会刊目录顺序",
)
def order_issue(request: HttpRequest, issue_id: PathId, payload: PublicityOrderIn):
    issue = _journal_issue(request, issue_id)
    policy.require_somewhere(request.auth, "manage_articles")
    services.issue_reorder(by=request.auth, issue=issue, articles=payload.articles)
    issue = _issue_out(issue)
    issue.toc = selectors.issue_toc(issue=issue)
    return issue


# --- group robots (企业微信 / 钉钉) ----------------------------------------------------


class RobotOut(Schema):
    """A group robot; its webhook (which carries the robot's key) and its
    signing secret are never returned: only the webhook's host and whether a
    secret is set."""

    id: int
    organization: int = NinjaField(..., alias="organization_id")
    organization_name: str
    kind: str
    name: str
    webhook_host: str
    has_secret: bool
    active: bool
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class RobotIn(Schema):
    organization: Id
    kind: str = NinjaField(..., max_length=10, description="wecom 或 dingtalk")
    name: str = NinjaField(..., max_length=50)
    webhook_url: str = NinjaField(..., max_length=500)
    secret: str = NinjaField("", max_length=200, description="钉钉加签密钥，可空")
    active: bool = True


class RobotPatch(Schema):
    version: int = NinjaField(..., ge=1, description="最近一次读取的版本")
    name: str | None = NinjaField(None, max_length=50)
    webhook_url: str | None = NinjaField(
        None, max_length=500, description="省略或留空则不变"
    )
    secret: str | None = NinjaField(
        None, max_length=200, description="省略或留空则不变"
    )
    clear_secret: bool = False
    active: bool | None = None


def _robot_out(robot) -> dict:
    return {
        "id": robot.pk,
        "organization_id": robot.organization_id,
        "organization_name": robot.organization.name,
        "kind": robot.kind,
        "name": robot.name,
        "webhook_host": robot.webhook_host,
        "has_secret": bool(robot.secret),
        "active": robot.active,
        "version": robot.version,
        "created_at": robot.created_at,
        "updated_at": robot.updated_at,
    }


def _robot(request: HttpRequest, pk: int):
    policy.require_somewhere(request.auth, "manage_robots")
    return selectors.robot_get(user=request.auth, pk=pk)


@router.get(
    "/robots",
    response={200: list[RobotOut], **READ_ERRORS},
    summary="群机器人",
)
def list_robots(request: HttpRequest):
    policy.require_somewhere(request.auth, "manage_robots")
    return [_robot_out(r) for r in selectors.robot_list(user=request.auth)[:2000]]


@router.post(
    "/robots",
    response={201: RobotOut, **WRITE_ERRORS},
    summary="添加群机器人",
)
def create_robot(request: HttpRequest, payload: RobotIn):
    policy.require_somewhere(request.auth, "manage_robots")
    organization = referenced(
        "organization", org_get, user=request.auth, pk=payload.organization
    )
    robot = channel_services.robot_save(
        by=request.auth,
        organization=organization,
        kind=payload.kind,
        name=payload.name,
        webhook_url=payload.webhook_url,
        secret=payload.secret,
        active=payload.active,
    )
    return Status(201, _robot_out(_robot(request, robot.pk)))


@router.get(
    "/robots/{robot_id}",
    response={200: RobotOut, **READ_ERRORS},
    summary="群机器人详情",
)
def get_robot(request: HttpRequest, robot_id: PathId):
    return _robot_out(_robot(request, robot_id))


@router.patch(
    "/robots/{robot_id}",
    response={200: RobotOut, **WRITE_ERRORS},
    summary="修改群机器人",
)
def update_robot(request: HttpRequest, robot_id: PathId, payload: RobotPatch):
    """Change a robot; omitted fields (and an empty webhook or secret) are kept."""
    robot = _robot(request, robot_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    active = data.pop("active", None)
    with transaction.atomic():
        if data:
            robot = channel_services.robot_update(
                by=request.auth,
                robot=robot,
                version=version,
                name=data.get("name") or robot.name,
                webhook_url=data.get("webhook_url") or "",
                secret=data.get("secret") or "",
                clear_secret=bool(data.get("clear_secret")),
            )
            version = None
        if active is not None and (active != robot.active or version is not None):
            channel_services.robot_set_active(
                by=request.auth, robot=robot, active=active, version=version
            )
    return _robot_out(_robot(request, robot_id))
