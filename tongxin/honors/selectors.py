"""Every read of the honors registry, scoped to the acting user."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from tongxin.core import tree
from tongxin.honors.models import Category, Honor, HonorFile, HonorRecipient, Level
from tongxin.honors.policies import policy
from tongxin.members.models import Member
from tongxin.members.policies import policy as member_policy
from tongxin.orgs.models import Organization


@dataclass
class HonorFilters:
    level: str | None = None
    category: str | None = None
    year: int | None = None
    org: Organization | None = None
    q: str | None = None


def honor_queryset(*, user, action: str = "view") -> QuerySet:
    return policy.visible(user, Honor.objects.all(), action)


def honor_list(*, user, filters: HonorFilters | None = None) -> QuerySet:
    """Return the honors the user may see, newest first, with recipient counts."""
    f = filters or HonorFilters()
    qs = honor_queryset(user=user)
    if f.level:
        qs = qs.filter(level=f.level)
    if f.category:
        qs = qs.filter(category=f.category)
    if f.year:
        qs = qs.filter(year=f.year)
    if f.org is not None:
        given = HonorRecipient.objects.filter(
            tree.subtree_q(f.org.path, "org_path")
        ).values("honor_id")
        qs = qs.filter(Q(pk__in=given))
    if f.q:
        qs = qs.filter(Q(title__contains=f.q.strip()) | Q(awarding_body__contains=f.q))
    return (
        qs.select_related("organization")
        .annotate(
            member_count=Count(
                "recipients", filter=Q(recipients__member__isnull=False)
            ),
            org_count=Count(
                "recipients", filter=Q(recipients__organization__isnull=False)
            ),
        )
        .order_by("-year", "-awarded_on", "-id")
    )


def honor_get(*, user, pk: int, action: str = "view") -> Honor:
    """Return one honor the user may see (or act on), or raise ``DoesNotExist``."""
    return (
        honor_queryset(user=user, action=action)
        .select_related("organization")
        .get(pk=pk)
    )


def _recipients_visible_q(user) -> Q:
    """Recipients within the user's reach: an honor seen because one of its
    recipients is in the user's subtree does not show the others."""
    return policy.scope_q(user, "view", "org_path")


def honor_recipients(*, honor: Honor, user=None) -> QuerySet:
    """The honor's recipients, those within ``user``'s reach if given."""
    qs = honor.recipients.all()
    if user is not None:
        qs = qs.filter(_recipients_visible_q(user))
    return qs.select_related("member", "organization").order_by(
        "organization_id", "member__stroke_key", "id"
    )


def hidden_recipients(*, honor: Honor, user) -> int:
    """How many of the honor's recipients lie outside ``user``'s reach."""
    return honor.recipients.exclude(_recipients_visible_q(user)).count()


def honor_files(*, honor: Honor) -> QuerySet:
    return honor.files.all()


def honor_file_get(*, user, honor: Honor, pk: int) -> HonorFile:
    return honor_files(honor=honor).get(pk=pk)


def recipient_get(*, honor: Honor, pk: int) -> HonorRecipient:
    return honor.recipients.get(pk=pk)


@dataclass
class Counts:
    """Honors and recipients, by one key."""

    key: str
    label: str
    honors: int
    members: int
    organizations: int


def _recipients_in_scope(user, org: Organization | None) -> QuerySet:
    qs = HonorRecipient.objects.filter(
        _recipients_visible_q(user), honor__in=honor_queryset(user=user)
    )
    if org is not None:
        qs = qs.filter(tree.subtree_q(org.path, "org_path"))
    return qs


def honor_counts(
    *, user, by: str, org: Organization | None = None, year: int | None = None
) -> list[Counts]:
    """Count honors and their recipients by ``level``, ``category``, ``year`` or
    ``organization`` (the child organizations of ``org``, each with its subtree).

    With ``org`` only recipients within its subtree count.
    """
    recipients = _recipients_in_scope(user, org)
    if year:
        recipients = recipients.filter(honor__year=year)
    if by == "organization":
        return _counts_by_child(user, recipients, org)
    field = {"level": "honor__level", "category": "honor__category"}.get(
        by, "honor__year"
    )
    rows = (
        recipients.values(field)
        .annotate(
            honors=Count("honor", distinct=True),
            members=Count("id", filter=Q(member__isnull=False)),
            organizations=Count("id", filter=Q(organization__isnull=False)),
        )
        .order_by(field)
    )
    labels = dict(Level.choices) if by == "level" else dict(Category.choices)
    result = [
        Counts(
            key=str(r[field]),
            label=str(labels.get(r[field], r[field])),
            honors=r["honors"],
            members=r["members"],
            organizations=r["organizations"],
        )
        for r in rows
    ]
    if by == "level":
        order = list(Level.values)
        result.sort(key=lambda c: order.index(c.key))
    elif by == "year":
        result.sort(key=lambda c: c.key, reverse=True)
    return result


def _counts_by_child(user, recipients: QuerySet, org: Organization | None):
    from tongxin.orgs.selectors import org_list

    visible = org_list(user=user)
    if org is None:
        org = visible.first()
        if org is None:
            return []
    children = visible.filter(parent=org)
    result = []
    for child in children:
        part = recipients.filter(tree.subtree_q(child.path, "org_path")).aggregate(
            honors=Count("honor", distinct=True),
            members=Count("id", filter=Q(member__isnull=False)),
            organizations=Count("id", filter=Q(organization__isnull=False)),
        )
        if part["honors"]:
            result.append(
                Counts(
                    key=str(child.pk),
                    label=child.name,
                    honors=part["honors"],
                    members=part["members"],
                    organizations=part["organizations"],
                )
            )
    return result


def honor_years(*, user) -> list[int]:
    return sorted(
        set(honor_queryset(user=user).values_list("year", flat=True)), reverse=True
    )


def member_honors(*, user, member: Member) -> QuerySet:
    """Return the honors a member received, if the user may see the member."""
    if not member_policy.can(user, "view", member):
        return Honor.objects.none()
    return Honor.objects.filter(recipients__member=member).order_by("-year", "-id")


def org_honors(*, user, org: Organization) -> QuerySet:
    """Return the honors given to an organization itself that the user may see."""
    return (
        honor_queryset(user=user)
        .filter(recipients__organization=org)
        .order_by("-year", "-id")
    )


def org_member_honor_count(*, user, org: Organization) -> int:
    """Return how many honors members of the organization's subtree received."""
    return (
        _recipients_in_scope(user, org).filter(member__isnull=False).count()
        if policy.can(user, "view")
        else 0
    )


def recipients_in_period(*, path: str, start, end) -> QuerySet:
    """Return recipients within the subtree at ``path`` of honors dated in a
    period (by date, or by year when only the year is known).

    Not scoped to a user: callers (a campaign's goals) have checked access to
    the record the count belongs to, and the count reveals no names.
    """
    return recipients_in_subtrees(paths=[path], start=start, end=end)


def recipients_in_subtrees(*, paths, start, end) -> QuerySet:
    """:func:`recipients_in_period` for several subtrees (``[""]``: all).

    Not scoped to a user either: the statistics app checks the user's reach
    (:func:`tongxin.stats.scope.resolve_scope`) and passes its paths.
    """
    paths = list(paths)
    where = Q() if "" in paths else tree.subtrees_q(paths, "org_path")
    return HonorRecipient.objects.filter(where).filter(
        Q(honor__awarded_on__gte=start, honor__awarded_on__lte=end)
        | Q(
            honor__awarded_on__isnull=True,
            honor__year__gte=start.year,
            honor__year__lte=end.year,
        )
    )
