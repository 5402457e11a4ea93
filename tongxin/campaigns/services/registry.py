"""Every write to liaison assignments and regulations."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.campaigns.models import (
    LiaisonAssignment,
    Regulation,
    RegulationVersion,
)
from tongxin.campaigns.policies import policy
from tongxin.campaigns.services.common import _open_org, _store
from tongxin.core.errors import PermissionDenied, ServiceError, ValidationError
from tongxin.core.policies import require
from tongxin.core.services import check_version, save_with_history
from tongxin.members.models import Member
from tongxin.members.policies import policy as member_policy
from tongxin.orgs.models import Department, Organization

# --- liaison -----------------------------------------------------------------------------


@transaction.atomic
def liaison_assign(
    *,
    by,
    organization: Organization,
    start_on: dt.date,
    leader: Member | None = None,
    department: Department | None = None,
    note: str = "",
) -> LiaisonAssignment:
    """Assign a leader or a department to a base organization from a date."""
    organization = Organization.objects.get(pk=organization.pk)
    require(policy, by, "manage_liaison", organization)
    _open_org(organization)
    if not organization.is_base:
        raise ValidationError({"organization": _("请选择基层组织。")})
    if (leader is None) == (department is None):
        raise ValidationError({"leader": _("请选择联系的领导或部室（二选一）。")})
    if leader is not None and not member_policy.can(by, "view", leader):
        raise PermissionDenied(_("您无权选择会员“%s”。") % leader.name)
    record = LiaisonAssignment(
        kind=LiaisonAssignment.Kind.LEADER
        if leader
        else LiaisonAssignment.Kind.DEPARTMENT,
        leader=leader,
        department=department,
        organization=organization,
        path=organization.path,
        start_on=start_on,
        note=(note or "").strip(),
    )
    same = LiaisonAssignment.objects.filter(
        organization=organization,
        end_on__isnull=True,
        leader=leader,
        department=department,
    )
    if same.exists():
        raise ValidationError({"organization": _("已有相同的联系安排。")})
    save_with_history(record, by=by, reason=_("安排联系基层组织"))
    return record


@transaction.atomic
def liaison_end(*, assignment: LiaisonAssignment, by, on: dt.date) -> LiaisonAssignment:
    assignment = LiaisonAssignment.objects.select_for_update().get(pk=assignment.pk)
    require(policy, by, "manage_liaison", assignment)
    if assignment.end_on is not None:
        raise ServiceError(_("该联系安排已结束。"))
    if on is None or on < assignment.start_on:
        raise ValidationError({"end_on": _("结束日期不能早于开始日期。")})
    assignment.end_on = on
    save_with_history(assignment, by=by, reason=_("结束联系安排"))
    return assignment


# --- regulations -------------------------------------------------------------------------


@transaction.atomic
def regulation_create(
    *,
    by,
    organization: Organization,
    title: str,
    issuing_body: str,
    effective_on: dt.date,
    number: str = "",
    note: str = "",
    upload=None,
) -> Regulation:
    """Register a regulation; with a file, its first version."""
    organization = Organization.objects.get(pk=organization.pk)
    require(policy, by, "manage_regulations", organization)
    record = Regulation(
        organization=organization,
        path=organization.path,
        title=(title or "").strip(),
        issuing_body=(issuing_body or "").strip(),
        effective_on=effective_on,
        number=(number or "").strip(),
        note=note or "",
    )
    save_with_history(record, by=by, reason=_("登记制度"))
    if upload is not None:
        version_add(
            regulation=record,
            by=by,
            upload=upload,
            label=_("初版"),
            effective_on=effective_on,
        )
    return record


@transaction.atomic
def version_add(
    *,
    regulation: Regulation,
    by,
    upload,
    label: str,
    effective_on: dt.date,
    note: str = "",
    title: str = "",
) -> RegulationVersion:
    """Add a version of a regulation with its file (checked by type and size)."""
    regulation = Regulation.objects.select_for_update().get(pk=regulation.pk)
    require(policy, by, "manage_regulations", regulation)
    if effective_on is None:
        raise ValidationError({"effective_on": _("请填写施行日期。")})
    record = RegulationVersion(
        regulation=regulation,
        label=(label or "").strip(),
        effective_on=effective_on,
        note=(note or "").strip(),
        title=title or regulation.title,
    )
    return _store(upload, "regulations", record, by=by, reason=_("上传制度版本"))


@transaction.atomic
def regulation_set_status(
    *, regulation: Regulation, by, status: str, version: int | None = None
) -> Regulation:
    regulation = Regulation.objects.select_for_update().get(pk=regulation.pk)
    require(policy, by, "manage_regulations", regulation)
    if status not in Regulation.Status.values:
        raise ValidationError({"status": _("状态无效。")})
    check_version(regulation, version)
    regulation.status = status
    save_with_history(regulation, by=by, reason=_("制度状态变更"))
    return regulation
