"""Every read of the talent pool, scoped to the user by the talent policy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from tongxin.members.models import Member
from tongxin.talent.models import (
    TIER_ORDER,
    Placement,
    Recommendation,
    ReserveEntry,
    Review,
    Step,
    Training,
)
from tongxin.talent.policies import policy


def _on(qs: QuerySet, on: dt.date, start: str = "start_on") -> QuerySet:
    return qs.filter(**{f"{start}__lte": on}).filter(
        Q(end_on__isnull=True) | Q(end_on__gte=on)
    )


def placements(*, user, on: dt.date | None = None) -> QuerySet:
    """Return the placements the user may see, those in force on ``on`` if given."""
    qs = policy.visible(user, Placement.objects.all())
    if on is not None:
        qs = _on(qs, on)
    return qs


def person_list(
    *, user, on: dt.date, tier: str = "", organization_id: int | None = None
) -> QuerySet:
    """Return the placements in force on ``on``, with the person, by tier and name."""
    qs = placements(user=user, on=on).select_related("member__organization")
    if tier:
        qs = qs.filter(tier=tier)
    if organization_id:
        qs = qs.filter(member__organization_id=organization_id)
    rank = Case(
        *[When(tier=t.value, then=Value(i)) for i, t in enumerate(TIER_ORDER)],
        output_field=IntegerField(),
    )
    return qs.annotate(tier_rank=rank).order_by(
        "tier_rank", "member__stroke_key", "member_id"
    )


def reserve_list(*, user, on: dt.date) -> QuerySet:
    """Return the reserve roster in force on ``on`` (entries listed then, not removed)."""
    qs = policy.visible(user, ReserveEntry.objects.all())
    return (
        _on(qs, on)
        .select_related("member", "organization")
        .order_by("organization__path", "post", "member__stroke_key", "id")
    )


@dataclass(frozen=True)
class Counts:
    on: dt.date
    tiers: list[tuple[str, str, int]]  # (tier, label, count), highest first
    total: int
    reserve: int
    organizations: list[tuple[str, int]]  # (organization name, people in the pool)

    @property
    def summary(self) -> str:
        from django.utils.translation import gettext as _

        return _(
            "代表人物 %(total)d 人，分 %(tiers)d 个类别；后备干部名册 %(reserve)d 人"
        ) % {
            "total": self.total,
            "tiers": len([t for t in self.tiers if t[2]]),
            "reserve": self.reserve,
        }


def counts(*, user, on: dt.date) -> Counts:
    """Return people per tier, the pool's size and the roster's size on ``on``."""
    in_force = placements(user=user, on=on)
    by_tier = {
        r["tier"]: r["n"]
        for r in in_force.order_by().values("tier").annotate(n=Count("id"))
    }
    tiers = [(t.value, str(t.label), by_tier.get(t.value, 0)) for t in TIER_ORDER]
    per_org = (
        in_force.values("member__organization__name", "member__organization__path")
        .annotate(n=Count("id"))
        .order_by("member__organization__path")
    )
    return Counts(
        on=on,
        tiers=tiers,
        total=sum(n for _t, _l, n in tiers),
        reserve=reserve_list(user=user, on=on).count(),
        organizations=[(r["member__organization__name"], r["n"]) for r in per_org],
    )


def person_get(*, user, pk: int) -> Member:
    """Return a member whose talent file the user may see (``DoesNotExist`` otherwise)."""
    member = Member.objects.select_related("organization").get(pk=pk)
    if not policy.can(user, "view", member):
        raise Member.DoesNotExist
    return member


@dataclass(frozen=True)
class PersonFile:
    member: Member
    placements: list
    steps: list
    trainings: list
    recommendations: list
    reviews: list
    reserve: list


def person_file(*, user, member: Member) -> PersonFile:
    """Return everything the pool holds on one person the user may see."""

    def rows(model, *order):
        return list(
            policy.visible(user, model.objects.filter(member=member)).order_by(*order)
        )

    return PersonFile(
        member=member,
        placements=rows(Placement, "start_on", "id"),
        steps=rows(Step, "on", "id"),
        trainings=rows(Training, "start_on", "id"),
        recommendations=rows(Recommendation, "recommended_on", "id"),
        reviews=rows(Review, "year", "id"),
        reserve=list(
            policy.visible(user, ReserveEntry.objects.filter(member=member))
            .select_related("organization")
            .order_by("start_on", "id")
        ),
    )


def recommendation_get(*, user, pk: int) -> Recommendation:
    return policy.visible(user, Recommendation.objects.all()).get(pk=pk)


def reserve_get(*, user, pk: int) -> ReserveEntry:
    return policy.visible(user, ReserveEntry.objects.all()).get(pk=pk)
