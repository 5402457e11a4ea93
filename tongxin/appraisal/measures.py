"""What each rule counts: one function per measure, over many members or
organizations at once.

A member measure takes the ids of the members (a list or a queryset of
``pk``) and a :class:`~tongxin.core.periods.Period` and returns
``{member_id: units}``; the ranking calls it once for a whole organization
and the duty record once for one member, so a member's points are the same
on both pages.  An organization measure takes the base organizations and
returns ``{organization_id: units}``, each organization counting its own
subtree.

What counts, and when (drafts never count):

- items (suggestions, proposals, opinion reports, research topics) by their
  date; a proposal counts for its proposer and each co-signer; *filed* is a
  proposal in the period whose state is 已立案, 已答复 or 已办结;
- awards of proposals by their year; adoptions by their date, each adoption
  once (a report adopted by the city and the province counts at both levels);
- research topics approved by their approval date;
- honors by their date, or by their year when only the year is known
  (:func:`tongxin.honors.selectors.recipients_in_period`);
- attendance by the day attended, volunteer hours by the service day,
  training classes by the completion date; articles (as an author) by the
  day they were first published, once their state is 已发表;
- base organizations: events they organized (not cancelled) by start day,
  一人一案 coverage of the period's last year (:func:`tongxin.participation.
  selectors.coverage`), adoptions, honors to the organization or its members,
  follow-up items and 较差 ratings of inspection visits by the visit date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.db.models import Count, Q, Sum

from tongxin.appraisal.models import Measure
from tongxin.core.periods import Period
from tongxin.participation.models import DRAFT

ADOPTION_LEVEL = {
    Measure.OPINION_ADOPTED_CITY: "city",
    Measure.OPINION_ADOPTED_PROVINCIAL: "provincial",
    Measure.OPINION_ADOPTED_NATIONAL: "national",
}
HONOR_LEVEL = {
    Measure.HONOR_NATIONAL: "national",
    Measure.HONOR_PROVINCIAL: "provincial",
    Measure.HONOR_CITY: "city",
    Measure.HONOR_COMMITTEE: "committee",
}
ORG_HONOR_LEVEL = {
    Measure.ORG_HONOR_NATIONAL: "national",
    Measure.ORG_HONOR_PROVINCIAL: "provincial",
    Measure.ORG_HONOR_CITY: "city",
    Measure.ORG_HONOR_COMMITTEE: "committee",
}

Units = dict[int, Decimal]


def _tally(pairs: Iterable[tuple[int, object]]) -> Units:
    """Count distinct (member, record) pairs per member."""
    seen = set(pairs)
    out: Units = defaultdict(Decimal)
    for member_id, _record in seen:
        out[member_id] += 1
    return dict(out)


def _grouped(rows: Iterable[tuple[int, object]]) -> Units:
    return {k: Decimal(v or 0) for k, v in rows if k is not None}


def item_period(period: Period, field: str = "date") -> Q:
    return Q(**{f"{field}__gte": period.start, f"{field}__lte": period.as_of}) & ~Q(
        state=DRAFT
    )


def in_days(period: Period, field: str) -> Q:
    return Q(**{f"{field}__gte": period.start, f"{field}__lte": period.as_of})


def in_years(period: Period, field: str) -> Q:
    return Q(**{f"{field}__gte": period.start.year, f"{field}__lte": period.as_of.year})


def honors_q(period: Period, prefix: str = "honor__") -> Q:
    """Honors dated in the period, or of its years when only the year is known."""
    return Q(
        **{
            f"{prefix}awarded_on__gte": period.start,
            f"{prefix}awarded_on__lte": period.as_of,
        }
    ) | Q(
        **{
            f"{prefix}awarded_on__isnull": True,
            f"{prefix}year__gte": period.start.year,
            f"{prefix}year__lte": period.as_of.year,
        }
    )


# --- members ---------------------------------------------------------------------


def _attended(ids, period: Period) -> Units:
    from tongxin.activities.models import Attendance

    return _grouped(
        Attendance.objects.filter(in_days(period, "attended_on"), member_id__in=ids)
        .values("member_id")
        .annotate(n=Count("id"))
        .values_list("member_id", "n")
    )


def _suggestions(ids, period: Period) -> Units:
    from tongxin.participation.models import Suggestion

    return _grouped(
        Suggestion.objects.filter(item_period(period), author_id__in=ids)
        .values("author_id")
        .annotate(n=Count("id"))
        .values_list("author_id", "n")
    )


def proposal_pairs(ids, where: Q) -> set[tuple[int, int]]:
    """(member, proposal) for the proposals matching ``where``: proposer or co-signer."""
    from tongxin.participation.models import Proposal

    pairs = set(
        Proposal.objects.filter(where, member_id__in=ids).values_list("member_id", "id")
    )
    through = Proposal.cosigners.through
    cosigned = Proposal.objects.filter(where).values("pk")
    pairs.update(
        through.objects.filter(member_id__in=ids, proposal_id__in=cosigned).values_list(
            "member_id", "proposal_id"
        )
    )
    return pairs


def _proposals(ids, period: Period) -> Units:
    return _tally(proposal_pairs(ids, item_period(period)))


def filed_q(period: Period) -> Q:
    """Proposals filed (立案) by the period's end, whatever happened later: the
    one definition the report's ``proposals.filed`` uses
    (:func:`tongxin.participation.selectors.reached_q`), not the current state."""
    from tongxin.participation.models import Proposal
    from tongxin.participation.selectors import reached_q

    return reached_q(Proposal, "filed", period.as_of)


def _filed(ids, period: Period) -> Units:
    return _tally(proposal_pairs(ids, item_period(period) & filed_q(period)))


def _awards(ids, period: Period) -> Units:
    from tongxin.participation.models import ProposalAward

    awards = ProposalAward.objects.filter(in_years(period, "year"))
    pairs = set()
    for award_id, proposal_id in awards.values_list("id", "proposal_id"):
        pairs.add((proposal_id, award_id))
    if not pairs:
        return {}
    by_proposal = defaultdict(list)
    for proposal_id, award_id in pairs:
        by_proposal[proposal_id].append(award_id)
    members = proposal_pairs(ids, Q(pk__in=list(by_proposal)) & ~Q(state=DRAFT))
    return _tally(
        (member_id, award_id)
        for member_id, proposal_id in members
        for award_id in by_proposal[proposal_id]
    )


def _m2m(model, field: str, ids, where: Q) -> Units:
    through = getattr(model, field).through
    column = f"{model._meta.model_name}_id"
    records = model.objects.filter(where).values("pk")
    return _grouped(
        through.objects.filter(member_id__in=ids, **{f"{column}__in": records})
        .values("member_id")
        .annotate(n=Count("id"))
        .values_list("member_id", "n")
    )


def _opinions(ids, period: Period) -> Units:
    from tongxin.participation.models import OpinionReport

    return _m2m(OpinionReport, "authors", ids, item_period(period))


def _adopted(level: str) -> Callable:
    def count(ids, period: Period) -> Units:
        from tongxin.participation.models import Adoption, OpinionReport

        through = OpinionReport.authors.through
        adoptions = Adoption.objects.filter(
            in_days(period, "adopted_on"), level=level
        ).exclude(report__state=DRAFT)
        per_report: dict[int, int] = defaultdict(int)
        for report_id in adoptions.values_list("report_id", flat=True):
            per_report[report_id] += 1
        out: Units = defaultdict(Decimal)
        for member_id, report_id in through.objects.filter(
            member_id__in=ids, opinionreport_id__in=list(per_report)
        ).values_list("member_id", "opinionreport_id"):
            out[member_id] += per_report[report_id]
        return dict(out)

    return count


def _research(ids, period: Period) -> Units:
    from tongxin.participation.models import ResearchTopic

    return _m2m(ResearchTopic, "members", ids, item_period(period))


def _research_approved(ids, period: Period) -> Units:
    from tongxin.participation.models import ResearchTopic

    where = in_days(period, "approved_on") & Q(state__in=("approved", "concluded"))
    return _m2m(ResearchTopic, "members", ids, where)


def _service_hours(ids, period: Period) -> Units:
    from tongxin.activities.models import VolunteerRecord

    return _grouped(
        VolunteerRecord.objects.filter(
            in_days(period, "activity__held_on"), member_id__in=ids
        )
        .values("member_id")
        .annotate(n=Sum("hours"))
        .values_list("member_id", "n")
    )


def _training(ids, period: Period) -> Units:
    from tongxin.lifecycle.models import Attendee

    return _grouped(
        Attendee.objects.filter(in_days(period, "completed_on"), member_id__in=ids)
        .values("member_id")
        .annotate(n=Count("id"))
        .values_list("member_id", "n")
    )


def published_articles_q(period: Period, prefix: str = "article__") -> Q:
    """Articles published (state 已发表) with a first publication in the period."""
    return Q(**{f"{prefix}state": "published"}) & in_days(
        period, f"{prefix}published_on"
    )


def _articles(ids, period: Period) -> Units:
    from tongxin.publicity.models import ArticleAuthor

    return _grouped(
        ArticleAuthor.objects.filter(published_articles_q(period), member_id__in=ids)
        .values("member_id")
        .annotate(n=Count("id"))
        .values_list("member_id", "n")
    )


def _honors(level: str) -> Callable:
    def count(ids, period: Period) -> Units:
        from tongxin.honors.models import HonorRecipient

        return _grouped(
            HonorRecipient.objects.filter(
                honors_q(period), honor__level=level, member_id__in=ids
            )
            .values("member_id")
            .annotate(n=Count("id"))
            .values_list("member_id", "n")
        )

    return count


MEMBER_MEASURES: dict[str, Callable] = {
    Measure.EVENT_ATTENDED: _attended,
    Measure.SUGGESTION: _suggestions,
    Measure.PROPOSAL_SUBMITTED: _proposals,
    Measure.PROPOSAL_FILED: _filed,
    Measure.PROPOSAL_AWARDED: _awards,
    Measure.OPINION_SUBMITTED: _opinions,
    **{m: _adopted(level) for m, level in ADOPTION_LEVEL.items()},
    Measure.RESEARCH_SUBMITTED: _research,
    Measure.RESEARCH_APPROVED: _research_approved,
    Measure.SERVICE_HOUR: _service_hours,
    Measure.TRAINING_COMPLETED: _training,
    Measure.ARTICLE_PUBLISHED: _articles,
    **{m: _honors(level) for m, level in HONOR_LEVEL.items()},
}


# --- base organizations ------------------------------------------------------------


class Attributor:
    """Find the base organization whose subtree holds a path."""

    def __init__(self, orgs: Iterable) -> None:
        self.by_path = {o.path: o.pk for o in orgs}
        self.lengths = sorted({len(p) for p in self.by_path}, reverse=True)

    def __call__(self, path: str | None) -> int | None:
        if not path:
            return None
        for n in self.lengths:
            if len(path) >= n and path[:n] in self.by_path:
                return self.by_path[path[:n]]
        return None

    def add(self, rows: Iterable[tuple[str, object]]) -> Units:
        out: Units = defaultdict(Decimal)
        for path, n in rows:
            org_id = self(path)
            if org_id is not None:
                out[org_id] += Decimal(n or 0)
        return dict(out)


class OrgContext:
    """What the organization measures share: the user, scope, orgs and period."""

    def __init__(self, *, user, scope, orgs: list, period: Period) -> None:
        self.user = user
        self.scope = scope
        self.orgs = orgs
        self.period = period
        self.attribute = Attributor(orgs)
        self.coverage: dict[int, tuple[int, int]] | None = None

    def in_scope(self, field: str = "path") -> Q:
        return self.scope.q(field)


def _org_events(ctx: OrgContext) -> Units:
    from tongxin.activities.models import Event

    rows = (
        Event.objects.filter(
            ctx.in_scope(),
            status=Event.Status.ACTIVE,
            start_at__date__gte=ctx.period.start,
            start_at__date__lte=ctx.period.as_of,
        )
        .values("path")
        .annotate(n=Count("id"))
        .values_list("path", "n")
    )
    return ctx.attribute.add(rows)


def coverage_by_org(ctx: OrgContext) -> dict[int, tuple[int, int]]:
    """(members who contributed, active members) per base organization.

    The members and contributors of :func:`tongxin.participation.selectors.coverage`
    for the period (members of its end, contributions in it), counted per
    organization (:func:`_coverage_counts`); rows are summed into the base
    organization whose subtree holds them.
    """
    if ctx.coverage is not None:
        return ctx.coverage
    out: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    roots = [ctx.scope.org] if ctx.scope.org is not None else [None]
    for root in roots:
        for path, done, total in _coverage_counts(ctx, root):
            org_id = ctx.attribute(path)
            if org_id is not None:
                out[org_id][0] += done
                out[org_id][1] += total
    ctx.coverage = {k: (v[0], v[1]) for k, v in out.items()}
    return ctx.coverage


def _coverage_counts(ctx: OrgContext, root) -> list[tuple[str, int, int]]:
    """``(organization path, contributors, members)`` per organization for the
    period (:func:`tongxin.participation.selectors.coverage_counts`)."""
    from tongxin.participation.selectors import coverage_counts

    return coverage_counts(
        user=ctx.user, start=ctx.period.start, end=ctx.period.as_of, org=root
    )


def _org_coverage(ctx: OrgContext) -> Units:
    return {
        org_id: Decimal(round(100 * done / total)) if total else Decimal(0)
        for org_id, (done, total) in coverage_by_org(ctx).items()
    }


def _org_adoptions(ctx: OrgContext) -> Units:
    from tongxin.participation.models import Adoption

    rows = (
        Adoption.objects.filter(ctx.in_scope(), in_days(ctx.period, "adopted_on"))
        .exclude(report__state=DRAFT)
        .values("path")
        .annotate(n=Count("id"))
        .values_list("path", "n")
    )
    return ctx.attribute.add(rows)


def _org_honors(level: str) -> Callable:
    def count(ctx: OrgContext) -> Units:
        from tongxin.honors.selectors import recipients_in_period

        out: Units = defaultdict(Decimal)
        for path in ctx.scope.paths:
            rows = (
                recipients_in_period(
                    path=path, start=ctx.period.start, end=ctx.period.as_of
                )
                .filter(honor__level=level)
                .values("org_path")
                .annotate(n=Count("id"))
                .values_list("org_path", "n")
            )
            for org_id, n in ctx.attribute.add(rows).items():
                out[org_id] += n
        return dict(out)

    return count


def _org_followups(ctx: OrgContext) -> Units:
    from tongxin.campaigns.models import FollowUp

    rows = (
        FollowUp.objects.filter(
            ctx.in_scope(), in_days(ctx.period, "visit__visited_on")
        )
        .values("path")
        .annotate(n=Count("id"))
        .values_list("path", "n")
    )
    return ctx.attribute.add(rows)


def _org_poor_visits(ctx: OrgContext) -> Units:
    from tongxin.campaigns.models import Visit

    rows = (
        Visit.objects.filter(
            ctx.in_scope(),
            in_days(ctx.period, "visited_on"),
            rating=Visit.Rating.POOR,
        )
        .values("path")
        .annotate(n=Count("id"))
        .values_list("path", "n")
    )
    return ctx.attribute.add(rows)


ORG_MEASURES: dict[str, Callable] = {
    Measure.ORG_EVENTS_HELD: _org_events,
    Measure.ORG_COVERAGE: _org_coverage,
    Measure.ORG_ADOPTIONS: _org_adoptions,
    **{m: _org_honors(level) for m, level in ORG_HONOR_LEVEL.items()},
    Measure.ORG_FOLLOWUPS: _org_followups,
    Measure.ORG_POOR_VISITS: _org_poor_visits,
}


def scheme_of(measure: str) -> str:
    return "org" if measure in ORG_MEASURES else "member"
