"""Writes of event series: a series is held in editions, one event each."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.activities.models import (
    EventKind,
    Series,
)
from tongxin.activities.policies import policy
from tongxin.activities.services.events import _check_org_open
from tongxin.core.errors import ServiceError
from tongxin.core.policies import require
from tongxin.core.services import check_version, save_with_history
from tongxin.orgs.models import Organization


@transaction.atomic
def series_create(
    *,
    by,
    organization: Organization,
    name: str,
    kind: str = EventKind.OTHER,
    short_name: str = "",
    description: str = "",
) -> Series:
    """Create a series of events (held in editions) owned by ``organization``."""
    organization = Organization.objects.get(pk=organization.pk)
    require(policy, by, "manage", organization)
    _check_org_open(organization)
    series = Series(
        organization=organization,
        path=organization.path,
        name=(name or "").strip(),
        kind=kind,
        short_name=(short_name or "").strip(),
        description=description or "",
    )
    save_with_history(series, by=by, reason=_("新建活动系列"))
    return series


@transaction.atomic
def series_update(
    *, series: Series, by, version: int | None = None, **fields
) -> Series:
    """Change a series' name, short name, kind or description."""
    series = Series.objects.select_for_update().get(pk=series.pk)
    require(policy, by, "manage", series)
    unknown = set(fields) - {"name", "short_name", "kind", "description"}
    if unknown:
        raise ServiceError(_("不能直接修改字段：%s") % ", ".join(sorted(unknown)))
    check_version(series, version)
    for key, value in fields.items():
        setattr(series, key, (value or "").strip() if key != "description" else value)
    save_with_history(series, by=by, reason=_("修改活动系列"))
    return series
