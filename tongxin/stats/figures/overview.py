"""Overview (基本情况): organizations, members and their net change, member structure.

Keys (``compute`` returns them all; every number drills down):

- ``organizations.open``: base organizations (every kind but the committee)
  open at the period's end (founded on or before it, not closed by it);
  ``organizations.by_kind.<kind>``: the same by kind (``grassroots``,
  ``general_branch``, ``branch``, ``direct_branch``, ``group``; only kinds
  present); ``organizations.opened`` / ``organizations.closed``: base
  organizations founded / closed within the period.
- ``members.start``: members at the start of the period (membership periods
  covering the day before it starts); ``members.end``: members at its end
  (``period.as_of``); ``members.net_change`` = end − start =
  ``admitted + transferred_in − transferred_out − withdrawn − deceased −
  expelled``, each counted from the dated membership periods in the scope:
  ``admitted`` a member's first (or renewed) period starting in the period;
  ``transferred_in`` a period starting by transfer from outside the scope;
  ``transferred_out`` a period ending by transfer to outside the scope or by
  transfer out of the association (转出); ``withdrawn`` (退会), ``deceased``
  (去世), ``expelled`` (除名) periods ending so in the period. Transfers
  within the scope are not counted.
- ``structure``: members at the period's end by ``total``, ``women``,
  ``ethnic_minorities``, ``age_bands.<band>`` (the bands in force, see
  :mod:`tongxin.members.ages`: by default ``-35``, ``36-45``, ``46-55``,
  ``56-65``, ``66-``; and ``unknown``; age on the period's end),
  ``education.<level>`` (``postgraduate``, ``undergraduate``, ``college``,
  ``secondary``, ``other``), ``titles.senior`` / ``titles.intermediate``,
  ``sectors.<code>`` (界别 code of :data:`tongxin.core.codes.SECTOR`, or
  ``none``; only sectors present), ``public_posts.<npc|cppcc>.total`` and
  ``public_posts.<npc|cppcc>.<national|provincial|city|district>``
  (members holding such a post on the period's end).

Labels: :func:`label` gives the Chinese name of any key.
"""

from __future__ import annotations

import datetime as dt
import functools

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from tongxin.core import codes
from tongxin.core.periods import Period
from tongxin.members.ages import age_bands
from tongxin.members.models import Membership
from tongxin.members.policies import policy as member_policy
from tongxin.orgs.models import Organization
from tongxin.orgs.selectors import existing_q
from tongxin.stats import structure
from tongxin.stats.drilling import (
    Drill,
    UnknownFigure,
    record_drill,
    split_key,
    url_or_none,
)
from tongxin.stats.gates import OPEN, Gate
from tongxin.stats.scope import Scope

#: Whose records each drill-down lists (see tongxin.stats.gates).
GATES = {
    "organizations": OPEN,
    "members": Gate(member_policy),
    "structure": Gate(member_policy),
}

TITLE = gettext_lazy("基本情况")

CHANGE_KEYS = (
    "admitted",
    "transferred_in",
    "transferred_out",
    "withdrawn",
    "deceased",
    "expelled",
)

_LABELS = {
    "organizations": gettext_lazy("基层组织"),
    "organizations.open": gettext_lazy("基层组织数"),
    "organizations.opened": gettext_lazy("期内新建基层组织"),
    "organizations.closed": gettext_lazy("期内撤销基层组织"),
    "members": gettext_lazy("会员"),
    "members.start": gettext_lazy("期初会员数"),
    "members.end": gettext_lazy("期末会员数"),
    "members.net_change": gettext_lazy("净增会员"),
    "members.admitted": gettext_lazy("新发展会员"),
    "members.transferred_in": gettext_lazy("转入"),
    "members.transferred_out": gettext_lazy("转出"),
    "members.withdrawn": gettext_lazy("退会"),
    "members.deceased": gettext_lazy("去世"),
    "members.expelled": gettext_lazy("除名"),
    "structure": gettext_lazy("会员结构"),
    "structure.age_bands": gettext_lazy("年龄"),
    "structure.education": gettext_lazy("学历"),
    "structure.titles": gettext_lazy("职称"),
    "structure.sectors": gettext_lazy("界别"),
    "structure.public_posts": gettext_lazy("人大代表、政协委员"),
}


def label(key: str) -> str:
    """The Chinese name of a figure key."""
    if key in _LABELS:
        return str(_LABELS[key])
    if key.startswith("organizations.by_kind."):
        kind = key.removeprefix("organizations.by_kind.")
        return str(dict(Organization.Kind.choices).get(kind, kind))
    if key.startswith("structure.sectors."):
        code = key.removeprefix("structure.sectors.")
        return codes.SECTOR.name(code) or _("未填界别")
    if key.startswith("structure."):
        labels = _column_labels(get_language(), age_bands())
        return labels.get(key.removeprefix("structure."), key)
    return key


@functools.lru_cache(maxsize=64)
def _column_labels(language: str | None, bands: tuple) -> dict[str, str]:
    """The structure columns' labels (not depending on the day), by language and bands."""
    return {col.key: col.label for col in structure.columns(timezone.localdate())}


# --- querysets, shared by the figures and their lists ------------------------------


def _base_orgs(scope: Scope) -> QuerySet:
    return Organization.objects.filter(scope.q("path")).exclude(
        kind=Organization.Kind.COMMITTEE
    )


def _open_q(day: dt.date) -> Q:
    return existing_q(day)


def _opened_q(period: Period) -> Q:
    return Q(founded_on__gte=period.start, founded_on__lte=period.as_of)


def _closed_q(period: Period) -> Q:
    return Q(closed_on__gte=period.start, closed_on__lte=period.as_of)


def _open_orgs(scope: Scope, day: dt.date) -> QuerySet:
    return _base_orgs(scope).filter(_open_q(day))


def _opened(scope: Scope, period: Period) -> QuerySet:
    return _base_orgs(scope).filter(_opened_q(period))


def _closed(scope: Scope, period: Period) -> QuerySet:
    return _base_orgs(scope).filter(_closed_q(period))


def _at_start(scope: Scope, period: Period) -> QuerySet:
    return structure.memberships_on(
        period.start - dt.timedelta(days=1), scope.q("org_path")
    )


def _at_end(scope: Scope, period: Period) -> QuerySet:
    return structure.memberships_on(period.as_of, scope.q("org_path"))


def _starts_q(period: Period) -> Q:
    return Q(start_on__gte=period.start, start_on__lte=period.as_of)


def _ends_q(period: Period) -> Q:
    return Q(end_on__gte=period.start, end_on__lte=period.as_of)


def _change_qs(scope: Scope, period: Period) -> dict[str, Q]:
    """The condition on a scope's membership periods of each part of the net change."""
    in_scope = scope.q("org_path")
    transfer = Membership.EndReason.TRANSFER
    starts, ends = _starts_q(period), _ends_q(period)
    # The period a transfer ended, and the one it opened, share the date.
    came_by_transfer = Membership.objects.filter(
        member_id=OuterRef("member_id"),
        end_reason=transfer,
        end_on=OuterRef("start_on"),
    ).exclude(pk=OuterRef("pk"))
    left_by_transfer = Membership.objects.filter(
        member_id=OuterRef("member_id"), start_on=OuterRef("end_on")
    ).exclude(pk=OuterRef("pk"))
    return {
        "admitted": starts & ~Q(Exists(came_by_transfer)),
        "transferred_in": starts
        & Q(Exists(came_by_transfer))
        & ~Q(Exists(came_by_transfer.filter(in_scope))),
        "transferred_out": ends
        & (
            Q(end_reason=Membership.EndReason.TRANSFERRED_OUT)
            | (Q(end_reason=transfer) & ~Q(Exists(left_by_transfer.filter(in_scope))))
        ),
        "withdrawn": ends & Q(end_reason=Membership.EndReason.WITHDRAWN),
        "deceased": ends & Q(end_reason=Membership.EndReason.DECEASED),
        "expelled": ends & Q(end_reason=Membership.EndReason.EXPELLED),
    }


def _changes(scope: Scope, period: Period) -> dict[str, QuerySet]:
    """The membership periods behind each part of the net change."""
    in_scope = Membership.objects.filter(scope.q("org_path"))
    return {k: in_scope.filter(q) for k, q in _change_qs(scope, period).items()}


# --- figures ------------------------------------------------------------------------


def _org_figures(scope: Scope, period: Period) -> dict:
    """Open organizations by kind, opened and closed, in one query."""
    rows = (
        _base_orgs(scope)
        .order_by()
        .values("kind")
        .annotate(
            open=Count("id", filter=_open_q(period.as_of)),
            opened=Count("id", filter=_opened_q(period)),
            closed=Count("id", filter=_closed_q(period)),
        )
    )
    by_kind = {r["kind"]: r["open"] for r in rows if r["open"]}
    kind_order = list(Organization.Kind.values)
    return {
        "open": sum(by_kind.values()),
        "by_kind": {k: by_kind[k] for k in kind_order if k in by_kind},
        "opened": sum(r["opened"] for r in rows),
        "closed": sum(r["closed"] for r in rows),
    }


def _member_figures(scope: Scope, period: Period) -> dict:
    """Members at the start and the end, and each part of the change.

    The two head counts are separate queries (each a range over the scope's
    periods); the six changes are one query over the periods that start or
    end within the period, so the transfer checks run on those few rows only.
    """
    members = {
        "start": _at_start(scope, period).count(),
        "end": _at_end(scope, period).count(),
    }
    members["net_change"] = members["end"] - members["start"]
    row = (
        Membership.objects.filter(scope.q("org_path"))
        .filter(_starts_q(period) | _ends_q(period))
        .order_by()
        .aggregate(
            **{
                key: Count("id", filter=q)
                for key, q in _change_qs(scope, period).items()
            }
        )
    )
    members.update({k: row[k] or 0 for k in CHANGE_KEYS})
    return members


def compute(scope: Scope, period: Period) -> dict:
    return {
        "organizations": _org_figures(scope, period),
        "members": _member_figures(scope, period),
        "structure": structure.counts(_at_end(scope, period), period.as_of),
    }


# --- drill-down ---------------------------------------------------------------------


def _org_drill(title: str, orgs: QuerySet) -> Drill:
    kinds = dict(Organization.Kind.choices)
    return record_drill(
        title,
        [_("组织代码"), _("名称"), _("类型"), _("成立日期"), _("撤销日期")],
        orgs.order_by("path"),
        lambda o: [
            o.code,
            o.name,
            str(kinds.get(o.kind, o.kind)),
            o.founded_on.isoformat() if o.founded_on else "",
            o.closed_on.isoformat() if o.closed_on else "",
        ],
        lambda o: url_or_none("orgs:detail", o.pk),
    )


def _membership_drill(title: str, memberships: QuerySet) -> Drill:
    reasons = dict(Membership.EndReason.choices)
    return record_drill(
        title,
        [
            _("姓名"),
            _("性别"),
            _("组织"),
            _("出生日期"),
            _("学历"),
            _("职称"),
            _("开始日期"),
            _("结束日期"),
            _("结束原因"),
        ],
        memberships.select_related("member", "organization").order_by(
            "org_path", "member__stroke_key", "member_id", "start_on"
        ),
        lambda ms: [
            ms.member.name,
            ms.member.get_gender_display(),
            ms.organization.name,
            ms.member.birth_date.isoformat() if ms.member.birth_date else "",
            codes.EDUCATION.name(ms.member.education),
            ms.member.title,
            ms.start_on.isoformat(),
            ms.end_on.isoformat() if ms.end_on else "",
            str(reasons.get(ms.end_reason, "")),
        ],
        lambda ms: url_or_none("members:detail", ms.member_id),
    )


def drill(scope: Scope, period: Period, key: str) -> Drill:
    parts = split_key(key)
    key = ".".join(parts)
    title = f"{period.label} {scope.title} {label(key)}".strip()
    if key == "organizations.open":
        return _org_drill(title, _open_orgs(scope, period.as_of))
    if len(parts) == 3 and parts[:2] == ["organizations", "by_kind"]:
        if parts[2] not in Organization.Kind.values:
            raise UnknownFigure(key)
        return _org_drill(title, _open_orgs(scope, period.as_of).filter(kind=parts[2]))
    if key == "organizations.opened":
        return _org_drill(title, _opened(scope, period))
    if key == "organizations.closed":
        return _org_drill(title, _closed(scope, period))
    if key == "members.start":
        return _membership_drill(title, _at_start(scope, period))
    if key == "members.end":
        return _membership_drill(title, _at_end(scope, period))
    if key == "members.net_change":
        # The changes themselves: every period that started or ended.
        changes = _changes(scope, period)
        ids: set[int] = set()
        for qs in changes.values():
            ids.update(qs.values_list("pk", flat=True))
        return _membership_drill(title, Membership.objects.filter(pk__in=ids))
    if len(parts) == 2 and parts[0] == "members" and parts[1] in CHANGE_KEYS:
        return _membership_drill(title, _changes(scope, period)[parts[1]])
    if parts and parts[0] == "structure" and len(parts) >= 2:
        try:
            q = structure.column_q(".".join(parts[1:]), period.as_of)
        except KeyError:
            raise UnknownFigure(key) from None
        return _membership_drill(title, _at_end(scope, period).filter(q))
    raise UnknownFigure(key)
