"""Honors (表彰与荣誉) by level and category.

An honor counts for the scope when one of its recipients (a member or an
organization) lies in the scope, dated in the period (by its date, or by
its year when only the year is known) — the rule of
:func:`tongxin.honors.selectors.recipients_in_subtrees`.

Keys (every number drills down):

- ``honors``: distinct honors; ``by_level.<level>`` (``national``,
  ``provincial``, ``city``, ``committee``; only levels present) and
  ``by_category.<category>`` (``publicity``, ``participation``, ``opinion``,
  ``social_service``, ``organization``, ``overall``, ``other``; only those
  present): distinct honors.
- ``recipients.members``: members honored (recipient rows, a member twice
  honored counts twice); ``recipients.organizations``: organizations honored.
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.core.periods import Period
from tongxin.honors.models import Category, Honor, Level
from tongxin.honors.policies import policy as honor_policy
from tongxin.honors.selectors import recipients_in_subtrees
from tongxin.stats.drilling import (
    Drill,
    UnknownFigure,
    record_drill,
    split_key,
    url_or_none,
)
from tongxin.stats.gates import Gate
from tongxin.stats.scope import Scope

#: Whose records each drill-down lists (see tongxin.stats.gates).
GATES = {
    "honors": Gate(honor_policy),
    "by_level": Gate(honor_policy),
    "by_category": Gate(honor_policy),
    "recipients": Gate(honor_policy),
}

TITLE = gettext_lazy("表彰与荣誉")

_LABELS = {
    "honors": gettext_lazy("获得表彰"),
    "by_level": gettext_lazy("按级别"),
    "by_category": gettext_lazy("按类别"),
    "recipients": gettext_lazy("受表彰"),
    "recipients.members": gettext_lazy("受表彰会员（人次）"),
    "recipients.organizations": gettext_lazy("受表彰组织（个次）"),
}


def label(key: str) -> str:
    if key in _LABELS:
        return str(_LABELS[key])
    if key.startswith("by_level."):
        level = key.removeprefix("by_level.")
        return str(dict(Level.choices).get(level, level))
    if key.startswith("by_category."):
        cat = key.removeprefix("by_category.")
        return str(dict(Category.choices).get(cat, cat))
    return key


def period_recipients(scope: Scope, period: Period) -> QuerySet:
    """The honor recipients a report of ``scope`` for ``period`` counts.

    The one definition: this section counts them, and the campaigns section
    counts its goals' progress from them (``goal_progress(within=...)``).
    """
    return recipients_in_subtrees(
        paths=scope.paths, start=period.start, end=period.as_of
    )


_recipients = period_recipients


def _honors(scope: Scope, period: Period) -> QuerySet:
    return Honor.objects.filter(pk__in=_recipients(scope, period).values("honor_id"))


def compute(scope: Scope, period: Period) -> dict:
    honors = _honors(scope, period)
    by_level = dict(
        honors.order_by()
        .values("level")
        .annotate(n=Count("id"))
        .values_list("level", "n")
    )
    by_category = dict(
        honors.order_by()
        .values("category")
        .annotate(n=Count("id"))
        .values_list("category", "n")
    )
    recipients = _recipients(scope, period).aggregate(
        members=Count("id", filter=Q(member__isnull=False)),
        organizations=Count("id", filter=Q(organization__isnull=False)),
    )
    return {
        "honors": sum(by_level.values()),
        "by_level": {k: by_level[k] for k in Level.values if k in by_level},
        "by_category": {k: by_category[k] for k in Category.values if k in by_category},
        "recipients": {
            "members": recipients["members"] or 0,
            "organizations": recipients["organizations"] or 0,
        },
    }


def _honor_drill(title: str, honors: QuerySet) -> Drill:
    levels, cats = dict(Level.choices), dict(Category.choices)
    return record_drill(
        title,
        [_("荣誉称号"), _("级别"), _("类别"), _("授予单位"), _("年度")],
        honors.order_by("-year", "-awarded_on", "-id"),
        lambda h: [
            h.title,
            str(levels.get(h.level, h.level)),
            str(cats.get(h.category, h.category)),
            h.awarding_body,
            h.year,
        ],
        lambda h: url_or_none("honors:detail", h.pk),
    )


def drill(scope: Scope, period: Period, key: str) -> Drill:
    parts = split_key(key)
    key = ".".join(parts)
    title = f"{period.label} {scope.title} {label(key)}".strip()
    honors = _honors(scope, period)
    if key == "honors":
        return _honor_drill(title, honors)
    if len(parts) == 2 and parts[0] == "by_level":
        return _honor_drill(title, honors.filter(level=parts[1]))
    if len(parts) == 2 and parts[0] == "by_category":
        return _honor_drill(title, honors.filter(category=parts[1]))
    if (
        len(parts) == 2
        and parts[0] == "recipients"
        and parts[1]
        in (
            "members",
            "organizations",
        )
    ):
        field = "member" if parts[1] == "members" else "organization"
        rows = _recipients(scope, period).filter(**{f"{field}__isnull": False})
        return record_drill(
            title,
            [_("受表彰者"), _("荣誉称号"), _("级别"), _("年度")],
            rows.select_related("honor", "member", "organization").order_by(
                "-honor__year", "honor_id", "id"
            ),
            lambda r: [
                r.member.name if r.member else r.organization.name,
                r.honor.title,
                r.honor.get_level_display(),
                r.honor.year,
            ],
            lambda r: url_or_none("honors:detail", r.honor_id),
        )
    raise UnknownFigure(key)
