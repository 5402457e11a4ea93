"""Every write to the talent pool and the reserve roster."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from tongxin.core.errors import ServiceError, ValidationError
from tongxin.core.policies import require
from tongxin.core.services import save_with_history
from tongxin.members.models import Member
from tongxin.orgs.models import Organization
from tongxin.orgs.services import check_org_existed
from tongxin.talent.models import (
    TIER_ORDER,
    Placement,
    Recommendation,
    ReserveEntry,
    Review,
    Step,
    Tier,
    Training,
)
from tongxin.talent.policies import policy

DAY = dt.timedelta(days=1)


def _person(by, member: Member) -> Member:
    """Return the member locked for the write, once the user may keep their file."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    require(policy, by, "manage", member)
    return member


def _recorder(by):
    return by if getattr(by, "pk", None) else None


def _overlapping(member: Member, start_on: dt.date, end_on: dt.date | None):
    rows = Placement.objects.filter(member=member).filter(
        Q(end_on__isnull=True) | Q(end_on__gte=start_on)
    )
    if end_on is not None:
        rows = rows.filter(start_on__lte=end_on)
    return rows


def _check_departed(member: Member, start_on: dt.date, end_on: dt.date | None) -> None:
    """A member who has since left is placed only for a period before leaving.

    History entered late keeps its real people: the placement must start
    before the departure (the leaving day is the first day out) and end by it.
    """
    left_on = member.left_on()
    if left_on is None or start_on is None or start_on >= left_on:
        raise ValidationError(
            {
                "member": _("“%(name)s”%(left)s不是在册会员。")
                % {
                    "name": member.name,
                    "left": _("已于 %s 离会，入库日期时") % left_on.isoformat()
                    if left_on and start_on
                    else "",
                }
            }
        )
    if end_on is None or end_on > left_on:
        raise ValidationError(
            {
                "end_on": _(
                    "“%(name)s”已于 %(left)s 离会，请填写不晚于离会日期的结束日期。"
                )
                % {"name": member.name, "left": left_on.isoformat()}
            }
        )


@transaction.atomic
def placement_add(
    *,
    by,
    member: Member,
    tier: str,
    start_on: dt.date,
    end_on: dt.date | None = None,
    reason: str = "",
    note: str = "",
) -> Placement:
    """Place a member in a tier for a period; an overlapping placement is refused."""
    member = _person(by, member)
    if not member.is_active:
        _check_departed(member, start_on, end_on)
    clash = _overlapping(member, start_on, end_on).first()
    if clash is not None:
        raise ValidationError(
            {
                "start_on": _(
                    "与已有的入库记录（%(tier)s，%(start)s 起%(end)s）时间重叠。"
                )
                % {
                    "tier": clash.get_tier_display(),
                    "start": clash.start_on.isoformat(),
                    "end": f"至 {clash.end_on.isoformat()}" if clash.end_on else "",
                }
            }
        )
    placement = Placement(
        member=member,
        path=member.org_path,
        tier=tier,
        start_on=start_on,
        end_on=end_on,
        reason=reason,
        note=note,
        recorded_by=_recorder(by),
    )
    save_with_history(placement, by=by, reason=_("入库"))
    return placement


def current_placement(member: Member, on: dt.date) -> Placement | None:
    """Return the member's placement covering ``on`` (there is at most one)."""
    return (
        Placement.objects.filter(member=member, start_on__lte=on)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=on))
        .first()
    )


def _end(placement: Placement, *, on: dt.date, by, reason: str) -> None:
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if placement.end_on is not None and placement.end_on < on:
        return
    placement.end_on = on
    placement.reason = reason
    save_with_history(placement, by=by, reason=reason)


@transaction.atomic
def step_add(*, by, member: Member, kind: str, on: dt.date, note: str = "") -> Step:
    """Record a dated lifecycle step (发现, 考察, 培养, 推荐, 使用)."""
    member = _person(by, member)
    step = Step(
        member=member,
        path=member.org_path,
        kind=kind,
        on=on,
        note=note,
        recorded_by=_recorder(by),
    )
    save_with_history(step, by=by)
    return step


@transaction.atomic
def training_add(
    *,
    by,
    member: Member,
    kind: str,
    title: str,
    start_on: dt.date,
    end_on: dt.date | None = None,
    host: str = "",
    note: str = "",
) -> Training:
    """Record a course or a secondment (挂职)."""
    member = _person(by, member)
    training = Training(
        member=member,
        path=member.org_path,
        kind=kind,
        title=title,
        host=host,
        start_on=start_on,
        end_on=end_on,
        note=note,
        recorded_by=_recorder(by),
    )
    save_with_history(training, by=by)
    return training


@transaction.atomic
def recommendation_add(
    *,
    by,
    member: Member,
    target: str,
    position: str,
    recommended_on: dt.date,
    note: str = "",
) -> Recommendation:
    """Record a recommendation (for 人大代表, 政协委员, a post …); outcome pending."""
    member = _person(by, member)
    rec = Recommendation(
        member=member,
        path=member.org_path,
        target=target,
        position=position,
        recommended_on=recommended_on,
        note=note,
        recorded_by=_recorder(by),
    )
    save_with_history(rec, by=by)
    return rec


@transaction.atomic
def recommendation_outcome(
    *, by, recommendation: Recommendation, outcome: str, on: dt.date
) -> Recommendation:
    """Record what became of a recommendation."""
    rec = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    require(policy, by, "manage", rec)
    if outcome == Recommendation.Outcome.PENDING:
        raise ValidationError({"outcome": _("请选择任用结果。")})
    if on < rec.recommended_on:
        raise ValidationError({"outcome_on": _("结果日期不能早于推荐日期。")})
    rec.outcome = outcome
    rec.outcome_on = on
    save_with_history(rec, by=by, reason=_("记录推荐结果"))
    return rec


def _moved(tier: str, decision: str) -> str:
    index = TIER_ORDER.index(Tier(tier))
    if decision == Review.Decision.UP:
        if index == 0:
            raise ValidationError({"decision": _("已是最高类别（领军），不能升档。")})
        return TIER_ORDER[index - 1]
    if index == len(TIER_ORDER) - 1:
        raise ValidationError(
            {"decision": _("已是最低类别（后备），不能降档，可选择退出。")}
        )
    return TIER_ORDER[index + 1]


@transaction.atomic
def review_add(
    *,
    by,
    member: Member,
    year: int,
    decision: str,
    reason: str,
    reviewed_on: dt.date,
) -> Review:
    """Record the yearly review and apply it as dated placement changes.

    A move up or down ends the current placement the day before
    ``reviewed_on`` and opens one in the next tier from that day; removal
    ends it on that day; keeping changes nothing.
    """
    member = _person(by, member)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请填写评议理由。")})
    if decision not in Review.Decision.values:
        raise ValidationError({"decision": _("请选择评议结论。")})
    current = current_placement(member, reviewed_on)
    if current is None:
        raise ValidationError(
            {"member": _("“%s”在评议日期不在人才库中。") % member.name}
        )
    review = Review(
        member=member,
        path=member.org_path,
        year=year,
        decision=decision,
        reason=reason,
        reviewed_on=reviewed_on,
        from_tier=current.tier,
        recorded_by=_recorder(by),
    )
    if Review.objects.filter(member=member, year=year).exists():
        raise ValidationError({"year": _("此人 %d 年度已评议。") % year})
    label = _("%(year)d 年度评议：%(reason)s") % {"year": year, "reason": reason}
    if decision in (Review.Decision.UP, Review.Decision.DOWN):
        review.to_tier = _moved(current.tier, decision)
        if current.start_on >= reviewed_on:
            raise ValidationError(
                {"reviewed_on": _("评议日期须晚于当前类别的开始日期。")}
            )
        if _overlapping(member, reviewed_on, None).exclude(pk=current.pk).exists():
            raise ServiceError(_("评议日期之后已有入库记录，请先调整后再评议。"))
        _end(current, on=reviewed_on - DAY, by=by, reason=label)
        placement = Placement(
            member=member,
            path=member.org_path,
            tier=review.to_tier,
            start_on=reviewed_on,
            reason=label,
            recorded_by=_recorder(by),
        )
        save_with_history(placement, by=by, reason=label)
    elif decision == Review.Decision.REMOVE:
        _end(current, on=reviewed_on, by=by, reason=label)
    else:
        review.to_tier = current.tier
    save_with_history(review, by=by)
    return review


@transaction.atomic
def reserve_add(
    *,
    by,
    member: Member,
    organization: Organization,
    post: str,
    readiness: str,
    start_on: dt.date,
    reviewed_on: dt.date | None = None,
    note: str = "",
) -> ReserveEntry:
    """Put a member on the reserve roster of a leadership team."""
    member = _person(by, member)
    if not member.is_active:
        raise ValidationError({"member": _("“%s”不是在册会员。") % member.name})
    require(policy, by, "manage", organization)
    # A leadership team since closed is named for an entry dated before.
    check_org_existed(organization, field="organization", on=start_on)
    entry = ReserveEntry(
        member=member,
        path=member.org_path,
        organization=organization,
        post=post,
        readiness=readiness,
        start_on=start_on,
        reviewed_on=reviewed_on or start_on,
        note=note,
        recorded_by=_recorder(by),
    )
    save_with_history(entry, by=by, reason=_("列入后备干部名册"))
    return entry


@transaction.atomic
def reserve_review(
    *,
    by,
    entry: ReserveEntry,
    readiness: str,
    reviewed_on: dt.date,
    remove: bool = False,
    note: str = "",
) -> ReserveEntry:
    """Record a review of a roster entry: its readiness now, or its removal."""
    entry = ReserveEntry.objects.select_for_update().get(pk=entry.pk)
    require(policy, by, "manage", entry)
    if entry.end_on is not None:
        raise ServiceError(_("该后备干部已移出名册。"))
    entry.readiness = readiness
    entry.reviewed_on = reviewed_on
    if note:
        entry.note = note
    if remove:
        entry.end_on = reviewed_on
    save_with_history(entry, by=by, reason=_("审核后备干部"))
    return entry
