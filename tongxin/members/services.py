"""Every write to the member registry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.audit.services import audit_record
from tongxin.core import chinese, tree
from tongxin.core.crypto import blind_index
from tongxin.core.dates import check_bounded
from tongxin.core.errors import PermissionDenied, ServiceError, ValidationError
from tongxin.core.fields import encrypted_fields
from tongxin.core.policies import require
from tongxin.core.services import check_version, save_with_history
from tongxin.members.models import Member, Membership, PublicPost
from tongxin.members.policies import policy
from tongxin.members.validation import clean_member_fields
from tongxin.orgs.models import Organization

#: Fields a service caller may set on a member directly.
EDITABLE_FIELDS = frozenset(
    {
        "name",
        "former_name",
        "gender",
        "ethnicity",
        "birth_date",
        "native_place",
        "id_number",
        "education",
        "degree",
        "title",
        "title_level",
        "work_unit",
        "job",
        "sector",
        "mobile",
        "email",
        "address",
        "joined_on",
        "introducers",
        "certificate_no",
        "note",
    }
)


def name_keys(name: str) -> dict[str, str]:
    """Return the derived sort and search keys of a name."""
    return {
        "stroke_key": chinese.stroke_sort_key(name),
        "pinyin_key": chinese.pinyin_sort_key(name),
        "search_text": chinese.search_text(name),
    }


def _apply_name_keys(member: Member) -> None:
    keys = name_keys(member.name)
    if member.stroke_key_manual:
        keys.pop("stroke_key")
    for k, v in keys.items():
        setattr(member, k, v)


#: Fields revealed in clear by :func:`member_reveal`: the encrypted ones.
REVEALABLE_FIELDS = {f.name: f.hash_field for f in encrypted_fields(Member)}


def index_values(values: Mapping) -> dict[str, str | None]:
    """Return the keyed hashes of the encrypted fields present in ``values``.

    ``values`` maps field names to clear values; the result maps hash fields
    (``id_number_hash``, ``mobile_hash``) to their new values.  Every writer of
    those fields (services, roster import) sets the hashes from this.
    """
    return {
        hash_field: blind_index(name, values[name]) if values[name] else None
        for name, hash_field in REVEALABLE_FIELDS.items()
        if hash_field and name in values
    }


def _apply_index(member: Member, names) -> None:
    values = {name: getattr(member, name) for name in names}
    for hash_field, value in index_values(values).items():
        setattr(member, hash_field, value)


def _check_unique(member: Member) -> None:
    errors = {}
    if member.id_number:
        clash = Member.objects.filter(id_number_hash=member.id_number_hash).exclude(
            pk=member.pk
        )
        if clash.exists():
            errors["id_number"] = (
                _("身份证号已登记在会员“%s”名下。") % clash.first().name
            )
    if member.certificate_no:
        clash = Member.objects.filter(certificate_no=member.certificate_no).exclude(
            pk=member.pk
        )
        if clash.exists():
            errors["certificate_no"] = (
                _("会员证号已被会员“%s”使用。") % clash.first().name
            )
    if errors:
        raise ValidationError(errors)


def member_on_message(member: Member, on: dt.date | None) -> str | None:
    """Why ``member`` cannot be named in a fact dated ``on`` (None: they can).

    A member in the association can; one who has since left can for a fact
    dated before the departure (the leaving day is the first day out), so
    history entered late keeps its real people.
    """
    if member.is_active:
        return None
    left_on = member.left_on()
    if on is None or left_on is None:
        return _("“%s”不是在册会员。") % member.name
    if on >= left_on:
        return _("“%(name)s”已于 %(left)s 离会，%(day)s 时不是在册会员。") % {
            "name": member.name,
            "left": left_on.isoformat(),
            "day": on.isoformat(),
        }
    return None


def check_member_on(member: Member, *, field: str, on: dt.date | None = None) -> None:
    """Refuse (``ValidationError`` on ``field``) a member not in the
    association on ``on`` (today without it); see :func:`member_on_message`."""
    message = member_on_message(member, on)
    if message:
        raise ValidationError({field: message})


def _check_org_open(org: Organization, field: str = "organization") -> None:
    if org.closed_on is not None:
        raise ValidationError({field: _("组织“%s”已撤销，不能接收会员。") % org.name})


@transaction.atomic
def member_create(*, by, organization: Organization, **fields) -> Member:
    """Register a member in ``organization``; opens their first membership period.

    Raw values are cleaned as in :func:`clean_member_fields`.
    """
    organization = Organization.objects.get(pk=organization.pk)
    require(policy, by, "add", organization)
    _check_org_open(organization)
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ServiceError(_("未知字段：%s") % ", ".join(sorted(unknown)))
    data = clean_member_fields(fields)
    member = Member(organization=organization, org_path=organization.path, **data)
    if not member.joined_on:
        member.joined_on = timezone.localdate()
    _apply_name_keys(member)
    _apply_index(member, REVEALABLE_FIELDS)
    _check_unique(member)
    save_with_history(member, by=by, reason=_("新增会员"))
    Membership.objects.create(
        member=member,
        organization=organization,
        org_path=organization.path,
        start_on=member.joined_on,
        recorded_by=by if getattr(by, "pk", None) else None,
    )
    return member


@transaction.atomic
def member_update(
    *,
    member: Member,
    by,
    version: int | None = None,
    reason: str = "",
    **fields,
) -> Member:
    """Change a member's record fields (not organization or status).

    ``version`` is the version the user edited; a stale one is refused.
    ``reason`` is kept in the history (default: 修改会员信息).
    """
    member = Member.objects.select_for_update().get(pk=member.pk)
    require(policy, by, "change", member)
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ServiceError(_("不能直接修改字段：%s") % ", ".join(sorted(unknown)))
    data = clean_member_fields(fields, partial=True)
    check_version(member, version)
    changed = False
    for key, value in data.items():
        if getattr(member, key) != value:
            setattr(member, key, value)
            changed = True
    if not changed:
        member.version -= 1
        return member
    if "name" in data:
        _apply_name_keys(member)
    _apply_index(member, REVEALABLE_FIELDS.keys() & data.keys())
    _check_unique(member)
    save_with_history(member, by=by, reason=reason or _("修改会员信息"))
    return member


@transaction.atomic
def member_set_stroke_key(*, member: Member, by, stroke_key: str | None) -> Member:
    """Override (or with ``None`` restore) the stroke order key of a name."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    require(policy, by, "change", member)
    if stroke_key is None:
        member.stroke_key_manual = False
        member.stroke_key = chinese.stroke_sort_key(member.name)
    else:
        member.stroke_key_manual = True
        member.stroke_key = stroke_key
    member.version += 1
    save_with_history(member, by=by, reason=_("调整姓氏笔画排序"))
    return member


def _current_membership(member: Member) -> Membership | None:
    return (
        Membership.objects.select_for_update()
        .filter(member=member, end_on__isnull=True)
        .first()
    )


@transaction.atomic
def member_transfer(
    *,
    member: Member,
    to_org: Organization,
    on: dt.date,
    by,
    note: str = "",
    version: int | None = None,
) -> Member:
    """Move an active member to another organization from ``on``.

    The current membership period ends on ``on`` and a new one starts there,
    so counts at earlier dates keep the member in the old organization.
    """
    member = Member.objects.select_for_update().get(pk=member.pk)
    to_org = Organization.objects.get(pk=to_org.pk)
    require(policy, by, "transfer", member)
    if not policy.can(by, "transfer", _PathOnly(to_org.path)):
        raise PermissionDenied(_("您无权把会员调入“%s”。") % to_org.name)
    check_version(member, version)
    if member.status != Member.Status.ACTIVE:
        raise ServiceError(_("只有在册会员可以调动。"))
    if member.organization_id == to_org.pk:
        raise ValidationError({"to_org": _("会员已在“%s”。") % to_org.name})
    _check_org_open(to_org, "to_org")
    current = _current_membership(member)
    if current and on < current.start_on:
        raise ValidationError(
            {"on": _("调动日期不能早于当前组织关系的开始日期 %s。") % current.start_on}
        )
    if on > timezone.localdate() + dt.timedelta(days=366):
        raise ValidationError({"on": _("调动日期太远，请核对。")})
    if current:
        if current.start_on == on:
            current.delete()
        else:
            current.end_on = on
            current.end_reason = Membership.EndReason.TRANSFER
            current.save(update_fields=["end_on", "end_reason"])
    Membership.objects.create(
        member=member,
        organization=to_org,
        org_path=to_org.path,
        start_on=on,
        note=note,
        recorded_by=by if getattr(by, "pk", None) else None,
    )
    # Posts held in organizations the member leaves end on the transfer date;
    # posts in an ancestor of the new organization (the committee) continue.
    from tongxin.orgs.models import Post

    for post in Post.objects.filter(member=member, end_on__isnull=True).select_related(
        "organization"
    ):
        if not tree.is_within(to_org.path, post.organization.path):
            post.end_on = max(on, post.start_on)
            save_with_history(post, by=by, reason=_("调离，职务终止"))
    old = member.organization
    member.organization = to_org
    member.org_path = to_org.path
    save_with_history(
        member,
        by=by,
        reason=_("由“%(old)s”调至“%(new)s”") % {"old": old.name, "new": to_org.name}
        + (f"：{note}" if note else ""),
    )
    return member


LEAVING_STATUSES = {
    Member.Status.TRANSFERRED: Membership.EndReason.TRANSFERRED_OUT,
    Member.Status.WITHDRAWN: Membership.EndReason.WITHDRAWN,
    Member.Status.DECEASED: Membership.EndReason.DECEASED,
    Member.Status.EXPELLED: Membership.EndReason.EXPELLED,
}


@transaction.atomic
def member_leave(
    *,
    member: Member,
    status: str,
    on: dt.date,
    by,
    note: str = "",
    version: int | None = None,
) -> Member:
    """Record that a member left: transferred out, withdrew, died or was expelled."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    require(policy, by, "leave", member)
    check_version(member, version)
    if status not in LEAVING_STATUSES:
        raise ValidationError({"status": _("离会类型应为 转出、退会、去世 或 除名。")})
    if member.status != Member.Status.ACTIVE:
        raise ServiceError(_("该会员已不在册（%s）。") % member.get_status_display())
    current = _current_membership(member)
    if current and on < current.start_on:
        raise ValidationError(
            {"on": _("离会日期不能早于当前组织关系的开始日期 %s。") % current.start_on}
        )
    if on > timezone.localdate():
        raise ValidationError({"on": _("离会日期不能晚于今天。")})
    if current:
        current.end_on = on
        current.end_reason = LEAVING_STATUSES[status]
        current.note = note[:200]
        current.save(update_fields=["end_on", "end_reason", "note"])
    from tongxin.orgs.models import Post

    Post.objects.filter(member=member, end_on__isnull=True).update(end_on=on)
    member.status = status
    member.status_on = on
    save_with_history(
        member,
        by=by,
        reason=Member.Status(status).label + (f"：{note}" if note else ""),
    )
    return member


@transaction.atomic
def public_post_add(*, member: Member, by, **fields) -> PublicPost:
    """Record a public office (人大代表, 政协委员, 特约人员) held by a member.

    Its dates are the real ones (a post held years ago may be entered now):
    the start not in the future, the end not before the start.
    """
    require(policy, by, "manage_public_posts", member)
    post = PublicPost(member=member, **fields)
    if post.start_on is not None:
        check_bounded(post.start_on, field="start_on", what=_("开始日期"))
    if post.end_on is not None and post.start_on and post.end_on < post.start_on:
        raise ValidationError({"end_on": _("结束日期不能早于开始日期。")})
    save_with_history(post, by=by)
    return post


@transaction.atomic
def public_post_end(*, post: PublicPost, on: dt.date, by) -> PublicPost:
    """End a public office on ``on``."""
    require(policy, by, "manage_public_posts", post.member)
    post.end_on = on
    save_with_history(post, by=by)
    return post


def _check_revealable(field: str) -> None:
    if field not in REVEALABLE_FIELDS:
        choices = "、".join(
            f"{name}（{Member._meta.get_field(name).verbose_name}）"
            for name in REVEALABLE_FIELDS
        )
        raise ValidationError({"field": _("要显示的字段应为 %s。") % choices})


def member_reveal(*, member: Member, field: str, by) -> str:
    """Return the clear value of a masked field (ID number or mobile); audit it.

    Staff and branch heads may reveal within their subtrees, a member their
    own record; every reveal is recorded in the audit trail, whether or not
    the field holds a value -- and so is every refused one (``reveal_refused``),
    before the refusal is raised.
    """
    _check_revealable(field)
    if not policy.can(by, "reveal", member):
        member_reveal_refused(member_id=member.pk, field=field, by=by, obj=member)
        require(policy, by, "reveal", member)
    with transaction.atomic():
        value = getattr(Member.objects.only(field).get(pk=member.pk), field) or ""
        audit_record(action="reveal", obj=member, detail={"field": field}, actor=by)
    return value


def member_reveal_refused(
    *, member_id, field: str, by, obj: Member | None = None, reason: str = "denied"
) -> None:
    """Record a refused reveal: no right (``denied``) or no such member in reach.

    Committed on its own, so the refusal raised afterwards does not roll it
    back.  A member out of reach is named by its id only.
    """
    with transaction.atomic():
        audit_record(
            action="reveal_refused",
            obj=obj,
            object_type="members.member",
            object_id=str(member_id),
            detail={"field": str(field)[:40], "reason": reason},
            actor=by,
        )


class _PathOnly:
    """A stand-in object carrying only an ``org_path`` for policy checks."""

    def __init__(self, path: str):
        self.org_path = path
        self.pk = None


#: Searches by a whole ID number or mobile a user may make per window:
#: (count, seconds).  Settings ``TONGXIN_PERSONAL_SEARCH_LIMIT`` overrides it.
PERSONAL_SEARCH_LIMIT = (30, 3600)


def personal_search(*, user, text: str, field: str) -> None:
    """Allow, count and audit one search by a whole ID number or mobile.

    Such a search answers "whose number is this?", so it is a reveal: it
    needs the reveal right (and finds only members it covers), it is
    recorded in the audit trail with the number masked, and each user may
    make only so many per window (Django's cache counts them).  Raise
    ``ValidationError`` on ``q`` with a Chinese message otherwise; a refused
    search is audited too.
    """
    from django.conf import settings
    from django.core.cache import cache

    from tongxin.audit.services import export_filters_detail

    masked = export_filters_detail(_Query(text))["q"]
    if not policy.can(user, "reveal"):
        with transaction.atomic():
            audit_record(
                action="reveal_refused",
                object_type="members.member",
                detail={"search": field, "q": masked, "reason": "denied"},
                actor=user,
            )
        raise ValidationError(
            {"q": _("按完整的身份证号或手机号查找需要查看明文的权限，请按姓名查找。")}
        )
    limit, window = getattr(settings, "TONGXIN_PERSONAL_SEARCH_LIMIT", None) or (
        PERSONAL_SEARCH_LIMIT
    )
    key = f"tongxin:personal-search:{user.pk}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    if count > limit:
        with transaction.atomic():
            audit_record(
                action="reveal_refused",
                object_type="members.member",
                detail={"search": field, "q": masked, "reason": "rate_limited"},
                actor=user,
            )
        raise ValidationError(
            {
                "q": _(
                    "按身份证号或手机号查找过于频繁（每 %(minutes)d 分钟最多 %(limit)d 次），请稍后再试。"
                )
                % {"minutes": max(1, window // 60), "limit": limit}
            }
        )
    with transaction.atomic():
        audit_record(
            action="reveal",
            object_type="members.member",
            object_repr=_("按身份证号或手机号查找"),
            detail={"search": field, "q": masked},
            actor=user,
        )


class _Query:
    """The shape ``export_filters_detail`` masks a search text in."""

    def __init__(self, q: str):
        self.q = q
