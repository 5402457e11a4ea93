"""Political participation (参政议政): suggestions, proposals, opinion reports,
research topics, adoptions, awards, and "one person, one proposal" coverage.

Counted as :func:`tongxin.participation.selectors.statistics` counts them
(the same shared conditions, :func:`~tongxin.participation.selectors.period_items`):
items of the scope dated (put forward) in the period and submitted by its
end, each in its state at the period's end read from its dated workflow steps
(not its current state: a report of 2024 adopted in 2025 is "reported" in
2024's figures); adoptions by their date; awards by their year.

Keys (every number drills down):

- ``<kind>.total`` for ``suggestions``, ``proposals``, ``opinions``,
  ``research``; ``<kind>.states.<state>`` by workflow state at the period's end
  (only states present; codes of :mod:`tongxin.participation.workflow_data`, e.g.
  ``proposals.states.filed``, ``opinions.states.adopted``,
  ``research.states.approved``).
- ``proposals.kinds.<group|member>``: 团体提案 / 委员提案.
- ``proposals.filed``: the period's proposals filed (立案) by a step dated
  on or before the period's end, whatever happened later (replied, closed).
- ``opinions.adopted``: opinion reports with at least one adoption in the
  period.
- ``research.approved``: research topics approved (立项, including those
  concluded) by the period's end; ``research.by_body.<body>.submitted`` /
  ``research.by_body.<body>.approved``: the same by the body the topic was
  submitted to (``<body>`` is its name as recorded, e.g. ``民进省委``).
- ``adoptions.total`` and ``adoptions.by_level.<city|provincial|national>``:
  adoptions (one report adopted by two bodies counts twice).
- ``awards``: awards given to the scope's proposals in the period's years.
- ``coverage.members``: members at the period's end; ``coverage.contributors``:
  those of them who contributed in the period (一人一案); ``coverage.rate``:
  the percentage with one decimal (:func:`tongxin.core.rates.rate`).

Confidential items are counted; their lists show no title.
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.core.periods import Period
from tongxin.core.rates import rate
from tongxin.members.models import Member
from tongxin.members.policies import policy as member_policy
from tongxin.participation import selectors as ps
from tongxin.participation.models import KINDS, Level, Proposal
from tongxin.participation.policies import policy as participation_policy
from tongxin.stats import structure
from tongxin.stats.drilling import (
    Drill,
    UnknownFigure,
    member_drill,
    record_drill,
    split_key,
)
from tongxin.stats.gates import Gate
from tongxin.stats.scope import Scope
from tongxin.workflows import engine

#: Whose records each drill-down lists (see tongxin.stats.gates): items,
#: adoptions and awards as the participation lists show them (confidential
#: items only to the cleared), the coverage lists as the member registry.
GATES = {
    "suggestions": Gate(participation_policy),
    "proposals": Gate(participation_policy),
    "opinions": Gate(participation_policy),
    "research": Gate(participation_policy),
    "adoptions": Gate(participation_policy),
    "awards": Gate(participation_policy),
    "coverage": Gate(member_policy),
}

TITLE = gettext_lazy("参政议政")

KIND_LABELS = {
    "suggestions": gettext_lazy("建议（一人一案）"),
    "proposals": gettext_lazy("政协提案"),
    "opinions": gettext_lazy("社情民意信息"),
    "research": gettext_lazy("调研课题"),
}

_LABELS = {
    "proposals.filed": gettext_lazy("立案的提案"),
    "opinions.adopted": gettext_lazy("被采用的社情民意信息"),
    "research.approved": gettext_lazy("立项调研课题"),
    "adoptions": gettext_lazy("采用"),
    "adoptions.total": gettext_lazy("采用次数"),
    "awards": gettext_lazy("提案获奖"),
    "coverage": gettext_lazy("一人一案"),
    "coverage.members": gettext_lazy("期末会员数"),
    "coverage.contributors": gettext_lazy("提交建议或成果的会员"),
    "coverage.rate": gettext_lazy("一人一案覆盖率（%）"),
}


def label(key: str) -> str:
    """The Chinese name of a figure key."""
    if key in _LABELS:
        return str(_LABELS[key])
    parts = split_key(key)
    if not parts:
        return key
    kind = parts[0]
    if kind in KIND_LABELS:
        name = str(KIND_LABELS[kind])
        if len(parts) == 1:
            return name
        if parts[1] == "total":
            return name + _("总数")
        if parts[1] == "states" and len(parts) == 3:
            states = engine.state_names(KINDS[kind].WORKFLOW)
            return f"{name}·{states.get(parts[2], parts[2])}"
        if parts[1] == "kinds" and len(parts) == 3:
            return str(dict(Proposal.Kind.choices).get(parts[2], parts[2]))
        if parts[1] == "by_body" and len(parts) >= 4:
            body = ".".join(parts[2:-1])
            what = _("立项") if parts[-1] == "approved" else _("申报")
            return f"{body}{what}"
    if kind == "adoptions" and len(parts) == 3 and parts[1] == "by_level":
        return _("%(level)s采用") % {
            "level": dict(Level.choices).get(parts[2], parts[2])
        }
    return key


# --- querysets ----------------------------------------------------------------------


def _items(scope: Scope, period: Period, kind: str) -> QuerySet:
    return scope.listed(
        ps.period_items(KINDS[kind], scope.paths, period.start, period.as_of)
    )


def _filed(scope: Scope, period: Period) -> QuerySet:
    """The period's proposals filed (立案) by its end, whatever happened later."""
    return _items(scope, period, "proposals").filter(
        ps.reached_q(Proposal, "filed", period.as_of)
    )


def _adoptions(scope: Scope, period: Period) -> QuerySet:
    qs = ps.period_adoptions(scope.paths, period.start, period.as_of)
    if scope.viewer is not None:  # a drill-down: the reports the viewer may see
        qs = qs.filter(report__in=scope.listed(KINDS["opinions"].objects.all()))
    return qs


def _awards(scope: Scope, period: Period) -> QuerySet:
    qs = ps.period_awards(scope.paths, period.start, period.as_of)
    if scope.viewer is not None:
        qs = qs.filter(proposal__in=scope.listed(KINDS["proposals"].objects.all()))
    return qs


def _contributors(scope: Scope, period: Period) -> QuerySet:
    """The members at the period's end who contributed in it (一人一案)."""
    return _members_at_end(scope, period).filter(
        ps.contributed_q(period.start, period.as_of)
    )


def _members_at_end(scope: Scope, period: Period) -> QuerySet:
    return Member.objects.filter(
        pk__in=structure.memberships_on(period.as_of, scope.q("org_path")).values(
            "member_id"
        )
    )


# --- figures ------------------------------------------------------------------------


def _sorted(counts: dict) -> dict:
    """``counts`` in the order of their keys (``None`` first), as the database sorts."""
    return dict(sorted(counts.items(), key=lambda kv: (kv[0] is not None, kv[0] or "")))


def compute(scope: Scope, period: Period) -> dict:
    # One grouped query per kind of item: the state at the period's end is a
    # costly expression to build, so each breakdown (by state, by kind of
    # proposal, filed, by target body, approved) is summed from the same rows.
    # The rows come from ps.state_counts: the items' query with their state
    # compiled once per period and kept (figures count every record: no
    # viewer, so scope.listed leaves the items as they are).
    result: dict = {}
    for kind in KINDS:
        model = KINDS[kind]
        if kind == "proposals":
            fields, filed = ("kind",), "filed"
        elif kind == "research":
            fields, filed = ("target_body",), None
        else:
            fields, filed = (), None
        rows = ps.state_counts(
            model, scope.paths, period.start, period.as_of, fields, filed
        )
        states: dict = {}
        for r in rows:
            states[r["state_then"]] = states.get(r["state_then"], 0) + r["n"]
        result[kind] = {"total": sum(states.values()), "states": _sorted(states)}
        if kind == "proposals":
            kinds: dict = {}
            for r in rows:
                kinds[r["kind"]] = kinds.get(r["kind"], 0) + r["n"]
            result[kind]["kinds"] = _sorted(kinds)
            result[kind]["filed"] = sum(r["filed"] for r in rows)
        elif kind == "research":
            approved = [r for r in rows if r["state_then"] in ps.RESEARCH_APPROVED]
            result[kind]["approved"] = sum(r["n"] for r in approved)
            bodies: dict = {}
            for r in rows:
                body = bodies.setdefault(
                    r["target_body"], {"submitted": 0, "approved": 0}
                )
                body["submitted"] += r["n"]
                if r["state_then"] in ps.RESEARCH_APPROVED:
                    body["approved"] += r["n"]
            result[kind]["by_body"] = _sorted(bodies)
    levels = {f"level_{i}": Q(level=lv) for i, lv in enumerate(Level.values)}
    adoptions = (
        _adoptions(scope, period)
        .order_by()
        .aggregate(
            total=Count("id"),
            reports=Count("report_id", distinct=True),
            **{key: Count("id", filter=q) for key, q in levels.items()},
        )
    )
    result["opinions"]["adopted"] = adoptions["reports"]
    result["adoptions"] = {
        "total": adoptions["total"],
        "by_level": {
            lv: adoptions[f"level_{i}"]
            for i, lv in enumerate(Level.values)
            if adoptions[f"level_{i}"]
        },
    }
    result["awards"] = _awards(scope, period).count()
    coverage = (
        _members_at_end(scope, period)
        .order_by()
        .aggregate(
            members=Count("id"),
            done=Count("id", filter=ps.contributed_q(period.start, period.as_of)),
        )
    )
    members, done = coverage["members"], coverage["done"]
    result["coverage"] = {
        "members": members,
        "contributors": done,
        "rate": rate(done, members) or 0.0,
    }
    return result


# --- drill-down ---------------------------------------------------------------------


def _title_of(item) -> str:
    return _("（涉密）") if item.confidential else item.title


def _item_drill(title: str, kind: str, qs: QuerySet) -> Drill:
    states = engine.state_names(KINDS[kind].WORKFLOW)
    return record_drill(
        title,
        [_("标题"), _("日期"), _("组织"), _("状态")],
        qs.select_related("organization").order_by("-date", "-id"),
        lambda i: [
            _title_of(i),
            i.date.isoformat(),
            i.organization.name,
            states.get(getattr(i, "state_then", i.state), i.state),
        ],
        lambda i: i.get_absolute_url(),
    )


def _adoption_drill(title: str, qs: QuerySet) -> Drill:
    levels = dict(Level.choices)
    return record_drill(
        title,
        [_("社情民意信息"), _("采用级别"), _("采用单位"), _("采用日期")],
        qs.select_related("report").order_by("-adopted_on", "-id"),
        lambda a: [
            _title_of(a.report),
            str(levels.get(a.level, a.level)),
            a.body,
            a.adopted_on.isoformat(),
        ],
        lambda a: a.report.get_absolute_url(),
    )


def drill(scope: Scope, period: Period, key: str) -> Drill:
    parts = split_key(key)
    key = ".".join(parts)
    title = f"{period.label} {scope.title} {label(key)}".strip()
    if parts and parts[0] in KINDS:
        kind = parts[0]
        qs = _items(scope, period, kind)
        rest = parts[1:]
        if rest == ["total"]:
            return _item_drill(title, kind, qs)
        if len(rest) == 2 and rest[0] == "states":
            return _item_drill(title, kind, qs.filter(state_then=rest[1]))
        if kind == "proposals" and rest == ["filed"]:
            return _item_drill(title, kind, _filed(scope, period))
        if kind == "proposals" and len(rest) == 2 and rest[0] == "kinds":
            return _item_drill(title, kind, qs.filter(kind=rest[1]))
        if kind == "opinions" and rest == ["adopted"]:
            ids = _adoptions(scope, period).values("report_id")
            return _item_drill(
                title, kind, scope.listed(qs.model.objects.filter(pk__in=ids))
            )
        if kind == "research" and rest == ["approved"]:
            return _item_drill(
                title, kind, qs.filter(state_then__in=ps.RESEARCH_APPROVED)
            )
        if kind == "research" and len(rest) >= 3 and rest[0] == "by_body":
            body, what = ".".join(rest[1:-1]), rest[-1]
            qs = qs.filter(target_body=body)
            if what == "approved":
                return _item_drill(
                    title, kind, qs.filter(state_then__in=ps.RESEARCH_APPROVED)
                )
            if what == "submitted":
                return _item_drill(title, kind, qs)
    if parts == ["adoptions", "total"]:
        return _adoption_drill(title, _adoptions(scope, period))
    if len(parts) == 3 and parts[:2] == ["adoptions", "by_level"]:
        return _adoption_drill(title, _adoptions(scope, period).filter(level=parts[2]))
    if parts == ["awards"]:
        return record_drill(
            title,
            [_("提案"), _("奖项"), _("颁发单位"), _("年度")],
            _awards(scope, period).select_related("proposal").order_by("-year", "id"),
            lambda a: [_title_of(a.proposal), a.name, a.body, a.year],
            lambda a: a.proposal.get_absolute_url(),
        )
    if parts == ["coverage", "members"]:
        return member_drill(title, _members_at_end(scope, period), scope=scope)
    if parts == ["coverage", "rate"]:
        done = ps.period_contributors(period.start, period.as_of)
        return member_drill(
            title,
            _members_at_end(scope, period),
            scope=scope,
            extra=(_("已提交"), lambda m: _("是") if m.pk in done else _("否")),
        )
    if parts == ["coverage", "contributors"]:
        return member_drill(title, _contributors(scope, period), scope=scope)
    raise UnknownFigure(key)


__all__ = ["TITLE", "compute", "drill", "label"]
