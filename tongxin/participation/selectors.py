"""Every read of political participation; each starts from the policy.

Lists, details and the user's own items; drives and sessions; coverage of
"one person, one proposal" (一人一案) for a year; statistics for a period and
subtree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.http import Http404
from django.utils.translation import gettext as _

from tongxin.core import tree
from tongxin.members.models import Member
from tongxin.members.policies import policy as member_policy
from tongxin.orgs.models import Organization
from tongxin.participation.models import (
    DRAFT,
    KINDS,
    Adoption,
    Attachment,
    Drive,
    Item,
    Level,
    OpinionReport,
    Proposal,
    ProposalAward,
    ResearchTopic,
    Session,
    Suggestion,
)
from tongxin.participation.policies import policy
from tongxin.workflows import engine

RELATED = {
    "suggestions": (("author", "organization", "drive"), ()),
    "proposals": (
        ("member", "organization", "session"),
        ("cosigners", "units", "awards"),
    ),
    "opinions": (
        ("organization",),
        ("authors", "targets", "adoptions", "instructions"),
    ),
    "research": (("organization",), ("members",)),
}


def model_of(kind: str) -> type[Item]:
    try:
        return KINDS[kind]
    except KeyError:
        raise Http404(_("没有这类事项。")) from None


@dataclass
class ItemFilters:
    year: int | None = None
    state: str | None = None
    org: Organization | None = None
    q: str | None = None
    mine: bool = False
    proposal_kind: str | None = None
    session: int | None = None
    drive: int | None = None


def item_list(*, user, kind: str, filters: ItemFilters | None = None) -> QuerySet:
    """Return the items of ``kind`` the user may see, newest first."""
    model = model_of(kind)
    f = filters or ItemFilters()
    single, multi = RELATED[kind]
    qs = policy.visible(user, model.objects.all()).select_related(*single)
    if multi:
        qs = qs.prefetch_related(*multi)
    if f.year:
        qs = qs.filter(
            date__gte=dt.date(f.year, 1, 1), date__lte=dt.date(f.year, 12, 31)
        )
    if f.state:
        qs = qs.filter(state=f.state.replace("\x00", ""))
    if f.org is not None:
        qs = qs.filter(tree.subtree_q(f.org.path))
    q = (f.q or "").replace("\x00", "").strip()
    if q:
        qs = qs.filter(title__icontains=q)
    if f.mine:
        own = policy.owner_q(user, model)
        qs = qs.filter(own) if own is not None else qs.none()
    if kind == "proposals":
        if f.proposal_kind:
            qs = qs.filter(kind=f.proposal_kind)
        if f.session:
            qs = qs.filter(session_id=f.session)
    if kind == "suggestions" and f.drive:
        qs = qs.filter(drive_id=f.drive)
    return qs.order_by("-date", "-id")


def item_get(*, user, kind: str, pk: int) -> Item:
    """Return one item the user may see, or raise ``DoesNotExist``."""
    model = model_of(kind)
    item = model.objects.select_related("organization").get(pk=pk)
    if not policy.can_view(user, item):
        raise model.DoesNotExist
    return item


def item_steps(*, user, item: Item) -> list:
    """Return the dated workflow steps of an item the user sees."""
    return engine.steps_of(item)


def item_actions(*, user, item: Item) -> list:
    """Return the transitions the user may take on ``item`` now."""
    return engine.available(item.WORKFLOW, item.state, policy.roles_on(user, item))


def state_names(kind: str) -> dict[str, str]:
    return engine.state_names(model_of(kind).WORKFLOW)


def attachments_of(*, user, item: Item) -> QuerySet:
    return Attachment.objects.filter(kind=item.KIND, item_id=item.pk).order_by("id")


def attachment_get(*, user, kind: str, item_pk: int, pk: int) -> Attachment:
    item = item_get(user=user, kind=kind, pk=item_pk)
    return Attachment.objects.get(kind=kind, item_id=item.pk, pk=pk)


def my_items(*, user) -> dict[str, list[Item]]:
    """Return the user's own items of every kind, newest first."""
    result = {}
    for kind, model in KINDS.items():
        own = policy.owner_q(user, model)
        if own is None:
            result[kind] = []
            continue
        single, _multi = RELATED[kind]
        result[kind] = list(
            policy.visible(user, model.objects.all())
            .filter(own)
            .select_related(*single)
            .order_by("-date", "-id")[:200]
        )
    return result


def drive_list(*, user) -> QuerySet:
    """Return the drives open to the user: above or within their reach."""
    if not getattr(user, "is_authenticated", False):
        return Drive.objects.none()
    if user.is_superuser:
        return Drive.objects.select_related("organization").all()
    bases = list(policy.scopes(user, "view"))
    member_id = policy.member_id(user)
    if member_id:
        bases.append(Member.objects.get(pk=member_id).org_path)
    if not bases:
        return Drive.objects.none()
    paths = {
        b[:i] for b in bases for i in range(tree.SEGMENT, len(b) + 1, tree.SEGMENT)
    }
    q = Q(path__in=sorted(paths)) | tree.subtrees_q(policy.scopes(user, "view"))
    return Drive.objects.filter(q).select_related("organization")


def drive_get(*, user, pk: int) -> Drive:
    return drive_list(user=user).get(pk=pk)


def session_list(*, user) -> QuerySet:
    """Return the conference sessions (public facts; any logged-in user)."""
    if not getattr(user, "is_authenticated", False):
        return Session.objects.none()
    return Session.objects.all()


def session_get(*, user, pk: int) -> Session:
    return session_list(user=user).get(pk=pk)


# --- coverage ------------------------------------------------------------------------


def _stats_root(user, org: Organization | None) -> list[str]:
    """Return the subtree paths a statistic covers, refusing outside the reach."""
    scopes = policy.scopes(user, "view_stats")
    if not scopes:
        raise PermissionDenied(_("您没有权限查看统计。"))
    if org is None:
        return scopes
    if not any(tree.is_within(org.path, s) for s in scopes):
        raise ObjectDoesNotExist
    return [org.path]


def paths_q(paths, field: str = "path") -> Q:
    """A condition matching the subtrees at ``paths`` (``[""]``: everything)."""
    paths = list(paths)
    if "" in paths:
        return Q()
    return tree.subtrees_q(paths, field)


def contributed_q(start: dt.date, end: dt.date, field: str = "pk") -> Q:
    """Members (by ``field``, their id) who contributed between ``start`` and ``end``.

    A member contributed if they wrote a suggestion, a member proposal (as
    proposer or co-signer), an opinion report or were in a research group
    that was submitted (not a draft) in the period. A condition the database
    evaluates, so statistics count contributors without reading ids into
    Python; shared by :func:`coverage` and :mod:`tongxin.stats`.
    """
    period = Q(date__gte=start, date__lte=end) & ~Q(state=DRAFT)
    subqueries = [
        Suggestion.objects.filter(period).values("author_id"),
        Proposal.objects.filter(period, member__isnull=False).values("member_id"),
    ]
    for model, lookup in (
        (Proposal, "cosigners"),
        (OpinionReport, "authors"),
        (ResearchTopic, "members"),
    ):
        subqueries.append(
            model.objects.filter(period).exclude(**{lookup: None}).values(lookup)
        )
    q = Q()
    for sub in subqueries:
        q |= Q(**{f"{field}__in": sub})
    return q


def period_contributors(start: dt.date, end: dt.date) -> set[int]:
    """The ids of the members who contributed between ``start`` and ``end``."""
    return set(
        Member.objects.filter(contributed_q(start, end)).values_list("pk", flat=True)
    )


def coverage(*, user, year: int, org: Organization | None = None) -> dict:
    """Return who contributed in ``year`` (一人一案) within the user's subtree.

    A member contributed if they wrote a suggestion, a member proposal (as
    proposer or co-signer), an opinion report or were in a research group
    that was submitted (not a draft) in the year.
    """
    paths = _stats_root(user, org)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    contributors = period_contributors(start, end)
    members = list(
        member_policy.visible(user, Member.objects.all())
        .filter(tree.subtrees_q(paths, "org_path"), status=Member.Status.ACTIVE)
        .select_related("organization")
        .order_by("org_path", "stroke_key", "id")
    )
    done = [m for m in members if m.pk in contributors]
    not_yet = [m for m in members if m.pk not in contributors]
    orgs = list(
        Organization.objects.filter(
            tree.subtrees_q(paths), closed_on__isnull=True
        ).order_by("path")
    )
    by_org: dict[int, list[int]] = {}
    for m in members:
        by_org.setdefault(m.organization_id, [0, 0])
        by_org[m.organization_id][0 if m.pk in contributors else 1] += 1
    org_rows = [
        {"org": o, "done": by_org[o.pk][0], "not_yet": by_org[o.pk][1]}
        for o in orgs
        if o.pk in by_org
    ]
    return {
        "year": year,
        "members_done": done,
        "members_not_yet": not_yet,
        "orgs_done": [r for r in org_rows if r["done"]],
        "orgs_not_yet": [r for r in org_rows if not r["done"]],
        "rate": round(100 * len(done) / len(members)) if members else 0,
    }


# --- statistics ----------------------------------------------------------------------


def statistics(
    *,
    user,
    start: dt.date | None = None,
    end: dt.date | None = None,
    org: Organization | None = None,
) -> dict:
    """Return counts for a period and subtree: by kind, state, level, body, org.

    Items are counted by their date (drafts left out); adoptions by their
    date and awards by their year. Confidential items count as numbers only
    for a user without clearance: in the totals by kind and in
    ``confidential`` (per kind, and their adoptions), never in a breakdown by
    state, session, level, body or organization, which would tell their
    date, place and adopting body.
    """
    return statistics_for(
        _stats_root(user, org), start, end, hide_confidential=not policy.cleared(user)
    )


def period_items_q(paths, start: dt.date | None, end: dt.date | None) -> Q:
    """Items of the subtrees at ``paths`` dated in the period, drafts left out."""
    where = paths_q(paths) & ~Q(state=DRAFT)
    if start:
        where &= Q(date__gte=start)
    if end:
        where &= Q(date__lte=end)
    return where


def period_adoptions(paths, start: dt.date | None, end: dt.date | None) -> QuerySet:
    """Adoptions of reports of the subtrees at ``paths``, by adoption date."""
    adoptions = Adoption.objects.filter(paths_q(paths))
    if start:
        adoptions = adoptions.filter(adopted_on__gte=start)
    if end:
        adoptions = adoptions.filter(adopted_on__lte=end)
    return adoptions


def period_awards(paths, start: dt.date | None, end: dt.date | None) -> QuerySet:
    """Awards of proposals of the subtrees at ``paths``, by the award's year."""
    awards = ProposalAward.objects.filter(paths_q(paths, "proposal__path"))
    if start:
        awards = awards.filter(year__gte=start.year)
    if end:
        awards = awards.filter(year__lte=end.year)
    return awards


RESEARCH_APPROVED = ("approved", "concluded")


def statistics_for(
    paths,
    start: dt.date | None,
    end: dt.date | None,
    *,
    hide_confidential: bool = False,
) -> dict:
    """:func:`statistics` for the subtrees at ``paths``, not scoped to a user.

    Callers have checked the user's reach (:func:`statistics`, the
    statistics app's :func:`tongxin.stats.scope.resolve_scope`) and
    clearance (``hide_confidential``: confidential items and their adoptions
    only in the totals and in ``confidential``).
    """
    paths = list(paths)
    every = period_items_q(paths, start, end)
    where = every & Q(confidential=False) if hide_confidential else every
    result: dict = {"kinds": {}, "states": {}}
    if hide_confidential:
        result["confidential"] = {
            kind: model.objects.filter(every, confidential=True).count()
            for kind, model in KINDS.items()
        }
        result["confidential"]["adoptions"] = (
            period_adoptions(paths, start, end)
            .filter(report__confidential=True)
            .count()
        )
    names_by_kind = {}
    for kind, model in KINDS.items():
        result["kinds"][kind] = model.objects.filter(every).count()
        qs = model.objects.filter(where)
        names = engine.state_names(model.WORKFLOW)
        names_by_kind[kind] = names
        result["states"][kind] = [
            {
                "state": r["state"],
                "name": names.get(r["state"], r["state"]),
                "count": r["n"],
            }
            for r in qs.values("state").annotate(n=Count("id")).order_by("state")
        ]
    proposals = Proposal.objects.filter(where)
    result["proposal_kinds"] = {
        r["kind"]: r["n"] for r in proposals.values("kind").annotate(n=Count("id"))
    }
    result["proposals_by_session"] = [
        {"session": r["session__name"], "count": r["n"]}
        for r in proposals.values("session__name")
        .annotate(n=Count("id"))
        .order_by("session__name")
    ]
    adoptions = period_adoptions(paths, start, end)
    if hide_confidential:
        adoptions = adoptions.filter(report__confidential=False)
    levels = dict(Level.choices)
    result["adoptions_by_level"] = [
        {
            "level": r["level"],
            "level_name": str(levels.get(r["level"], "")),
            "count": r["n"],
        }
        for r in adoptions.values("level").annotate(n=Count("id")).order_by("level")
    ]
    result["adoptions_by_body"] = [
        {
            "level": r["level"],
            "level_name": str(levels.get(r["level"], "")),
            "body": r["body"],
            "count": r["n"],
        }
        for r in adoptions.values("level", "body")
        .annotate(n=Count("id"))
        .order_by("level", "body")
    ]
    research = ResearchTopic.objects.filter(where)
    result["research_by_body"] = [
        {
            "body": r["target_body"],
            "submitted": r["n"],
            "approved": r["approved"],
        }
        for r in research.values("target_body")
        .annotate(
            n=Count("id"),
            approved=Count("id", filter=Q(state__in=RESEARCH_APPROVED)),
        )
        .order_by("target_body")
    ]
    result["awards"] = period_awards(paths, start, end).count()
    # By organization: each child of a root, counted by the prefix of the
    # items' paths (one grouped query per kind and root), and the root itself.
    rows = []
    roots = paths
    if "" in paths:
        roots = list(
            Organization.objects.filter(parent__isnull=True).values_list(
                "path", flat=True
            )
        )
    for root_path in roots:
        width = len(root_path) + tree.SEGMENT
        counts: dict[str, dict[str, int]] = {}
        for kind, model in KINDS.items():
            grouped = (
                model.objects.filter(where & tree.subtree_q(root_path))
                .annotate(prefix=Substr("path", 1, width))
                .values("prefix")
                .annotate(n=Count("id"))
            )
            for r in grouped:
                counts.setdefault(r["prefix"], {})[kind] = r["n"]
        if not counts:
            continue
        orgs = {
            o.path: o
            for o in Organization.objects.filter(path__in=list(counts)).order_by("path")
        }
        for prefix in sorted(counts):
            org_row = orgs.get(prefix)
            if org_row is None:
                continue
            row = {"org": org_row.name, "org_id": org_row.pk}
            row.update({k: counts[prefix].get(k, 0) for k in KINDS})
            rows.append(row)
    result["orgs"] = rows
    # Totals of each table (the rows listed; confidential items hidden from a
    # breakdown are in ``confidential`` only).
    result["totals"] = {
        "adoptions": sum(r["count"] for r in result["adoptions_by_body"]),
        "research": {
            "submitted": sum(r["submitted"] for r in result["research_by_body"]),
            "approved": sum(r["approved"] for r in result["research_by_body"]),
        },
        "orgs": {k: sum(r[k] for r in rows) for k in KINDS},
    }
    result["state_names"] = names_by_kind
    return result


def compilation_items(
    *,
    user,
    kind: str,
    year: int | None = None,
    states: list[str] | None = None,
    ids: list[int] | None = None,
) -> list[Item]:
    """Return the items a compilation holds, in date order."""
    qs = item_list(user=user, kind=kind, filters=ItemFilters(year=year)).exclude(
        state=DRAFT
    )
    if states:
        qs = qs.filter(state__in=states)
    if ids:
        qs = qs.filter(pk__in=ids)
    return list(qs.order_by("date", "id"))
