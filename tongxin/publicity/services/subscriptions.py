"""Subscriptions to the magazine: copies per organization per year."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.core.errors import PermissionDenied, ValidationError
from tongxin.core.services import save_with_history
from tongxin.publicity.models import Subscription
from tongxin.publicity.policies import policy


@transaction.atomic
def subscription_set(
    *, by, organization, year: int, copies: int, note: str = ""
) -> Subscription:
    """Set the copies ``organization`` takes in ``year`` (0 keeps a zero row)."""
    if not policy.can(by, "manage_subscriptions", organization):
        raise PermissionDenied(_("您无权修改该组织的杂志订阅。"))
    if copies is None or copies < 0:
        raise ValidationError({"copies": _("份数应为不小于 0 的整数。")})
    if "\x00" in (note or ""):
        raise ValidationError({"note": _("含有无效的空字符（\\0），请重新输入。")})
    if not 1950 <= year <= 2100:
        raise ValidationError({"year": _("年度应在 1950 到 2100 之间。")})
    sub = (
        Subscription.objects.select_for_update()
        .filter(organization=organization, year=year)
        .first()
    ) or Subscription(organization=organization, year=year)
    sub.path = organization.path
    sub.copies = copies
    sub.note = (note or "").strip()
    save_with_history(sub, by=by)
    return sub
