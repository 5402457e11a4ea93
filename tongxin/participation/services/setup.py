"""Drives, sessions and confidential clearances."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.core.errors import PermissionDenied, ValidationError
from tongxin.core.policies import require
from tongxin.core.services import save_with_history
from tongxin.orgs.models import Organization
from tongxin.participation import limits
from tongxin.participation.models import Clearance, Drive, Level, Session
from tongxin.participation.policies import policy


@transaction.atomic
def drive_create(
    *,
    by,
    organization: Organization,
    theme: str,
    start_on: dt.date,
    end_on: dt.date,
    description: str = "",
) -> Drive:
    """Start a drive for suggestions with a theme and a period."""
    organization = Organization.objects.get(pk=organization.pk)
    require(policy, by, "manage", organization)
    if start_on and end_on and end_on < start_on:
        raise ValidationError({"end_on": _("结束日期不能早于开始日期。")})
    limits.check_texts(
        theme=(_("主题"), theme, 100), description=(_("说明"), description, 2000)
    )
    drive = Drive(
        organization=organization,
        path=organization.path,
        theme=(theme or "").strip(),
        start_on=start_on,
        end_on=end_on,
        description=description or "",
    )
    save_with_history(drive, by=by, reason=_("发起征集活动"))
    return drive


@transaction.atomic
def session_create(
    *,
    by,
    name: str,
    body: str,
    level: str,
    year: int,
    held_on: dt.date | None = None,
) -> Session:
    """Record a session of a political consultative conference."""
    if not policy.scopes(by, "manage"):
        raise PermissionDenied(_("您没有权限执行此操作。"))
    if level not in Level.values:
        raise ValidationError({"level": _("级别应为：市级、省级或全国。")})
    limits.check_texts(name=(_("会议名称"), name, 100), body=(_("政协"), body, 50))
    session = Session(
        name=(name or "").strip(),
        body=(body or "").strip(),
        level=level,
        year=year,
        held_on=held_on,
    )
    save_with_history(session, by=by, reason=_("新建政协会议"))
    return session


@transaction.atomic
def clearance_grant(
    *, by, user, start_on: dt.date, end_on: dt.date | None = None
) -> Clearance:
    """Let ``user`` see confidential (涉密) items from ``start_on`` to ``end_on``."""
    if not policy.scopes(by, "grant_clearance"):
        raise PermissionDenied(_("只有安全管理员可以授予涉密查阅权限。"))
    if end_on is not None and end_on < start_on:
        raise ValidationError({"end_on": _("结束日期不能早于开始日期。")})
    clearance = Clearance(user=user, start_on=start_on, end_on=end_on, granted_by=by)
    save_with_history(clearance, by=by, reason=_("授予涉密查阅权限"))
    if hasattr(user, "_tongxin_cleared"):
        del user._tongxin_cleared
    return clearance
