"""Every read of activities, social service, funds and photos, scoped to the user.

Counts and streaks ("taken part eight consecutive years") are computed from
the records here, never stored.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from tongxin.activities.expressions import Year
from tongxin.activities.models import (
    Attendance,
    Beneficiary,
    Donation,
    Event,
    EventAttachment,
    Fund,
    FundEntry,
    Partner,
    Photo,
    Program,
    Series,
    ServiceActivity,
    Signup,
    VolunteerRecord,
)
from tongxin.activities.policies import policy
from tongxin.core import tree
from tongxin.members.models import Member
from tongxin.members.policies import policy as member_policy
from tongxin.orgs.models import Organization

CENT = Decimal("0.01")
TENTH = Decimal("0.1")


def _money(value) -> Decimal:
    """Return a sum of yuan with two decimals on every database."""
    return Decimal(value or 0).quantize(CENT)


# --- streaks ------------------------------------------------------------------------


@dataclass(frozen=True)
class Streak:
    """Consecutive years of participation, computed from a set of years.

    ``current`` is the run ending at the latest year with participation
    (``current_from`` – ``last_year``); ``longest`` the longest run anywhere
    (``longest_from`` – ``longest_to``, the latest such run).
    """

    years: tuple[int, ...] = ()
    current: int = 0
    current_from: int | None = None
    longest: int = 0
    longest_from: int | None = None
    last_year: int | None = None

    @property
    def total(self) -> int:
        return len(self.years)

    @property
    def longest_to(self) -> int | None:
        if self.longest_from is None:
            return None
        return self.longest_from + self.longest - 1


def streak_of(years: Iterable[int]) -> Streak:
    """Return the streaks of a collection of years (duplicates ignored)."""
    ordered = sorted(set(years))
    if not ordered:
        return Streak()
    longest = run = 1
    start = longest_from = ordered[0]
    for prev, year in zip(ordered, ordered[1:], strict=False):
        if year == prev + 1:
            run += 1
        else:
            run = 1
            start = year
        if run >= longest:
            longest, longest_from = run, start
    return Streak(
        years=tuple(ordered),
        current=run,
        current_from=start,
        longest=longest,
        longest_from=longest_from,
        last_year=ordered[-1],
    )


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


# --- programs -----------------------------------------------------------------------


def partner_list(*, user) -> QuerySet:
    return policy.visible(user, Partner.objects.all(), "view_programs").order_by("name")


def partner_get(*, user, pk: int) -> Partner:
    return partner_list(user=user).get(pk=pk)


def program_list(*, user) -> QuerySet:
    """Return the programs the user may see, with activity counts and last date."""
    activities = (
        ServiceActivity.objects.filter(program=OuterRef("pk"))
        .order_by()
        .values("program")
    )
    return (
        policy.visible(user, Program.objects.all(), "view_programs")
        .select_related("organization", "partner")
        .annotate(
            activity_count=Coalesce(
                Subquery(
                    activities.annotate(n=Count("id")).values("n"),
                    output_field=IntegerField(),
                ),
                0,
            ),
        )
        .order_by("name")
    )


def program_get(*, user, pk: int) -> Program:
    return (
        policy.visible(user, Program.objects.all(), "view_programs")
        .select_related("organization", "partner")
        .get(pk=pk)
    )


@dataclass
class Totals:
    """What a program did in a year (or overall)."""

    year: int | None
    activities: int = 0
    volunteer_times: int = 0
    volunteer_hours: Decimal = TENTH * 0
    beneficiaries: int = 0
    money: Decimal = CENT * 0
    goods: Decimal = CENT * 0
    by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def donated(self) -> Decimal:
        return self.money + self.goods


@dataclass
class ProgramSummary:
    years: list[Totals]
    total: Totals
    streak: Streak
    volunteers: int  # distinct members who ever volunteered


def program_summary(*, program: Program) -> ProgramSummary:
    """Return a program's totals per year and overall, and its streak of years."""
    per_year: dict[int, Totals] = {}

    def row(year: int) -> Totals:
        return per_year.setdefault(year, Totals(year=year))

    activities = ServiceActivity.objects.filter(program=program)
    for year, n, others in (
        activities.order_by()
        .annotate(year=Year("held_on"))
        .values("year")
        .annotate(n=Count("id"), others=Sum("other_volunteers"))
        .values_list("year", "n", "others")
    ):
        t = row(int(year))
        t.activities = n
        t.volunteer_times += others or 0
    for year, n, hours in (
        VolunteerRecord.objects.filter(activity__program=program)
        .order_by()
        .annotate(year=Year("activity__held_on"))
        .values("year")
        .annotate(n=Count("id"), hours=Sum("hours"))
        .values_list("year", "n", "hours")
    ):
        t = row(int(year))
        t.volunteer_times += n
        t.volunteer_hours = (t.volunteer_hours + (hours or 0)).quantize(TENTH)
    for year, kind, n in (
        Beneficiary.objects.filter(activity__program=program)
        .order_by()
        .annotate(year=Year("activity__held_on"))
        .values("year", "kind")
        .annotate(n=Sum("count"))
        .values_list("year", "kind", "n")
    ):
        t = row(int(year))
        t.beneficiaries += n or 0
        t.by_kind[kind] = t.by_kind.get(kind, 0) + (n or 0)
    for year, kind, value in (
        Donation.objects.filter(activity__program=program)
        .order_by()
        .annotate(year=Year("activity__held_on"))
        .values("year", "kind")
        .annotate(v=Sum("value"))
        .values_list("year", "kind", "v")
    ):
        t = row(int(year))
        if kind == Donation.Kind.MONEY:
            t.money = _money(t.money + (value or 0))
        else:
            t.goods = _money(t.goods + (value or 0))
    years = [per_year[y] for y in sorted(per_year)]
    total = Totals(year=None)
    for t in years:
        total.activities += t.activities
        total.volunteer_times += t.volunteer_times
        total.volunteer_hours += t.volunteer_hours
        total.beneficiaries += t.beneficiaries
        total.money += t.money
        total.goods += t.goods
        for kind, n in t.by_kind.items():
            total.by_kind[kind] = total.by_kind.get(kind, 0) + n
    volunteers = (
        VolunteerRecord.objects.filter(activity__program=program)
        .values("member")
        .distinct()
        .count()
    )
    return ProgramSummary(
        years=years,
        total=total,
        streak=streak_of(t.year for t in years if t.activities),
        volunteers=volunteers,
    )


def program_activities(*, program: Program) -> QuerySet:
    """Return a program's activities, latest first, with everything they record."""
    return (
        ServiceActivity.objects.filter(program=program)
        .select_related("event")
        .prefetch_related(
            "volunteers__member",
            "beneficiaries",
            "outcomes",
            "donations__donor_org",
            "donations__donor_member",
        )
        .order_by("-held_on", "-id")
    )


def program_bases(*, program: Program) -> QuerySet:
    return program.bases.select_related("partner").order_by("plaque_on", "id")


def service_activity_get(*, user, pk: int) -> ServiceActivity:
    return (
        policy.visible(user, ServiceActivity.objects.all(), "view_programs")
        .select_related("program")
        .get(pk=pk)
    )


# --- funds --------------------------------------------------------------------------


def fund_list(*, user) -> QuerySet:
    """Return the funds the user may see with money in, money out."""
    return (
        policy.visible(user, Fund.objects.all(), "view_funds")
        .select_related("organization")
        .annotate(
            money_in=Coalesce(
                Sum(
                    "entries__amount",
                    filter=Q(entries__direction=FundEntry.Direction.IN),
                ),
                Decimal("0"),
            ),
            money_out=Coalesce(
                Sum(
                    "entries__amount",
                    filter=Q(entries__direction=FundEntry.Direction.OUT),
                ),
                Decimal("0"),
            ),
        )
        .order_by("name")
    )


def fund_get(*, user, pk: int) -> Fund:
    return (
        policy.visible(user, Fund.objects.all(), "view_funds")
        .select_related("organization")
        .get(pk=pk)
    )


@dataclass
class FundYear:
    year: int
    money_in: Decimal
    money_out: Decimal
    balance: Decimal  # at the end of the year


def fund_years(*, fund: Fund) -> list[FundYear]:
    """Return money in, money out and the year-end balance, year by year."""
    sums: dict[int, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for year, direction, amount in (
        FundEntry.objects.filter(fund=fund)
        .order_by()
        .annotate(year=Year("on"))
        .values("year", "direction")
        .annotate(v=Sum("amount"))
        .values_list("year", "direction", "v")
    ):
        sums[int(year)][0 if direction == FundEntry.Direction.IN else 1] += amount
    rows, balance = [], Decimal(0)
    if not sums:
        return rows
    for year in range(min(sums), max(sums) + 1):
        money_in, money_out = (_money(v) for v in sums.get(year, [0, 0]))
        balance = _money(balance + money_in - money_out)
        rows.append(FundYear(year, money_in, money_out, balance))
    return rows


def fund_entries(*, fund: Fund) -> QuerySet:
    return fund.entries.select_related("party_org", "party_member").order_by("on", "id")


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


# --- statistics for a period and subtrees --------------------------------------------
# Not scoped to a user: the caller (the statistics app) has checked the user's
# reach with tongxin.stats.scope.resolve_scope and passes the subtrees' paths.


def _paths_q(paths, field: str = "path") -> Q:
    paths = list(paths)
    if "" in paths:
        return Q()
    return tree.subtrees_q(paths, field)


def _day_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    first = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    after = timezone.make_aware(
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min)
    )
    return first, after


def events_in_period(*, paths, start: dt.date, end: dt.date) -> QuerySet:
    """Events organized in the subtrees that started in the period, not cancelled."""
    first, after = _day_bounds(start, end)
    return Event.objects.filter(
        _paths_q(paths),
        start_at__gte=first,
        start_at__lt=after,
        status=Event.Status.ACTIVE,
    )


def program_streak(*, program: Program, on: dt.date) -> Streak:
    """The years a program ran (had an activity) up to ``on``: its years
    running as of that day, not as of today."""
    return streak_of(
        d.year
        for d in ServiceActivity.objects.filter(program=program, held_on__lte=on).dates(
            "held_on", "year"
        )
    )


def attendance_in_period(*, paths, start: dt.date, end: dt.date) -> QuerySet:
    """Attendance (person-times) at :func:`events_in_period`."""
    return Attendance.objects.filter(
        event__in=events_in_period(paths=paths, start=start, end=end)
    )


def service_activities_in_period(*, paths, start: dt.date, end: dt.date) -> QuerySet:
    """Service activities of programs owned in the subtrees, held in the period."""
    return ServiceActivity.objects.filter(
        _paths_q(paths), held_on__gte=start, held_on__lte=end
    )


def service_totals(
    *, paths, start: dt.date, end: dt.date, program: Program | None = None
) -> Totals:
    """What the programs of the subtrees (or one ``program`` of them) did in
    the period, summed like :func:`program_summary` sums a program's year."""
    activities = service_activities_in_period(paths=paths, start=start, end=end)
    if program is not None:
        activities = activities.filter(program=program)
    t = Totals(year=None)
    agg = activities.order_by().aggregate(n=Count("id"), others=Sum("other_volunteers"))
    t.activities = agg["n"] or 0
    t.volunteer_times = agg["others"] or 0
    vol = VolunteerRecord.objects.filter(activity__in=activities).aggregate(
        n=Count("id"), hours=Sum("hours")
    )
    t.volunteer_times += vol["n"] or 0
    t.volunteer_hours = Decimal(vol["hours"] or 0).quantize(TENTH)
    for kind, n in (
        Beneficiary.objects.filter(activity__in=activities)
        .order_by()
        .values("kind")
        .annotate(n=Sum("count"))
        .values_list("kind", "n")
    ):
        t.beneficiaries += n or 0
        t.by_kind[kind] = n or 0
    for kind, value in (
        Donation.objects.filter(activity__in=activities)
        .order_by()
        .values("kind")
        .annotate(v=Sum("value"))
        .values_list("kind", "v")
    ):
        if kind == Donation.Kind.MONEY:
            t.money = _money(value)
        else:
            t.goods = _money(value)
    return t
