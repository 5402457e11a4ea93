"""Every figure the dashboard, the reports and the appendix show, by section.

A section is a module in this package with

- ``TITLE``: its heading (translated);
- ``compute(scope, period) -> dict``: its figures as plain JSON values
  (numbers, strings, lists and dicts of them), counted from the records in
  ``scope`` (:class:`tongxin.stats.scope.Scope`) for ``period``
  (:class:`tongxin.core.periods.Period`), stated as of ``period.as_of``;
- ``drill(scope, period, key) -> Drill``: the records behind the figure
  ``key`` (a dotted path into the dict ``compute`` returns), computed from the
  same querysets as the figure so that a figure and its list never disagree.

:func:`compute_all` runs the sections in the order of :data:`SECTIONS`, the
order of a committee's annual report; ``tongxin report --json`` prints its
result.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from tongxin.core.periods import Period
from tongxin.stats.scope import Scope

__all__ = ["SECTIONS", "Drill", "compute_all", "compute_section", "drill", "section"]

# In the order of the annual report.
SECTIONS: tuple[str, ...] = (
    "overview",  # organizations, members, net change, member structure
    "campaigns",  # leading group, work plans and their completion, inspections
    "participation",  # suggestions, proposals, opinion reports, research topics
    "service",  # activities, participants, volunteer hours, beneficiaries, donations
    "culture",  # culture and education: study sessions, lectures, training
    "team",  # talent tiers, reserve roster, training classes, certificates
    "regulations",  # rules adopted and revised
    "honors",  # honors by level and category
    "publicity",  # articles, journal issues, broadcasts, subscriptions
)


@dataclass
class Drill:
    """The records behind one figure: a title, column headings and rows."""

    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    links: list[str | None] = field(default_factory=list)  # one URL per row
    total: int | None = None  # when rows were capped, the full count


def section(name: str):
    if name not in SECTIONS:
        raise KeyError(name)
    return importlib.import_module(f"{__name__}.{name}")


def _available(name: str) -> bool:
    try:
        section(name)
    except ModuleNotFoundError as e:
        if e.name != f"{__name__}.{name}":
            raise
        return False
    return True


def compute_section(name: str, scope: Scope, period: Period) -> dict:
    return section(name).compute(scope, period)


def compute_all(scope: Scope, period: Period) -> dict:
    """Every section's figures, keyed by section name, plus the period and scope."""
    result: dict = {
        "period": period.as_dict(),
        "scope": {"title": scope.title, "paths": list(scope.paths)},
    }
    for name in SECTIONS:
        if _available(name):
            result[name] = compute_section(name, scope, period)
    return result


def drill(name: str, scope: Scope, period: Period, key: str) -> Drill:
    result = section(name).drill(scope, period, key)
    if result.total is None:  # not capped: the rows are all of them
        result.total = len(result.rows)
    return result
