"""Shared pieces of the activities selectors: money rounding and streaks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

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
