"""Reads of partners, service programs, service activities and funds."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce

from tongxin.activities.expressions import Year
from tongxin.activities.models import (
    Beneficiary,
    Donation,
    Fund,
    FundEntry,
    Partner,
    Program,
    ServiceActivity,
    VolunteerRecord,
)
from tongxin.activities.policies import policy
from tongxin.activities.selectors.common import CENT, TENTH, Streak, _money, streak_of

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
