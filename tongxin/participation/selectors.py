"""Every read of political participation; each starts from the policy.

Lists, details and the user's own items; drives and sessions; coverage of
"one person, one proposal" (一人一案) for a year; statistics for a period and
subtree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Substr
from django.db.models.lookups import Exact
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import tree
from tongxin.core.rates import rate
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
from tongxin.workflows.models import Step

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

    The five subqueries are the same SQL for every user and scope, and
    building them through the ORM (each item's state at the period's end,
    :func:`state_on`) costs far more than running them: they are compiled once
    per period and day and kept (:func:`_contributed_sql`).
    """
    q = Q()
    for sql, params in _contributed_sql(start, end):
        q |= Q(**{f"{field}__in": RawSQL(sql, params)})
    return q


#: Compiled contributor subqueries: (vendor, database, start, end, today) -> SQL.
_CONTRIBUTED: dict[tuple, list[tuple[str, tuple]]] = {}
_CONTRIBUTED_MAX = 256


def _contributed_subqueries(start: dt.date, end: dt.date) -> list[QuerySet]:
    def period(model) -> QuerySet:
        return period_items(model, [""], start, end)

    subqueries = [
        period(Suggestion).values("author_id"),
        period(Proposal).filter(member__isnull=False).values("member_id"),
    ]
    for model, lookup in (
        (Proposal, "cosigners"),
        (OpinionReport, "authors"),
        (ResearchTopic, "members"),
    ):
        subqueries.append(period(model).exclude(**{lookup: None}).values(lookup))
    return subqueries


def _contributed_sql(start: dt.date, end: dt.date) -> list[tuple[str, tuple]]:
    """The SQL of :func:`_contributed_subqueries`, compiled once per key.

    The text depends only on the dates (and today, which ends an open
    period), the database's kind and name: never on the user or the rows.
    """
    conn = connections[DEFAULT_DB_ALIAS]
    key = (conn.vendor, conn.settings_dict["NAME"], start, end, timezone.localdate())
    found = _CONTRIBUTED.get(key)
    if found is None:
        found = [
            sub.query.get_compiler(using=DEFAULT_DB_ALIAS).as_sql()
            for sub in _contributed_subqueries(start, end)
        ]
        found = [(sql, tuple(params)) for sql, params in found]
        if len(_CONTRIBUTED) >= _CONTRIBUTED_MAX:
            _CONTRIBUTED.clear()
        _CONTRIBUTED[key] = found
    return found


def period_contributors(start: dt.date, end: dt.date) -> set[int]:
    """The ids of the members who contributed between ``start`` and ``end``."""
    return set(
        Member.objects.filter(contributed_q(start, end)).values_list("pk", flat=True)
    )


def coverage_counts(
    *, user, start: dt.date, end: dt.date, org: Organization | None = None
) -> list[tuple[str, int, int]]:
    """``(organization path, contributors, members)`` per organization, counted in
    the database: the members and contributors of :func:`coverage` for the
    period from ``start`` to ``end`` (the members of its end, today at the
    latest, that the user may see, each in the organization of that day),
    without loading the member rows."""
    from tongxin.members.selectors import memberships_on

    paths = _stats_root(user, org)
    day = max(start, min(end, timezone.localdate()))
    visible = member_policy.visible(user, Member.objects.all())
    return list(
        memberships_on(day, tree.subtrees_q(paths, "org_path"))
        .filter(member__in=visible)
        .order_by()
        .values("organization__path")
        .annotate(
            done=Count("id", filter=contributed_q(start, day, "member_id")),
            total=Count("id"),
        )
        .values_list("organization__path", "done", "total")
    )


def coverage(
    *,
    user,
    year: int,
    org: Organization | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> dict:
    """Return who contributed in ``year`` (一人一案) within the user's subtree.

    A member contributed if they wrote a suggestion, a member proposal (as
    proposer or co-signer), an opinion report or were in a research group
    that was submitted (not a draft) in the year. The members counted are
    those of the year's end (today for the current year), each in the
    organization they belonged to then: the report's 一人一案 figure
    (:mod:`tongxin.stats.figures.participation`) divides by the same members.
    ``start`` and ``end`` give another period (the appraisal's) in place of the
    year.
    """
    from tongxin.members.selectors import memberships_on

    paths = _stats_root(user, org)
    start = start or dt.date(year, 1, 1)
    day = max(start, min(end or dt.date(year, 12, 31), timezone.localdate()))
    contributors = period_contributors(start, day)
    visible = member_policy.visible(user, Member.objects.all())
    memberships = list(
        memberships_on(day, tree.subtrees_q(paths, "org_path"))
        .filter(member__in=visible)
        .select_related("member", "organization")
        .order_by("org_path", "member__stroke_key", "member_id")
    )
    members = []
    for ms in memberships:
        # The organization the member belonged to then, not now.
        ms.member.organization = ms.organization
        members.append(ms.member)
    done = [m for m in members if m.pk in contributors]
    not_yet = [m for m in members if m.pk not in contributors]
    by_org: dict[int, list[int]] = {}
    orgs: dict[int, Organization] = {}
    for ms in memberships:
        orgs[ms.organization_id] = ms.organization
        by_org.setdefault(ms.organization_id, [0, 0])
        by_org[ms.organization_id][0 if ms.member_id in contributors else 1] += 1
    org_rows = [
        {"org": o, "done": by_org[o.pk][0], "not_yet": by_org[o.pk][1]}
        for o in sorted(orgs.values(), key=lambda o: o.path)
    ]
    return {
        "year": year,
        "as_of": day,
        "members_done": done,
        "members_not_yet": not_yet,
        "orgs_done": [r for r in org_rows if r["done"]],
        "orgs_not_yet": [r for r in org_rows if not r["done"]],
        "rate": rate(len(done), len(members)) or 0.0,
    }


COVERAGE_SHOW = ("done", "not_yet")


def coverage_page(
    *,
    user,
    year: int,
    org: Organization | None = None,
    show: str = "",
    cursor: str | None = None,
    size: int = 0,
) -> dict:
    """The 一人一案 coverage of :func:`coverage` for a page: the totals and the
    organizations counted by :func:`coverage_counts` (grouped in the
    database), the members one keyset page at a time.

    The members are ordered as in :func:`coverage` (organization path, stroke
    order, id); ``show`` keeps those who contributed (``"done"``) or not yet
    (``"not_yet"``); the cursor holds the boundary row's order, so a page costs
    the same wherever it is.
    """
    from tongxin.core.pagination import decode_cursor, encode_cursor
    from tongxin.members.selectors import memberships_on

    size = size or settings.TONGXIN_PAGE_SIZE
    paths = _stats_root(user, org)
    start = dt.date(year, 1, 1)
    day = max(start, min(dt.date(year, 12, 31), timezone.localdate()))
    counts = coverage_counts(user=user, start=start, end=day, org=org)
    orgs = {
        o.path: o
        for o in Organization.objects.filter(path__in=[c[0] for c in counts]).only(
            "id", "name", "path"
        )
    }
    org_rows = [
        {"org": orgs[path], "done": done, "not_yet": total - done}
        for path, done, total in sorted(counts)
    ]
    done_total = sum(r["done"] for r in org_rows)
    total = sum(r["done"] + r["not_yet"] for r in org_rows)

    contributed = contributed_q(start, day, "member_id")
    visible = member_policy.visible(user, Member.objects.all())
    qs = (
        memberships_on(day, tree.subtrees_q(paths, "org_path"))
        .filter(member__in=visible)
        .annotate(
            stroke=F("member__stroke_key"),
            done=Case(When(contributed, then=Value(True)), default=Value(False)),
        )
        .select_related("member", "organization")
        .only(
            "id",
            "org_path",
            "member__id",
            "member__name",
            "member__stroke_key",
            "organization__id",
            "organization__name",
        )
    )
    if show == "done":
        qs = qs.filter(contributed)
    elif show == "not_yet":
        qs = qs.exclude(contributed)
    direction, values = "next", None
    decoded = decode_cursor(cursor) if cursor else None
    if decoded and len(decoded[1]) == 3:
        direction, values = decoded
        try:
            path, stroke, pk = str(values[0]), str(values[1]), int(values[2])
        except (TypeError, ValueError):
            direction, values = "next", None
    order = ("org_path", "stroke", "member_id")
    if values is None:
        rows = list(qs.order_by(*order)[: size + 1])
        has_prev, has_next = False, len(rows) > size
        rows = rows[:size]
    elif direction == "next":
        after = (
            Q(org_path__gt=path)
            | Q(org_path=path, stroke__gt=stroke)
            | Q(org_path=path, stroke=stroke, member_id__gt=pk)
        )
        rows = list(
            qs.filter(org_path__gte=path).filter(after).order_by(*order)[: size + 1]
        )
        has_prev, has_next = True, len(rows) > size
        rows = rows[:size]
    else:
        before = (
            Q(org_path__lt=path)
            | Q(org_path=path, stroke__lt=stroke)
            | Q(org_path=path, stroke=stroke, member_id__lt=pk)
        )
        rows = list(
            qs.filter(org_path__lte=path)
            .filter(before)
            .order_by(*(f"-{k}" for k in order))[: size + 1]
        )
        has_prev, has_next = len(rows) > size, True
        rows = list(reversed(rows[:size]))
    members = []
    for ms in rows:
        # The organization the member belonged to then, not now.
        ms.member.organization = ms.organization
        ms.member.done = ms.done
        members.append(ms.member)

    def _cursor(ms, way: str) -> str:
        return encode_cursor((ms.org_path, ms.stroke, ms.member_id), way)

    return {
        "year": year,
        "as_of": day,
        "done": done_total,
        "not_yet": total - done_total,
        "total": total,
        "rate": rate(done_total, total) or 0.0,
        "orgs_done": [r for r in org_rows if r["done"]],
        "orgs_not_yet": [r for r in org_rows if not r["done"]],
        "members": members,
        "has_prev": has_prev and bool(rows),
        "has_next": has_next and bool(rows),
        "prev_cursor": _cursor(rows[0], "prev") if rows and has_prev else None,
        "next_cursor": _cursor(rows[-1], "next") if rows and has_next else None,
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


def _end_of(day: dt.date) -> dt.datetime:
    """The first instant after ``day`` (local time): steps before it are dated by then."""
    return timezone.make_aware(
        dt.datetime.combine(day + dt.timedelta(days=1), dt.time())
    )


def _steps(model) -> QuerySet:
    return Step.objects.filter(
        model=model._meta.label_lower, object_id=OuterRef("pk")
    ).order_by()


#: States a fact's own date decides, whenever its step was recorded: the
#: model's date field, the state before, the state it dates, and the states
#: an item that reached it can be in now (a topic approved on 2024-03-01 is
#: approved at the end of 2024 even if the approval was entered in 2025).
DATED_STATES = {
    Proposal: ("reply_on", "filed", "replied", ("replied", "closed")),
    ResearchTopic: ("approved_on", "submitted", "approved", ("approved", "concluded")),
}


def state_on(model, day: dt.date):
    """An expression: the workflow state of each item of ``model`` at the end of ``day``.

    Read from the item's dated workflow steps, not its current state: the
    target of its latest step dated on or before ``day``. The creation is
    left out and the submission is dated by the item's own date (日期, the
    date it was put forward): an item dated before ``day`` and submitted is
    at least submitted then, even if its submission was recorded later. An
    item with no steps (recorded before steps were kept) is in its current
    state. A reply and an approval are dated by their own dates (答复日期,
    立项日期, :data:`DATED_STATES`), an opinion report is adopted by its
    adoptions' own dates (采用日期):
    adopted then if one is dated on or before ``day``, still reported if its
    adoptions all came later.
    """
    latest = (
        _steps(model)
        .filter(at__lt=_end_of(day))
        .exclude(action="create")
        .order_by("-at", "-id")
        .values("to_state")[:1]
    )
    submitted = (
        _steps(model).filter(action="submit").order_by("at", "id").values("to_state")
    )[:1]
    by_steps = Coalesce(
        Subquery(latest, output_field=CharField()),
        Subquery(submitted, output_field=CharField()),
        F("state"),
    )
    if model in DATED_STATES:
        field, before, target, reached = DATED_STATES[model]
        return Case(
            When(
                Q(**{f"{field}__lte": day})
                & Exact(by_steps, Value(before))
                & Q(state__in=reached),
                then=Value(target),
            ),
            When(
                Q(**{f"{field}__gt": day}) & Exact(by_steps, Value(target)),
                then=Value(before),
            ),
            default=by_steps,
            output_field=CharField(),
        )
    if model is not OpinionReport:
        return by_steps
    adoptions = Adoption.objects.filter(report_id=OuterRef("pk"))
    return Case(
        When(Exists(adoptions.filter(adopted_on__lte=day)), then=Value("adopted")),
        When(
            Exists(adoptions) & Exact(by_steps, Value("adopted")),
            then=Value("reported"),
        ),
        default=by_steps,
        output_field=CharField(),
    )


def reached_q(model, state: str, day: dt.date) -> Q:
    """Items of ``model`` that reached ``state`` by a step dated on or before ``day``
    (whatever happened to them later), or by a fact dated then (a reply dated
    by ``day`` was filed by then, :data:`DATED_STATES`); an item with no
    steps, by its current state."""
    q = Q(Exists(_steps(model).filter(to_state=state, at__lt=_end_of(day)))) | (
        Q(state=state) & ~Q(Exists(_steps(model)))
    )
    if model in DATED_STATES:
        field, before, target, reached = DATED_STATES[model]
        if state in (before, target):
            q |= Q(**{f"{field}__lte": day}) & Q(state__in=reached)
    return q


def period_items(model, paths, start: dt.date | None, end: dt.date | None) -> QuerySet:
    """Items of the subtrees at ``paths`` put forward in the period.

    An item belongs to the period its own date (日期) falls in and counts
    once it was submitted by the period's end (drafts left out). Each is
    annotated with ``state_then``, its state at the period's end
    (:func:`state_on`; the end is today for an open period), which the
    breakdowns by state count.
    """
    where = paths_q(paths)
    if start:
        where &= Q(date__gte=start)
    if end:
        where &= Q(date__lte=end)
    day = min(end, timezone.localdate()) if end else timezone.localdate()
    return (
        model.objects.filter(where)
        .annotate(state_then=state_on(model, day))
        .exclude(state_then=DRAFT)
    )


def state_counts_built(
    model,
    paths,
    start: dt.date | None,
    end: dt.date | None,
    fields: tuple[str, ...] = (),
    filed: str | None = None,
) -> list[dict]:
    """:func:`state_counts` through the ORM, each time: the definition it keeps."""
    qs = period_items(model, paths, start, end).order_by()
    extra = {}
    if filed:
        day = end or timezone.localdate()
        extra["filed"] = Count("id", filter=reached_q(model, filed, day))
    rows = qs.values("state_then", *fields).annotate(n=Count("id"), **extra)
    return [dict(r) for r in rows]


def state_counts(
    model,
    paths,
    start: dt.date | None,
    end: dt.date | None,
    fields: tuple[str, ...] = (),
    filed: str | None = None,
) -> list[dict]:
    """The items of :func:`period_items` counted by their state at the period's
    end and ``fields``: rows of ``state_then``, each field, ``n`` and, with
    ``filed`` (a state), ``filed``: how many of them reached it by the end
    (:func:`reached_q`).

    The same rows as :func:`state_counts_built`. Building the state at the
    period's end (:func:`state_on`) through the ORM costs far more than
    running it, and its SQL holds no user or scope: the query of every item
    of the period with its state (and whether it reached ``filed``) is
    compiled once per model, fields, period and day and kept
    (:func:`_period_items_sql`); the scope narrows it by the items' ids, a
    plain ORM query of ``paths``.
    """
    paths = list(paths)
    if not paths:
        return []
    inner, params = _period_items_sql(model, start, end, fields, filed)
    conn = connections[DEFAULT_DB_ALIAS]
    qn = conn.ops.quote_name
    cols = ["state_then", *fields]
    group = ", ".join(f"t.{qn(c)}" for c in cols)
    sql = f"SELECT {group}, COUNT(*)"
    if filed:
        sql += f", SUM(t.{qn('filed')})"
    sql += f" FROM ({inner}) t"
    where = paths_q(paths)
    params = list(params)
    if where:
        ids, id_params = (
            model.objects.filter(where)
            .order_by()
            .values("pk")
            .query.get_compiler(using=DEFAULT_DB_ALIAS)
            .as_sql()
        )
        sql += f" WHERE t.{qn('id')} IN ({ids})"
        params += list(id_params)
    sql += f" GROUP BY {group}"
    with conn.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    names = [*cols, "n"] + (["filed"] if filed else [])
    return [dict(zip(names, row, strict=True)) for row in found]


#: Compiled period items with their state: (vendor, database, model, fields,
#: filed, start, end, today) -> SQL and parameters.
_PERIOD_ITEMS: dict[tuple, tuple[str, tuple]] = {}


def _period_items_sql(model, start, end, fields, filed) -> tuple[str, tuple]:
    """Every item of :func:`period_items` (all paths) as ``id``, ``state_then``,
    ``fields`` and, with ``filed``, ``filed`` (1 or 0), compiled once per key.

    The text depends only on the model, the fields, the dates (and today,
    which ends an open period), the database's kind and name.
    """
    conn = connections[DEFAULT_DB_ALIAS]
    key = (
        conn.vendor,
        conn.settings_dict["NAME"],
        model._meta.label_lower,
        tuple(fields),
        filed,
        start,
        end,
        timezone.localdate(),
    )
    found = _PERIOD_ITEMS.get(key)
    if found is None:
        qs = period_items(model, [""], start, end).order_by()
        extra = {}
        if filed:
            day = end or timezone.localdate()
            extra["filed"] = Case(
                When(reached_q(model, filed, day), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        qs = qs.values("id", "state_then", *fields, **extra)
        sql, params = qs.query.get_compiler(using=DEFAULT_DB_ALIAS).as_sql()
        found = (sql, tuple(params))
        if len(_PERIOD_ITEMS) >= _CONTRIBUTED_MAX:
            _PERIOD_ITEMS.clear()
        _PERIOD_ITEMS[key] = found
    return found


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

    def every(model) -> QuerySet:
        return period_items(model, paths, start, end)

    def shown(model) -> QuerySet:
        qs = every(model)
        return qs.filter(confidential=False) if hide_confidential else qs

    result: dict = {"kinds": {}, "states": {}}
    if hide_confidential:
        result["confidential"] = {
            kind: every(model).filter(confidential=True).count()
            for kind, model in KINDS.items()
        }
        result["confidential"]["adoptions"] = (
            period_adoptions(paths, start, end)
            .filter(report__confidential=True)
            .count()
        )
    names_by_kind = {}
    for kind, model in KINDS.items():
        result["kinds"][kind] = every(model).count()
        qs = shown(model)
        names = engine.state_names(model.WORKFLOW)
        names_by_kind[kind] = names
        result["states"][kind] = [
            {
                "state": r["state_then"],
                "name": names.get(r["state_then"], r["state_then"]),
                "count": r["n"],
            }
            for r in qs.values("state_then")
            .annotate(n=Count("id"))
            .order_by("state_then")
        ]
    proposals = shown(Proposal)
    result["proposals_filed"] = proposals.filter(
        reached_q(Proposal, "filed", end or timezone.localdate())
    ).count()
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
    research = shown(ResearchTopic)
    result["research_by_body"] = [
        {
            "body": r["target_body"],
            "submitted": r["n"],
            "approved": r["approved"],
        }
        for r in research.values("target_body")
        .annotate(
            n=Count("id"),
            approved=Count("id", filter=Q(state_then__in=RESEARCH_APPROVED)),
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
                shown(model)
                .filter(tree.subtree_q(root_path))
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
