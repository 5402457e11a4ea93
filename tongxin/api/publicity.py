"""API router: broadcasts (群发) with their delivery status, and magazine
subscriptions (杂志发行) with totals.

Reads go through ``tongxin.publicity.selectors``; writes through
``tongxin.publicity.services``, which check the policy and refuse bad input
(unknown placeholder, no recipients, an over-long SMS) with Chinese messages
by field, writing nothing.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field as NinjaField
from ninja import Query, Router, Schema, Status

from tongxin.activities.selectors import event_get
from tongxin.api.errors import referenced
from tongxin.api.schemas import READ_ERRORS, WRITE_ERRORS, Id, PathId
from tongxin.orgs.selectors import org_get
from tongxin.publicity import selectors, services
from tongxin.publicity.models import Broadcast, Delivery
from tongxin.publicity.policies import policy

router = Router(tags=["publicity"])


def _require_somewhere(request: HttpRequest, action: str) -> None:
    if not policy.scopes(request.auth, action):
        raise PermissionDenied(_("您没有权限执行此操作。"))


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
    organization: int = NinjaField(..., alias="organization_id")
    event: int | None = NinjaField(None, alias="event_id")
    filters: dict
    status: str
    created_at: dt.datetime
    finished_at: dt.datetime | None
    progress: ProgressOut


class DeliveryOut(Schema):
    id: int
    member: int = NinjaField(..., alias="member_id")
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
    _require_somewhere(request, "view_broadcasts")
    return selectors.broadcast_get(user=request.auth, pk=pk)


@router.get(
    "/broadcasts", response={200: list[BroadcastOut], **READ_ERRORS}, summary="群发列表"
)
def list_broadcasts(request: HttpRequest):
    """Return the latest 100 broadcasts the user may see, with their progress."""
    _require_somewhere(request, "view_broadcasts")
    return [_out(b) for b in selectors.broadcast_list(user=request.auth)[:100]]


@router.post(
    "/broadcasts", response={201: BroadcastOut, **WRITE_ERRORS}, summary="新建群发"
)
def create_broadcast(request: HttpRequest, payload: BroadcastIn):
    """Queue a broadcast; it is sent in the background (see its progress)."""
    _require_somewhere(request, "send")
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
        r.member_name = r.member.name
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
    _require_somewhere(request, "view_subscriptions")
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
    _require_somewhere(request, "view_subscriptions")
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
    _require_somewhere(request, "manage_subscriptions")
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
