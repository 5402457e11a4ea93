"""Every read of the appraisal app: duty records, points, rankings, scores, rules.

Reads start from the policy (:mod:`tongxin.appraisal.policies`): a member
outside the user's reach is "not found".  Counting is in
:mod:`tongxin.appraisal.measures`; this module applies the rules in force
and lists the records behind the figures.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from tongxin.appraisal import measures
from tongxin.appraisal.models import PointRule, Scheme
from tongxin.appraisal.policies import policy
from tongxin.core.pagination import decode_cursor, encode_cursor
from tongxin.core.periods import Period
from tongxin.members.models import Member
from tongxin.orgs.models import Organization
from tongxin.stats.scope import Scope, ScopeError, resolve_scope

#: The organizations scored as base organizations (基层组织): the branches
#: members belong to, general branches and the branches directly under the
#: committee.
BASE_KINDS = (
    Organization.Kind.GENERAL_BRANCH,
    Organization.Kind.BRANCH,
    Organization.Kind.DIRECT_BRANCH,
)
CENT = Decimal("0.01")


def _q(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


# --- rules ------------------------------------------------------------------------


def rule_list(*, user, scheme: str | None = None) -> QuerySet:
    if not policy.can(user, "view_rules") and not policy.can_manage_rules(user):
        raise PermissionDenied(_("您没有权限查看积分规则。"))
    qs = PointRule.objects.all()
    if scheme:
        qs = qs.filter(scheme=scheme)
    return qs.order_by("scheme", "sort_order", "id")


def rule_get(*, user, pk: int) -> PointRule:
    return rule_list(user=user).get(pk=pk)


def active_rules(scheme: str) -> list[PointRule]:
    return list(
        PointRule.objects.filter(scheme=scheme, active=True).order_by(
            "sort_order", "id"
        )
    )


@dataclass
class Line:
    """One rule applied: the units counted and the points they give."""

    code: str
    name: str
    measure: str
    measure_name: str
    units: Decimal
    per_unit: Decimal
    points: Decimal
    capped: bool = False

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "measure": self.measure,
            "measure_name": self.measure_name,
            "units": float(self.units),
            "per_unit": float(self.per_unit),
            "points": float(self.points),
            "capped": self.capped,
        }


def _measure_name(rule: PointRule) -> str:
    """The rule's measure in words, looked up once per rule object (Django's
    ``get_FOO_display`` hashes every lazy label on each call)."""
    name = rule.__dict__.get("_measure_name")
    if name is None:
        name = rule._measure_name = str(rule.get_measure_display())
    return name


def apply_rule(rule: PointRule, units: Decimal) -> Line:
    raw = _q(units * rule.points)
    points, capped = raw, False
    if rule.cap is not None and abs(raw) > rule.cap:
        points, capped = _q(rule.cap if raw > 0 else -rule.cap), True
    return Line(
        code=rule.code,
        name=rule.name,
        measure=rule.measure,
        measure_name=_measure_name(rule),
        units=Decimal(units or 0),
        per_unit=rule.points,
        points=points,
        capped=capped,
    )


def points_of(member_ids, period: Period, rules: list[PointRule] | None = None):
    """Return ``{member_id: [Line, ...]}`` for the members and the rules in force."""
    rules = active_rules(Scheme.MEMBER) if rules is None else rules
    counted = {
        rule.measure: measures.MEMBER_MEASURES[rule.measure](member_ids, period)
        for rule in rules
        if rule.measure in measures.MEMBER_MEASURES
    }
    return rules, counted


def lines_for(member_id: int, rules, counted) -> list[Line]:
    return [
        apply_rule(r, counted.get(r.measure, {}).get(member_id, Decimal(0)))
        for r in rules
        if r.measure in counted
    ]


def total(lines: list[Line]) -> Decimal:
    return _q(sum((line.points for line in lines), Decimal(0)))


# --- the duty record --------------------------------------------------------------


def member_for_record(*, user, pk: int, action: str = "view_record") -> Member:
    """The member whose record the user asks for (DoesNotExist outside reach)."""
    return (
        policy.visible(user, Member.objects.all(), action)
        .select_related("organization")
        .get(pk=pk)
    )


@dataclass
class Section:
    key: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    summary: str = ""


@dataclass
class DutyRecord:
    member: Member
    period: Period
    sections: list[Section]
    lines: list[Line]
    total: Decimal
    figures: dict

    def as_dict(self) -> dict:
        return {
            "member": {
                "id": self.member.pk,
                "name": self.member.name,
                "organization": self.member.organization.name,
            },
            "period": self.period.as_dict(),
            "figures": self.figures,
            "points": {
                "total": float(self.total),
                "lines": [line.as_dict() for line in self.lines],
            },
            "sections": [
                {
                    "key": s.key,
                    "title": s.title,
                    "columns": s.columns,
                    "rows": [[_plain(c) for c in row] for row in s.rows],
                    "summary": s.summary,
                }
                for s in self.sections
            ],
        }


def _plain(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _visible_ids(user, model, ids) -> set[int]:
    from tongxin.participation.policies import policy as participation_policy

    return set(
        participation_policy.visible(
            user, model.objects.filter(pk__in=ids)
        ).values_list("pk", flat=True)
    )


def _title(item, visible: set[int]) -> str:
    if item.pk in visible:
        return item.title
    return _("（涉密或不在您的查看范围，标题不显示）")


def _held(summary: str, hidden: int) -> str:
    """The summary, saying how many counted items are not listed to the user.

    A participation item the user may not see (confidential without
    clearance, or outside their reach) counts in the figures but is not
    listed: its date, state, body and level stay as hidden as in the
    participation lists.
    """
    if not hidden:
        return summary
    return summary + _(
        "（另有 %(n)d 项涉密或不在您的查看范围，只计数量，不列明细）"
    ) % {"n": hidden}


def duty_record(*, user, member: Member, period: Period) -> DutyRecord:
    """Everything ``member`` did in ``period``, with the points it earns.

    The counts come from :mod:`tongxin.appraisal.measures` (the same
    functions the ranking uses); the lists show the records behind them.
    Titles of participation items the user may not read are replaced by a
    note, the item still counts.
    """
    from tongxin.activities.models import VolunteerRecord
    from tongxin.activities.selectors import events_attended
    from tongxin.honors.models import HonorRecipient
    from tongxin.lifecycle.models import Attendee
    from tongxin.participation.models import (
        Adoption,
        OpinionReport,
        Proposal,
        ProposalAward,
        ResearchTopic,
        Suggestion,
    )
    from tongxin.workflows import engine

    if not policy.can(user, "view_record", member):
        raise Member.DoesNotExist
    ids = [member.pk]
    sections: list[Section] = []
    figures: dict = {}

    # Events attended.
    attendance = [
        a
        for a in events_attended(member=member, user=user)
        if period.start <= a.attended_on <= period.as_of
    ]
    attendance.sort(key=lambda a: (a.attended_on, a.pk))
    figures["events_attended"] = len(attendance)
    sections.append(
        Section(
            "events",
            _("参加活动"),
            [_("日期"), _("活动"), _("组织单位"), _("方式")],
            [
                [
                    a.attended_on,
                    a.event.title,
                    a.event.organization.name,
                    str(a.get_method_display())
                    + (_("（未报名到场）") if a.walk_in else ""),
                ]
                for a in attendance
            ],
            _("共参加活动 %(n)d 次") % {"n": len(attendance)},
        )
    )

    # Suggestions.
    suggestions = list(
        Suggestion.objects.filter(measures.item_period(period), author=member).order_by(
            "date", "id"
        )
    )
    names = engine.state_names(Suggestion.WORKFLOW)
    visible = _visible_ids(user, Suggestion, [s.pk for s in suggestions])
    figures["suggestions"] = len(suggestions)
    sections.append(
        Section(
            "suggestions",
            _("建议（一人一案）"),
            [_("日期"), _("标题"), _("状态")],
            [
                [s.date, _title(s, visible), names.get(s.state, s.state)]
                for s in suggestions
                if s.pk in visible
            ],
            _held(
                _("共提交建议 %(n)d 件") % {"n": len(suggestions)},
                sum(1 for s in suggestions if s.pk not in visible),
            ),
        )
    )

    # Proposals: as proposer or co-signer.
    pairs = measures.proposal_pairs(ids, measures.item_period(period))
    proposal_ids = [p for _m, p in pairs]
    proposals = list(
        Proposal.objects.filter(pk__in=proposal_ids)
        .select_related("session")
        .order_by("date", "id")
    )
    names = engine.state_names(Proposal.WORKFLOW)
    visible = _visible_ids(user, Proposal, proposal_ids)
    awards_by = {}
    for award in ProposalAward.objects.filter(
        measures.in_years(period, "year"), proposal_id__in=proposal_ids
    ):
        awards_by.setdefault(award.proposal_id, []).append(award)
    # Awards given in the period to proposals of earlier years count too.
    earlier = ProposalAward.objects.filter(
        measures.in_years(period, "year"),
        proposal_id__in=[
            p
            for _m, p in measures.proposal_pairs(ids, ~Q(state="draft"))
            if p not in set(proposal_ids)
        ],
    ).select_related("proposal")
    filed_ids = set(
        Proposal.objects.filter(pk__in=proposal_ids)
        .filter(measures.filed_q(period))
        .values_list("pk", flat=True)
    )
    filed = [p for p in proposals if p.pk in filed_ids]
    awards = [a for p in proposals for a in awards_by.get(p.pk, [])] + list(earlier)
    figures.update(
        proposals=len(proposals),
        proposals_filed=len(filed),
        proposal_awards=len(awards),
    )
    rows = []
    hidden = 0
    for p in proposals:
        if p.pk not in visible:
            hidden += 1
            continue
        role = _("提案人") if p.member_id == member.pk else _("联名")
        rows.append(
            [
                p.date,
                _title(p, visible),
                role,
                str(p.get_kind_display()),
                p.session.name if p.session_id else "",
                names.get(p.state, p.state),
                "、".join(f"{a.name}（{a.year}）" for a in awards_by.get(p.pk, [])),
            ]
        )
    visible_earlier = _visible_ids(user, Proposal, [a.proposal_id for a in earlier])
    for a in earlier:
        if a.proposal_id not in visible_earlier:
            hidden += 1
            continue
        rows.append(
            [
                a.proposal.date,
                _title(a.proposal, visible_earlier),
                _("往年提案获奖"),
                str(a.proposal.get_kind_display()),
                "",
                names.get(a.proposal.state, a.proposal.state),
                f"{a.name}（{a.year}）",
            ]
        )
    sections.append(
        Section(
            "proposals",
            _("政协提案"),
            [
                _("日期"),
                _("标题"),
                _("身份"),
                _("类别"),
                _("会议"),
                _("状态"),
                _("获奖"),
            ],
            rows,
            _held(
                _(
                    "共提交提案 %(n)d 件，其中立案 %(filed)d 件，获评优秀提案 %(awards)d 项"
                )
                % {"n": len(proposals), "filed": len(filed), "awards": len(awards)},
                hidden,
            ),
        )
    )

    # Opinion reports and their adoption.
    reports = list(
        OpinionReport.objects.filter(measures.item_period(period), authors=member)
        .distinct()
        .order_by("date", "id")
    )
    names = engine.state_names(OpinionReport.WORKFLOW)
    adoptions = list(
        Adoption.objects.filter(
            measures.in_days(period, "adopted_on"), report__authors=member
        )
        .exclude(report__state="draft")
        .select_related("report")
        .order_by("adopted_on", "id")
    )
    visible = _visible_ids(
        user, OpinionReport, [r.pk for r in reports] + [a.report_id for a in adoptions]
    )
    by_level = {"city": 0, "provincial": 0, "national": 0}
    for a in adoptions:
        by_level[a.level] = by_level.get(a.level, 0) + 1
    figures.update(
        opinions=len(reports),
        adoptions=len(adoptions),
        adoptions_city=by_level["city"],
        adoptions_provincial=by_level["provincial"],
        adoptions_national=by_level["national"],
    )
    sections.append(
        Section(
            "opinions",
            _("社情民意信息"),
            [_("日期"), _("标题"), _("状态")],
            [
                [r.date, _title(r, visible), names.get(r.state, r.state)]
                for r in reports
                if r.pk in visible
            ],
            _held(
                _("共报送社情民意信息 %(n)d 篇") % {"n": len(reports)},
                sum(1 for r in reports if r.pk not in visible),
            ),
        )
    )
    sections.append(
        Section(
            "adoptions",
            _("信息采用"),
            [_("采用日期"), _("信息标题"), _("采用级别"), _("采用单位")],
            [
                [
                    a.adopted_on,
                    _title(a.report, visible),
                    str(a.get_level_display()),
                    a.body,
                ]
                for a in adoptions
                if a.report_id in visible
            ],
            _held(
                _(
                    "被采用 %(n)d 次，其中全国 %(national)d 次、省级 %(provincial)d 次、市级 %(city)d 次"
                )
                % {"n": len(adoptions), **by_level},
                sum(1 for a in adoptions if a.report_id not in visible),
            ),
        )
    )

    # Research topics.
    topics = list(
        ResearchTopic.objects.filter(
            measures.item_period(period)
            | (
                measures.in_days(period, "approved_on")
                & Q(state__in=("approved", "concluded"))
            ),
            members=member,
        )
        .distinct()
        .order_by("date", "id")
    )
    names = engine.state_names(ResearchTopic.WORKFLOW)
    visible = _visible_ids(user, ResearchTopic, [t.pk for t in topics])
    submitted = [t for t in topics if period.start <= t.date <= period.as_of]
    approved = [
        t
        for t in topics
        if t.approved_on
        and period.start <= t.approved_on <= period.as_of
        and t.state in ("approved", "concluded")
    ]
    figures.update(research=len(submitted), research_approved=len(approved))
    sections.append(
        Section(
            "research",
            _("调研课题"),
            [_("日期"), _("课题"), _("报送单位"), _("立项日期"), _("状态")],
            [
                [
                    t.date,
                    _title(t, visible),
                    t.target_body,
                    t.approved_on or "",
                    names.get(t.state, t.state),
                ]
                for t in topics
                if t.pk in visible
            ],
            _held(
                _("参与调研课题 %(n)d 项，其中立项 %(approved)d 项")
                % {"n": len(submitted), "approved": len(approved)},
                sum(1 for t in topics if t.pk not in visible),
            ),
        )
    )

    # Honors.
    honors = list(
        HonorRecipient.objects.filter(measures.honors_q(period), member=member)
        .select_related("honor")
        .order_by("honor__year", "honor__awarded_on", "id")
    )
    figures["honors"] = len(honors)
    for level in ("national", "provincial", "city", "committee"):
        figures[f"honors_{level}"] = sum(1 for h in honors if h.honor.level == level)
    sections.append(
        Section(
            "honors",
            _("表彰与荣誉"),
            [_("年度"), _("荣誉称号"), _("级别"), _("授予单位")],
            [
                [
                    h.honor.year,
                    h.honor.title,
                    str(h.honor.get_level_display()),
                    h.honor.awarding_body,
                ]
                for h in honors
            ],
            _("获表彰 %(n)d 项") % {"n": len(honors)},
        )
    )

    # Volunteer service.
    service = list(
        VolunteerRecord.objects.filter(
            measures.in_days(period, "activity__held_on"), member=member
        )
        .select_related("activity__program")
        .order_by("activity__held_on", "id")
    )
    hours = sum((v.hours for v in service), Decimal(0))
    figures.update(service_activities=len(service), service_hours=float(hours))
    sections.append(
        Section(
            "service",
            _("志愿服务"),
            [_("日期"), _("服务活动"), _("项目"), _("时长（小时）")],
            [
                [
                    v.activity.held_on,
                    v.activity.title,
                    v.activity.program.name if v.activity.program_id else "",
                    v.hours,
                ]
                for v in service
            ],
            _("参加志愿服务 %(n)d 次，共 %(hours)s 小时")
            % {"n": len(service), "hours": f"{hours.normalize():f}"},
        )
    )

    # Training classes.
    trainings = list(
        Attendee.objects.filter(
            (
                Q(training_class__start_on__lte=period.as_of)
                & Q(training_class__end_on__gte=period.start)
            )
            | measures.in_days(period, "completed_on"),
            member=member,
        )
        .select_related("training_class")
        .order_by("training_class__start_on", "id")
    )
    completed = [
        t
        for t in trainings
        if t.completed_on and period.start <= t.completed_on <= period.as_of
    ]
    figures.update(trainings=len(trainings), trainings_completed=len(completed))
    sections.append(
        Section(
            "training",
            _("培训"),
            [_("培训班"), _("开班日期"), _("结业日期"), _("本人结业")],
            [
                [
                    t.training_class.name,
                    t.training_class.start_on,
                    t.training_class.end_on,
                    t.completed_on or _("未结业"),
                ]
                for t in trainings
            ],
            _("参加培训 %(n)d 期，结业 %(done)d 期")
            % {"n": len(trainings), "done": len(completed)},
        )
    )

    _articles_section(member, period, sections, figures)

    rules, counted = points_of(ids, period)
    lines = lines_for(member.pk, rules, counted)
    return DutyRecord(
        member=member,
        period=period,
        sections=sections,
        lines=lines,
        total=total(lines),
        figures=figures,
    )


def _articles_section(member, period, sections, figures) -> None:
    """Articles the member wrote (as one of the authors) published in the period."""
    from tongxin.publicity.models import ArticleAuthor

    links = list(
        ArticleAuthor.objects.filter(
            measures.published_articles_q(period), member=member
        )
        .select_related("article__column")
        .prefetch_related("article__publications__issue")
        .order_by("article__published_on", "article_id")
    )
    figures["articles"] = len(links)
    rows = []
    for link in links:
        article = link.article
        outlets = []
        for pub in article.publications.all():
            if pub.issue_id:
                outlets.append(str(pub.issue))
            else:
                outlets.append(pub.outlet_name or str(pub.get_outlet_display()))
        rows.append(
            [
                article.published_on,
                article.title,
                article.column.name,
                "、".join(outlets),
            ]
        )
    sections.append(
        Section(
            "articles",
            _("稿件"),
            [_("发表日期"), _("标题"), _("栏目"), _("发表于")],
            rows,
            _("发表稿件 %(n)d 篇") % {"n": len(links)},
        )
    )


# --- rankings ---------------------------------------------------------------------


def scope_for(*, user, code: str | None = None, action: str = "view_ranking") -> Scope:
    """The subtree a ranking or a score table covers (Chinese ScopeError otherwise)."""
    paths = policy.scopes(user, action)
    if not paths:
        raise PermissionDenied(_("您没有权限查看履职积分与组织考核。"))
    return resolve_scope(user=user, code=code)


@dataclass
class RankRow:
    rank: int
    member: Member
    lines: list[Line]
    total: Decimal

    def as_dict(self) -> dict:
        return {
            "rank": self.rank,
            "member_id": self.member.pk,
            "name": self.member.name,
            "organization": self.member.organization.name,
            "total": float(self.total),
            "lines": [line.as_dict() for line in self.lines],
        }


def _ranked(items, key) -> list[int]:
    """Competition ranks (1, 2, 2, 4) of items already sorted by ``key`` descending."""
    ranks, previous, rank = [], None, 0
    for i, item in enumerate(items, start=1):
        value = key(item)
        if value != previous:
            rank, previous = i, value
        ranks.append(rank)
    return ranks


@dataclass
class Standing:
    """One member's place in a ranking, before the breakdown is built."""

    member_id: int
    stroke_key: str
    total: Decimal
    rank: int = 0

    @property
    def order(self) -> tuple:
        return (-self.total, self.stroke_key, self.member_id)


def _ranked_members(user, scope: Scope) -> QuerySet:
    if scope.everything:
        members_qs = Member.objects.all()
    else:
        members_qs = Member.objects.filter(scope.q("org_path"))
    return policy.visible(user, members_qs, "view_ranking").filter(
        status=Member.Status.ACTIVE
    )


def standings(*, user, scope: Scope, period: Period):
    """``(rules, counted, standings)``: every active member in ``scope`` in
    ranking order (points, then 姓氏笔画, then id) with competition ranks.

    Only totals are computed here, from the members with something counted;
    the per-rule breakdown is built for the rows shown (:func:`rank_rows`).
    """
    members_qs = _ranked_members(user, scope)
    keys = list(members_qs.order_by().values_list("id", "stroke_key"))
    rules, counted = points_of(members_qs.values("pk"), period)
    sums: dict[int, Decimal] = {}
    for rule in rules:
        for member_id, units in counted.get(rule.measure, {}).items():
            points = apply_rule(rule, units).points
            if points:
                sums[member_id] = sums.get(member_id, Decimal(0)) + points
    rows = [
        Standing(member_id=pk, stroke_key=stroke or "", total=_q(sums.get(pk, 0)))
        for pk, stroke in keys
    ]
    rows.sort(key=lambda r: r.order)
    for standing, rank in zip(rows, _ranked(rows, key=lambda r: r.total), strict=True):
        standing.rank = rank
    return rules, counted, rows


def rank_rows(standing_rows: list[Standing], rules, counted) -> list[RankRow]:
    """The breakdown of the given standings, in their order (one query)."""
    members = Member.objects.select_related("organization").only(
        "id", "name", "org_path", "stroke_key", "organization__name"
    )
    # Only the columns shown: a full member row decrypts its personal numbers.
    by_id = members.in_bulk([s.member_id for s in standing_rows])
    return [
        RankRow(
            rank=s.rank,
            member=by_id[s.member_id],
            lines=lines_for(s.member_id, rules, counted),
            total=s.total,
        )
        for s in standing_rows
    ]


@dataclass
class RankingPage:
    rules: list[PointRule]
    rows: list[RankRow]
    count: int
    next_cursor: str | None
    prev_cursor: str | None
    has_next: bool
    has_prev: bool


def ranking_page(
    *, user, scope: Scope, period: Period, cursor: str | None = None, size: int = 0
) -> RankingPage:
    """One page of the ranking, after (or before) the row a cursor names.

    The cursor holds the boundary row's ranking key (points, 姓氏笔画 key,
    id), so a page stays where it was when points change between clicks.
    """
    size = size or settings.TONGXIN_PAGE_SIZE
    rules, counted, rows = standings(user=user, scope=scope, period=period)
    keys = [r.order for r in rows]
    start, direction = 0, "next"
    decoded = decode_cursor(cursor) if cursor else None
    if decoded and len(decoded[1]) == 3:
        direction, (total_text, stroke, pk) = decoded
        try:
            key = (-Decimal(str(total_text)), str(stroke), int(pk))
        except (ArithmeticError, ValueError, TypeError):
            key = None
        if key is not None and direction == "next":
            start = bisect.bisect_right(keys, key)
        elif key is not None:
            start = max(bisect.bisect_left(keys, key) - size, 0)
    shown = rows[start : start + size]
    has_prev, has_next = start > 0, start + size < len(rows)

    def _cursor(s: Standing, way: str) -> str:
        return encode_cursor((str(s.total), s.stroke_key, s.member_id), way)

    return RankingPage(
        rules=rules,
        rows=rank_rows(shown, rules, counted),
        count=len(rows),
        next_cursor=_cursor(shown[-1], "next") if shown and has_next else None,
        prev_cursor=_cursor(shown[0], "prev") if shown and has_prev else None,
        has_next=has_next,
        has_prev=has_prev,
    )


def ranking_chunks(*, user, scope: Scope, period: Period, chunk: int = 500):
    """``(rules, iterator of RankRow lists)``: the whole ranking, a chunk of
    members at a time, for exports that do not hold every row at once."""
    rules, counted, rows = standings(user=user, scope=scope, period=period)

    def chunks():
        for i in range(0, len(rows), chunk):
            yield rank_rows(rows[i : i + chunk], rules, counted)

    return rules, len(rows), chunks()


def ranking(
    *, user, scope: Scope, period: Period
) -> tuple[list[PointRule], list[RankRow]]:
    """Points of the active members in ``scope``, highest first, with breakdowns."""
    rules, counted, rows = standings(user=user, scope=scope, period=period)
    return rules, rank_rows(rows, rules, counted)


# --- organization scores ------------------------------------------------------------


@dataclass
class ScoreRow:
    rank: int
    org: Organization
    lines: list[Line]
    total: Decimal
    coverage: tuple[int, int] = (0, 0)

    def as_dict(self) -> dict:
        return {
            "rank": self.rank,
            "org_id": self.org.pk,
            "code": self.org.code,
            "name": self.org.name,
            "total": float(self.total),
            "coverage_done": self.coverage[0],
            "coverage_members": self.coverage[1],
            "lines": [line.as_dict() for line in self.lines],
        }


def base_orgs(scope: Scope, period: Period) -> list[Organization]:
    """Base organizations in the scope that existed at some time in the period
    (:func:`tongxin.orgs.selectors.existing_during_q`): one closed in the
    period is scored for the months it worked."""
    from tongxin.orgs.selectors import existing_during_q

    return list(
        Organization.objects.filter(scope.q(), kind__in=BASE_KINDS)
        .filter(existing_during_q(period.start, period.as_of))
        .order_by("path")
    )


def org_scores(
    *, user, scope: Scope, period: Period
) -> tuple[list[PointRule], list[ScoreRow]]:
    """The score of each base organization in ``scope``, highest first."""
    if not policy.scopes(user, "view_scores"):
        raise PermissionDenied(_("您没有权限查看组织考核。"))
    orgs = base_orgs(scope, period)
    rules = active_rules(Scheme.ORGANIZATION)
    ctx = measures.OrgContext(user=user, scope=scope, orgs=orgs, period=period)
    counted = {
        r.measure: measures.ORG_MEASURES[r.measure](ctx)
        for r in rules
        if r.measure in measures.ORG_MEASURES
    }
    cover = measures.coverage_by_org(ctx) if orgs else {}
    rows = []
    for o in orgs:
        lines = [
            apply_rule(r, counted[r.measure].get(o.pk, Decimal(0)))
            for r in rules
            if r.measure in counted
        ]
        rows.append((o, lines, total(lines)))
    rows.sort(key=lambda r: -r[2])
    ranks = _ranked(rows, key=lambda r: r[2])
    return rules, [
        ScoreRow(rank=k, org=o, lines=lines, total=t, coverage=cover.get(o.pk, (0, 0)))
        for k, (o, lines, t) in zip(ranks, rows, strict=True)
    ]


@dataclass
class ScoresPage:
    rules: list[PointRule]
    rows: list[ScoreRow]
    count: int
    next_cursor: str | None
    prev_cursor: str | None
    has_next: bool
    has_prev: bool


def scores_page(
    *, user, scope: Scope, period: Period, cursor: str | None = None, size: int = 0
) -> ScoresPage:
    """One page of :func:`org_scores`, after (or before) the row a cursor names.

    The cursor holds the boundary row's order (score, tree path, id), so a
    page stays where it was when scores change between clicks; the export
    keeps every row (:func:`org_scores`).
    """
    size = size or settings.TONGXIN_PAGE_SIZE
    rules, rows = org_scores(user=user, scope=scope, period=period)

    def order(r: ScoreRow) -> tuple:
        return (-r.total, r.org.path, r.org.pk)

    keys = [order(r) for r in rows]
    start = 0
    decoded = decode_cursor(cursor) if cursor else None
    if decoded and len(decoded[1]) == 3:
        direction, (total_text, path, pk) = decoded
        try:
            key = (-Decimal(str(total_text)), str(path), int(pk))
        except (ArithmeticError, ValueError, TypeError):
            key = None
        if key is not None and direction == "next":
            start = bisect.bisect_right(keys, key)
        elif key is not None:
            start = max(bisect.bisect_left(keys, key) - size, 0)
    shown = rows[start : start + size]
    has_prev, has_next = start > 0, start + size < len(rows)

    def _cursor(r: ScoreRow, way: str) -> str:
        return encode_cursor((str(r.total), r.org.path, r.org.pk), way)

    return ScoresPage(
        rules=rules,
        rows=shown,
        count=len(rows),
        next_cursor=_cursor(shown[-1], "next") if shown and has_next else None,
        prev_cursor=_cursor(shown[0], "prev") if shown and has_prev else None,
        has_next=has_next,
        has_prev=has_prev,
    )


__all__ = [
    "BASE_KINDS",
    "DutyRecord",
    "ScopeError",
    "duty_record",
    "member_for_record",
    "org_scores",
    "ranking",
    "ranking_chunks",
    "ranking_page",
    "rule_list",
    "scope_for",
    "scores_page",
]
