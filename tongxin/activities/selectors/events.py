"""Reads of events, sign-ups, attendance and series, scoped to the user."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import (
    Count,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from tongxin.activities.models import (
    Attendance,
    Event,
    EventAttachment,
    Series,
    Signup,
)
from tongxin.activities.policies import policy
from tongxin.activities.selectors.common import Streak, streak_of
from tongxin.core import tree
from tongxin.members.models import Member
from tongxin.members.policies import policy as member_policy
from tongxin.orgs.models import Organization

# --- events -------------------------------------------------------------------------


@dataclass
class EventFilters:
    """What an event list is filtered by; all optional."""

    year: int | None = None
    kind: str | None = None
    series: Series | None = None
    org: Organization | None = None
    q: str | None = None
    when: str = "all"  # "upcoming", "past" or "all"
    include_cancelled: bool = True


def _count_of(model, *, status: str | None = None) -> Coalesce:
    rows = model.objects.filter(event=OuterRef("pk"))
    if status is not None:
        rows = rows.filter(status=status)
    counted = rows.order_by().values("event").annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_counts(qs: QuerySet) -> QuerySet:
    """Annotate events with confirmed, waiting and attended counts (no N+1)."""
    return qs.annotate(
        confirmed_count=_count_of(Signup, status=Signup.Status.CONFIRMED),
        waiting_count=_count_of(Signup, status=Signup.Status.WAITING),
        attended_count=_count_of(Attendance),
    )


def event_queryset(*, user, action: str = "view") -> QuerySet:
    """Return every event the user may see (or act on)."""
    return policy.visible(user, Event.objects.all(), action)


def event_list(*, user, filters: EventFilters | None = None) -> QuerySet:
    """Return the events the user may see, filtered, newest first, with counts."""
    f = filters or EventFilters()
    qs = event_queryset(user=user)
    if f.org is not None:
        qs = qs.filter(tree.subtree_q(f.org.path, "path"))
    if f.year:
        start = timezone.make_aware(dt.datetime(f.year, 1, 1))
        qs = qs.filter(start_at__gte=start, start_at__lt=start.replace(year=f.year + 1))
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.series is not None:
        qs = qs.filter(series=f.series)
    if f.q:
        qs = qs.filter(
            Q(title__icontains=f.q.strip()) | Q(place__icontains=f.q.strip())
        )
    now = timezone.now()
    if f.when == "upcoming":
        qs = qs.filter(end_at__gte=now)
    elif f.when == "past":
        qs = qs.filter(end_at__lt=now)
    if not f.include_cancelled:
        qs = qs.filter(status=Event.Status.ACTIVE)
    qs = qs.select_related("organization", "series")
    if f.when == "upcoming":
        return with_counts(qs).order_by("start_at", "id")
    return with_counts(qs).order_by("-start_at", "-id")


def event_get(*, user, pk: int, action: str = "view") -> Event:
    """Return one event the user may see (with counts), or raise ``DoesNotExist``."""
    return (
        with_counts(event_queryset(user=user, action=action))
        .select_related("organization", "series")
        .prefetch_related("co_organizers", "departments")
        .get(pk=pk)
    )


def event_attachments(*, event: Event) -> QuerySet:
    return EventAttachment.objects.filter(event=event).order_by("id")


def attachment_get(*, user, event: Event, pk: int) -> EventAttachment:
    """Return an attachment of an event the user may see."""
    if not policy.can(user, "view", event):
        raise EventAttachment.DoesNotExist
    return EventAttachment.objects.get(event=event, pk=pk)


def own_signup(*, user, event: Event) -> Signup | None:
    """Return the user's own sign-up for ``event``, if any."""
    member_id = getattr(user, "member_id", None)
    if not member_id:
        return None
    return Signup.objects.filter(event=event, member_id=member_id).first()


def own_attendance(*, user, event: Event) -> Attendance | None:
    member_id = getattr(user, "member_id", None)
    if not member_id:
        return None
    return Attendance.objects.filter(event=event, member_id=member_id).first()


def signup_list(
    *, user, event: Event, statuses: Iterable[str] | None = None
) -> QuerySet:
    """Return the event's sign-ups in queue order, if the user may see the list."""
    if not policy.can(user, "view_attendance", event):
        return Signup.objects.none()
    qs = Signup.objects.filter(event=event)
    if statuses is not None:
        qs = qs.filter(status__in=list(statuses))
    return qs.select_related("member__organization").order_by("queued_at", "id")


def signup_get(*, user, event: Event, pk: int) -> Signup:
    """Return a sign-up the user may cancel or see: their own, or one they manage."""
    signup = Signup.objects.select_related("member", "event").get(event=event, pk=pk)
    if policy.can_cancel_signup(user, signup) or policy.can(
        user, "view_attendance", event
    ):
        return signup
    raise Signup.DoesNotExist


@dataclass
class SheetRow:
    """One line of an attendance sheet: a member, their sign-up and attendance."""

    member: Member
    signup: Signup | None = None
    attendance: Attendance | None = None

    @property
    def walk_in(self) -> bool:
        return self.attendance is not None and self.attendance.walk_in


def attendance_sheet(*, user, event: Event) -> list[SheetRow]:
    """Return the sign-up list with attendance, then the walk-ins.

    Order: confirmed, waiting, cancelled sign-ups (each by surname strokes),
    then walk-ins by surname strokes.
    """
    if not policy.can(user, "view_attendance", event):
        return []
    rows: dict[int, SheetRow] = {}
    for signup in Signup.objects.filter(event=event).select_related(
        "member__organization"
    ):
        rows[signup.member_id] = SheetRow(member=signup.member, signup=signup)
    for attendance in Attendance.objects.filter(event=event).select_related(
        "member__organization", "recorded_by"
    ):
        row = rows.setdefault(attendance.member_id, SheetRow(member=attendance.member))
        row.attendance = attendance
    rank = {
        Signup.Status.CONFIRMED: 0,
        Signup.Status.WAITING: 1,
        Signup.Status.CANCELLED: 3,
    }

    def key(row: SheetRow):
        group = rank[row.signup.status] if row.signup else 2
        if row.signup and row.signup.status == Signup.Status.WAITING:
            return (group, row.signup.queued_at.isoformat(), row.member.stroke_key)
        return (group, "", row.member.stroke_key, row.member.pk)

    return sorted(rows.values(), key=key)


def attendance_list(*, user, event: Event) -> QuerySet:
    if not policy.can(user, "view_attendance", event):
        return Attendance.objects.none()
    return Attendance.objects.filter(event=event).select_related("member__organization")


def attended_member(*, user, event: Event, member_pk: int) -> Member | None:
    """Return a member recorded at ``event``, if the user may see its attendance."""
    if not policy.can(user, "view_attendance", event):
        return None
    attendance = (
        Attendance.objects.filter(event=event, member_id=member_pk)
        .select_related("member")
        .first()
    )
    return attendance.member if attendance else None


def my_signups(*, user, upcoming: bool = True) -> QuerySet:
    """Return the user's own sign-ups (not cancelled), soonest first."""
    member_id = getattr(user, "member_id", None)
    if not member_id:
        return Signup.objects.none()
    qs = Signup.objects.filter(member_id=member_id).exclude(
        status=Signup.Status.CANCELLED
    )
    if upcoming:
        qs = qs.filter(event__end_at__gte=timezone.now())
    return qs.select_related("event__organization").order_by("event__start_at")


def waiting_position(*, signup: Signup) -> int | None:
    """Return a waiting sign-up's place in its event's queue (1 = next), else None.

    The queue is the one :func:`~tongxin.activities.services.events._promote`
    serves: first come (``queued_at``), then first recorded (``id``).
    """
    if signup.status != Signup.Status.WAITING:
        return None
    return Signup.objects.filter(
        Q(queued_at__lt=signup.queued_at)
        | Q(queued_at=signup.queued_at, id__lte=signup.pk),
        event_id=signup.event_id,
        status=Signup.Status.WAITING,
    ).count()


@dataclass
class UpcomingEvent:
    """An event open to a member, with their own sign-up and queue place."""

    event: Event
    signup: Signup | None = None
    position: int | None = None

    @property
    def signed_up(self) -> bool:
        return self.signup is not None and self.signup.status != Signup.Status.CANCELLED

    @property
    def can_sign_up(self) -> bool:
        """Open for sign-up now (the service checks again when asked)."""
        event = self.event
        return (
            not self.signed_up
            and event.allows_signup
            and not event.is_cancelled
            and timezone.now() <= event.signup_closes_at
        )

    @property
    def can_cancel(self) -> bool:
        return self.signed_up and timezone.now() < self.event.start_at


def upcoming_for_member(*, user, limit: int = 8) -> list[UpcomingEvent]:
    """Return the next events open to the user's own member record, soonest first.

    Open means organized by the member's organization or one above it (a
    branch's events and the committee's); each comes with the member's
    sign-up, if any, and their place on the waiting list.
    """
    member = getattr(user, "member", None) if getattr(user, "member_id", None) else None
    if member is None or not member.is_active:
        return []
    paths = tree.ancestor_paths(member.org_path)
    events = list(
        with_counts(
            event_queryset(user=user).filter(
                path__in=paths, status=Event.Status.ACTIVE, end_at__gte=timezone.now()
            )
        )
        .select_related("organization")
        .order_by("start_at", "id")[:limit]
    )
    signups = {
        s.event_id: s
        for s in Signup.objects.filter(member=member, event__in=[e.pk for e in events])
    }
    rows = []
    for event in events:
        signup = signups.get(event.pk)
        position = waiting_position(signup=signup) if signup is not None else None
        rows.append(UpcomingEvent(event=event, signup=signup, position=position))
    return rows


def events_attended(*, member: Member, user) -> QuerySet:
    """Return the attendance of ``member``, latest first, if the user may see them."""
    if not member_policy.can(user, "view", member):
        return Attendance.objects.none()
    return (
        Attendance.objects.filter(member=member)
        .select_related("event__organization", "event__series", "recorded_by")
        .order_by("-attended_on", "-id")
    )


def attendance_by_year(
    *, user, org: Organization | None = None, by: str = "member"
) -> list[tuple[int, int]]:
    """Return ``(year, attendances)`` for the user's scope, oldest first.

    ``by="member"`` counts attendance of members of the subtree (their
    organization at the time); ``by="organizer"`` counts attendance at events
    organized in the subtree.  ``org`` narrows to one subtree within the scope.
    """
    column = "org_path" if by == "member" else "event_path"
    scopes = policy.scopes(user, "view_stats")
    qs = Attendance.objects.all()
    if org is not None and policy.can_in(user, "view_stats", [org.path]):
        qs = qs.filter(tree.subtree_q(org.path, column))
    elif scopes == [""]:
        pass
    elif scopes:
        qs = qs.filter(tree.subtrees_q(scopes, column))
        if org is not None:
            qs = qs.filter(tree.subtree_q(org.path, column))
    else:
        return []
    # Grouped by day, which the date-first index delivers in order (no sort on
    # SQLite, where grouping by an expression of the date sorts every row);
    # the days are then summed into years here.
    per_day = (
        qs.order_by()
        .values("attended_on")
        .annotate(n=Count("*"))
        .values_list("attended_on", "n")
    )
    years: dict[int, int] = defaultdict(int)
    for day, n in per_day:
        years[day.year] += n
    return sorted(years.items())


# --- series -------------------------------------------------------------------------


def series_list(*, user) -> QuerySet:
    """Return the series the user may see, with their number of editions."""
    visible_events = event_queryset(user=user).filter(series=OuterRef("pk"))
    editions = (
        visible_events.order_by().values("series").annotate(n=Count("id")).values("n")
    )
    return (
        policy.visible(user, Series.objects.all())
        .select_related("organization")
        .annotate(
            edition_count=Coalesce(Subquery(editions, output_field=IntegerField()), 0)
        )
        .order_by("name")
    )


def series_get(*, user, pk: int) -> Series:
    return (
        policy.visible(user, Series.objects.all())
        .select_related("organization")
        .get(pk=pk)
    )


def series_next_edition(*, user, series: Series) -> dict:
    """What a new edition of ``series`` starts from: its type, the next
    edition number, a title numbered after the last one, and the organizer,
    place, departments and sign-up settings of the last edition.

    The number follows the highest edition recorded (or the count of the
    series' events when none is numbered); a title that read "第23届…"
    becomes "第24届…", otherwise it is "第N届" and the series' name.
    """
    events = Event.objects.filter(series=series)
    last = (
        event_queryset(user=user)
        .filter(series=series)
        .prefetch_related("departments")
        .order_by("-start_at", "-id")
        .first()
    )
    top = events.aggregate(top=Max("edition"))["top"]
    number = (top or events.count()) + 1
    title = ""
    if last is not None and last.edition:
        old = f"第{last.edition}届"
        if old in last.title:
            title = last.title.replace(old, f"第{number}届", 1)
    initial = {
        "series": series.pk,
        "kind": series.kind or (last.kind if last else ""),
        "edition": number,
        "title": title or f"第{number}届{series.name}",
        "organization": series.organization_id,
        "allows_signup": True,
    }
    if last is not None:
        initial.update(
            place=last.place,
            capacity=last.capacity,
            allows_signup=last.allows_signup,
            departments=list(last.departments.all()),
        )
    return initial


@dataclass
class Edition:
    event: Event
    year: int
    signups: int
    participants: int


def series_editions(*, user, series: Series) -> list[Edition]:
    """Return the series' editions the user may see, oldest first, with counts."""
    events = with_counts(event_queryset(user=user).filter(series=series)).order_by(
        "start_at", "id"
    )
    return [
        Edition(
            event=e,
            year=timezone.localtime(e.start_at).year,
            signups=e.confirmed_count,
            participants=e.attended_count,
        )
        for e in events
    ]


def series_streak(*, editions: list[Edition]) -> Streak:
    """Return the years running that the series had participants."""
    return streak_of(e.year for e in editions if e.participants > 0)


def member_series_streak(*, series: Series, member: Member) -> Streak:
    """Return the consecutive years ``member`` took part in ``series``."""
    years = Attendance.objects.filter(member=member, event__series=series).values_list(
        "attended_on", flat=True
    )
    return streak_of(d.year for d in years)


def series_loyal_members(
    *, user, series: Series, limit: int = 20
) -> list[tuple[Member, Streak]]:
    """Return the members (visible to the user) with the longest streaks of years."""
    visible = member_policy.visible(user, Member.objects.all())
    years: dict[int, set[int]] = defaultdict(set)
    for member_id, on in Attendance.objects.filter(
        event__series=series, member__in=visible.values("pk")
    ).values_list("member_id", "attended_on"):
        years[member_id].add(on.year)
    streaks = {pk: streak_of(ys) for pk, ys in years.items()}
    best = sorted(
        streaks.items(),
        key=lambda kv: (
            -kv[1].longest,
            -kv[1].current,
            -(kv[1].last_year or 0),
            -kv[1].total,
            kv[0],
        ),
    )[:limit]
    members = Member.objects.select_related("organization").in_bulk(
        [pk for pk, _s in best]
    )
    return [(members[pk], streak) for pk, streak in best]
