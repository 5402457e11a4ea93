"""Every read of organizations, scoped to the acting user."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from tongxin.core import tree
from tongxin.core.history import history_entries
from tongxin.core.memberport import registry
from tongxin.core.pickers import PICK_LIMIT
from tongxin.orgs.models import Department, Organization, Post
from tongxin.orgs.policies import policy

# --- existence on a day: the one definition every figure uses -------------------------
#
# An organization exists on day D when it was founded on or before D (or has
# no founding date) and is not closed by D: an organization closed on D no
# longer exists on D, as a member whose membership ends on D is no longer a
# member on D. A period's 基本情况 counts the organizations existing on its
# last day; every other figure that divides by "the base organizations" of a
# period (inspection coverage, regulations, the appraisal) reads this
# definition, so a period ending on a closure day gives one count everywhere.


def existing_q(day: dt.date, prefix: str = "") -> Q:
    """Organizations (through ``prefix``, e.g. ``"organization__"``) existing on ``day``."""
    return (
        Q(**{f"{prefix}founded_on__isnull": True})
        | Q(**{f"{prefix}founded_on__lte": day})
    ) & (
        Q(**{f"{prefix}closed_on__isnull": True}) | Q(**{f"{prefix}closed_on__gt": day})
    )


def existing_during_q(start: dt.date, end: dt.date, prefix: str = "") -> Q:
    """Organizations existing on at least one day from ``start`` to ``end``."""
    return (
        Q(**{f"{prefix}founded_on__isnull": True})
        | Q(**{f"{prefix}founded_on__lte": end})
    ) & (
        Q(**{f"{prefix}closed_on__isnull": True})
        | Q(**{f"{prefix}closed_on__gt": start})
    )


def exists_on(org: Organization, day: dt.date) -> bool:
    """:func:`existing_q` for one organization already read."""
    return (org.founded_on is None or org.founded_on <= day) and (
        org.closed_on is None or org.closed_on > day
    )


def org_list(*, user, include_closed: bool = False, action: str = "view") -> QuerySet:
    """Return the organizations the user may see, in tree order."""
    qs = policy.visible(user, Organization.objects.all(), action)
    if not include_closed:
        qs = qs.filter(closed_on__isnull=True)
    return qs.order_by("path")


#: How many organizations a filter's drop-down lists at most (about).
FILTER_CHOICES_LIMIT = 300


#: What a drop-down shows of an organization (the rest is not loaded).
CHOICE_FIELDS = ("id", "code", "name", "depth", "path", "closed_on")


@dataclass
class FilterChoices:
    """Organizations for a filter's drop-down, and whether some were left out."""

    orgs: list[Organization]
    truncated: bool = False
    depth: int | None = None  # the deepest level listed, when truncated


def org_filter_choices(
    qs: QuerySet, *, selected=(), limit: int | None = None
) -> FilterChoices:
    """Trim a scoped organization queryset to what a drop-down can hold.

    A city committee's hundred organizations are all listed. A national
    association has ten thousand: a page listing them all weighs megabytes and
    takes seconds to render, so beyond ``limit`` only the upper levels that fit
    are listed, plus each ``selected`` organization and its ancestors; deeper
    organizations are reached from the organization tree.
    """
    limit = FILTER_CHOICES_LIMIT if limit is None else limit
    qs = qs.only(*CHOICE_FIELDS)
    levels = sorted(qs.order_by().values_list("depth").annotate(n=Count("pk")))
    if sum(n for _level, n in levels) <= limit:
        return FilterChoices(list(qs.order_by("path")))
    total, depth = 0, None
    for level, n in levels:
        if depth is not None and total + n > limit:
            break
        total, depth = total + n, level
    wanted = Q(depth__lte=depth)
    prefixes = {
        o.path[:end]
        for o in selected
        if o is not None
        for end in range(tree.SEGMENT, len(o.path) + 1, tree.SEGMENT)
    }
    if prefixes:
        wanted |= Q(path__in=prefixes)
    return FilterChoices(list(qs.filter(wanted).order_by("path")), True, depth)


def org_pick(
    *, user, text: str, limit: int = PICK_LIMIT, on: dt.date | None = None
) -> list[Organization]:
    """Organizations the user may see whose name, short name or code has ``text``.

    Open ones; with ``on``, those existing on that day (closed since included).
    """
    text = text.strip()
    if not text:
        return []
    orgs = (
        org_list(user=user, include_closed=True).filter(existing_q(on))
        if on is not None
        else org_list(user=user)
    )
    return list(
        orgs.filter(
            Q(name__contains=text) | Q(short_name__contains=text) | Q(code__iexact=text)
        ).order_by("path")[:limit]
    )


def org_get(*, user, pk: int, action: str = "view") -> Organization:
    """Return one organization the user may see, or raise ``DoesNotExist``."""
    return policy.visible(user, Organization.objects.all(), action).get(pk=pk)


def org_get_by_code(*, user, code: str) -> Organization:
    return policy.visible(user, Organization.objects.all()).get(code=code)


def org_ancestors(*, org: Organization) -> list[Organization]:
    """Return the chain of ancestors of ``org``, root first."""
    prefixes = [org.path[:i] for i in range(tree.SEGMENT, len(org.path), tree.SEGMENT)]
    return list(Organization.objects.filter(path__in=prefixes).order_by("path"))


@dataclass
class TreeNode:
    org: Organization
    direct: int = 0
    total: int = 0
    children: list[TreeNode] = field(default_factory=list)
    counted: bool = True  # False: the user may not read this node's member counts


def org_tree(
    *,
    user,
    on: dt.date | None = None,
    include_closed: bool = False,
    root: Organization | None = None,
) -> list[TreeNode]:
    """Return the visible tree with member counts per node (own and subtree).

    Without ``on`` the counts are of active members now; with a date they are
    of members whose membership period covers that date.  With ``root`` only
    that subtree is read.
    """
    orgs = org_list(user=user, include_closed=include_closed)
    if root is not None:
        orgs = orgs.filter(tree.subtree_q(root.path))
    orgs = list(orgs)
    if on is None:
        rows = registry().active().values("org_path").annotate(n=Count("id"))
    else:
        rows = registry().memberships_on(on).values("org_path").annotate(n=Count("id"))
        orgs = [o for o in orgs if exists_on(o, on)]
    if root is not None:
        rows = rows.filter(tree.subtree_q(root.path, "org_path"))
    # Member counts are business data: only where the user reads it.
    counting = policy.scopes(user, "view_business")
    rows = rows.filter(policy.scope_q(user, "view_business", "org_path"))
    direct = {r["org_path"]: r["n"] for r in rows}
    nodes = {
        o.path: TreeNode(
            org=o,
            direct=direct.get(o.path, 0),
            counted=any(tree.is_within(o.path, p) for p in counting),
        )
        for o in orgs
    }
    totals: dict[str, int] = defaultdict(int)
    for path, n in direct.items():
        for i in range(tree.SEGMENT, len(path) + 1, tree.SEGMENT):
            totals[path[:i]] += n
    roots = []
    for path, node in nodes.items():
        node.total = totals.get(path, 0)
        parent_path = path[: -tree.SEGMENT]
        if parent_path in nodes:
            nodes[parent_path].children.append(node)
        else:
            roots.append(node)
    return roots


def subtree_member_count(*, org: Organization, user=None) -> int:
    """Return the number of active members in ``org``'s subtree."""
    qs = registry().active().filter(tree.subtree_q(org.path, "org_path"))
    if user is not None:
        qs = registry().visible(user, qs)
    return qs.count()


def department_list(*, user, organization: Organization | None = None) -> QuerySet:
    qs = Department.objects.filter(
        organization__in=org_list(user=user), closed_on__isnull=True
    )
    if organization is not None:
        qs = qs.filter(organization=organization)
    return qs.select_related("organization")


def post_list(
    *, user, organization: Organization | None = None, current: bool = True
) -> QuerySet:
    """Return leadership posts in organizations whose business the user reads, by rank."""
    qs = Post.objects.filter(
        organization__in=org_list(user=user, action="view_business")
    ).select_related("member", "organization")
    if organization is not None:
        qs = qs.filter(organization=organization)
    if current:
        qs = qs.filter(end_on__isnull=True)
    return sorted(
        qs, key=lambda p: (p.organization.path, Post.RANK.get(p.title, 99), p.start_on)
    )


def org_history(*, org: Organization) -> list[dict]:
    """Return the organization's changes, newest first, field by field.

    The caller must already have been allowed to see ``org``.
    """
    records = list(
        org.history.select_related("history_user").order_by(
            "-history_date", "-history_id"
        )
    )
    parent_ids = {r.parent_id for r in records if r.parent_id}
    parents = {
        o.pk: o.name
        for o in Organization.objects.filter(pk__in=parent_ids).only("name")
    }

    def display(field, value) -> str:
        if value in (None, ""):
            return ""
        if field.name == "parent":
            return parents.get(value, str(value))
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        return str(value)

    return history_entries(
        records, model=Organization, display=display, skip=("path", "depth")
    )


def post_get(*, user, pk: int, organization: Organization | None = None) -> Post:
    """Return one post in a visible organization, or raise ``Post.DoesNotExist``."""
    qs = Post.objects.filter(
        organization__in=org_list(
            user=user, include_closed=True, action="view_business"
        )
    )
    if organization is not None:
        qs = qs.filter(organization=organization)
    return qs.select_related("member", "organization").get(pk=pk)
