"""Reads of the photo archive."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    Count,
    Q,
    QuerySet,
)

from tongxin.activities.models import (
    Event,
    Photo,
)
from tongxin.activities.policies import policy

# --- photos -------------------------------------------------------------------------


def photo_queryset(*, user) -> QuerySet:
    return policy.visible(user, Photo.objects.all(), "view_photos")


def photo_list(
    *,
    user,
    decade: int | None = None,
    year: int | None = None,
    event: Event | None = None,
    q: str | None = None,
) -> QuerySet:
    """Return the photos the user may see, newest first, by decade or year."""
    qs = photo_queryset(user=user)
    if year:
        qs = qs.filter(year=year)
    elif decade is not None:
        qs = qs.filter(year__gte=decade, year__lt=decade + 10)
    if event is not None:
        qs = qs.filter(event=event)
    if q:
        q = q.strip()
        qs = qs.filter(
            Q(caption__icontains=q) | Q(people_text__icontains=q) | Q(people__name=q)
        ).distinct()
    return qs.select_related("event", "organization").order_by(
        "-year", "-taken_on", "-id"
    )


@dataclass
class Decade:
    decade: int
    count: int
    years: list[tuple[int, int]]


def photo_index(*, user) -> list[Decade]:
    """Return the decades and years that have photos, newest first, with counts."""
    decades: dict[int, Decade] = {}
    for year, n in (
        photo_queryset(user=user)
        .order_by()
        .values("year")
        .annotate(n=Count("id"))
        .values_list("year", "n")
    ):
        d = decades.setdefault(year // 10 * 10, Decade(year // 10 * 10, 0, []))
        d.count += n
        d.years.append((year, n))
    for d in decades.values():
        d.years.sort(reverse=True)
    return [decades[k] for k in sorted(decades, reverse=True)]


def photo_get(*, user, pk: int) -> Photo:
    return (
        photo_queryset(user=user)
        .select_related("event", "organization", "uploaded_by")
        .prefetch_related("people", "organizations")
        .get(pk=pk)
    )
