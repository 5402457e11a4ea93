"""Every write to inspection teams, visits and follow-ups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.campaigns.models import (
    Campaign,
    FollowUp,
    InspectionTeam,
    Visit,
)
from tongxin.campaigns.policies import policy
from tongxin.campaigns.services.common import _user
from tongxin.core.dates import check_bounded
from tongxin.core.errors import PermissionDenied, ServiceError, ValidationError
from tongxin.core.policies import require
from tongxin.core.services import save_with_history
from tongxin.orgs.models import Organization

# --- inspections -------------------------------------------------------------------------


@transaction.atomic
def team_create(
    *,
    by,
    organization: Organization,
    name: str,
    team: Iterable = (),
    campaign: Campaign | None = None,
    note: str = "",
) -> InspectionTeam:
    """Form an inspection team of staff and leaders (users)."""
    organization = Organization.objects.get(pk=organization.pk)
    require(policy, by, "manage_inspections", organization)
    if campaign is not None and not policy.can(by, "view", campaign):
        raise ValidationError({"campaign": _("专项活动不存在或您无权查看。")})
    record = InspectionTeam(
        organization=organization,
        path=organization.path,
        name=(name or "").strip(),
        campaign=campaign,
        note=note or "",
    )
    save_with_history(record, by=by, reason=_("组建督查组"))
    record.team.set(list(team))
    return record


VISIT_FIELDS = frozenset(
    {"visited_on", "people_met", "host_party_org", "findings", "rating"}
)


@transaction.atomic
def visit_create(
    *,
    team: InspectionTeam,
    by,
    organization: Organization,
    visited_on: dt.date,
    rating: str,
    people_met: str = "",
    host_party_org: str = "",
    findings: str = "",
) -> Visit:
    """Record a team's visit to a base organization that existed on that date."""
    team = InspectionTeam.objects.get(pk=team.pk)
    organization = Organization.objects.get(pk=organization.pk)
    require(policy, by, "manage_inspections", team)
    require(policy, by, "manage_inspections", organization)
    errors = {}
    if visited_on is None:
        errors["visited_on"] = _("请填写督查日期。")
    elif visited_on > timezone.localdate():
        errors["visited_on"] = _("督查日期不能晚于今天。")
    elif not organization.existed_on(visited_on):
        errors["organization"] = _(
            "“%(org)s”在 %(on)s 不存在（成立于 %(founded)s%(closed)s）。"
        ) % {
            "org": organization.name,
            "on": visited_on.isoformat(),
            "founded": organization.founded_on or "—",
            "closed": _("，撤销于 %s") % organization.closed_on
            if organization.closed_on
            else "",
        }
    if not organization.is_base:
        errors["organization"] = _("请选择基层组织。")
    if rating not in Visit.Rating.values:
        errors["rating"] = _("请选择评价。")
    if errors:
        raise ValidationError(errors)
    visit = Visit(
        team=team,
        organization=organization,
        path=organization.path,
        visited_on=visited_on,
        rating=rating,
        people_met=people_met or "",
        host_party_org=(host_party_org or "").strip(),
        findings=findings or "",
        created_by=_user(by),
    )
    save_with_history(visit, by=by, reason=_("登记督查走访"))
    return visit


@transaction.atomic
def followup_add(
    *, visit: Visit, by, action: str, due_on: dt.date, owner=None
) -> FollowUp:
    visit = Visit.objects.get(pk=visit.pk)
    require(policy, by, "manage_inspections", visit)
    if due_on is None:
        raise ValidationError({"due_on": _("请填写完成期限。")})
    if due_on < visit.visited_on:
        raise ValidationError({"due_on": _("完成期限不能早于督查日期。")})
    record = FollowUp(
        visit=visit,
        path=visit.path,
        action=(action or "").strip(),
        owner=owner,
        due_on=due_on,
    )
    save_with_history(record, by=by, reason=_("新增整改事项"))
    return record


@transaction.atomic
def followup_done(*, followup: FollowUp, by, on: dt.date | None = None) -> FollowUp:
    """Mark a follow-up done on its real day ``on`` (default today).

    The day is not in the future nor before the visit; who recorded it and
    when are kept beside it.
    """
    followup = (
        FollowUp.objects.select_for_update().select_related("visit").get(pk=followup.pk)
    )
    if not (
        policy.can(by, "manage_inspections", followup)
        or (followup.owner_id and followup.owner_id == getattr(by, "pk", None))
    ):
        raise PermissionDenied(_("您没有权限执行此操作。"))
    if followup.done_on is not None:
        raise ServiceError(_("该整改事项已完成。"))
    day = on or timezone.localdate()
    check_bounded(
        day,
        field="occurred_on",
        what=_("完成日期"),
        floors=[(followup.visit.visited_on, _("督查走访"))],
    )
    followup.done_on = day
    followup.done_by = _user(by)
    followup.done_recorded_at = timezone.now()
    save_with_history(followup, by=by, reason=_("整改完成（%s）") % day.isoformat())
    return followup
